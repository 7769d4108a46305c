"""Dutch number and date style through Babel: 1.234; 12,5%; 5 februari 2019."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"
SUPPRESSED = "x"
NO_DATA = "."  # CBS: gegevens ontbreken
NIHIL = "–"  # CBS: nihil, an aantal of 0


def getal(value: float | int, decimals: int = 0) -> str:
    return _getal(value, decimals)


@lru_cache(maxsize=8192)
def _getal(value: float | int, decimals: int) -> str:
    """Babel's formatting, remembered: a note repeats the same counts many times (1 and 1.0 are
    one key, and format alike for the same number of decimals)."""
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=LOCALE)


def meervoud(n: int, enkelvoud: str, meervoud: str) -> str:
    """'1 rij', '3 rijen', with the number in Dutch style."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def procent(value: float) -> str:
    return getal(value, 1) + "%"


def datum(value: date | str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return format_date(value, format="long", locale=LOCALE)


def waarde(record: dict | None, decimals: int = 0) -> str:
    """A record's value as the note shows it, with the CBS symbols: 'x' suppressed, '.' no
    data, '–' an aantal of 0 (nihil); never a 0 for a figure without data."""
    if record is None:
        return NO_DATA
    if record["status"] == "onderdrukt":
        return SUPPRESSED
    value = record["waarde"]
    if value is None:
        return NO_DATA
    if record["eenheid"] == "aantal" and value == 0:
        return NIHIL
    if record["eenheid"] == "percentage":
        return procent(value)
    if record["eenheid"] == "dagen":
        text = getal(value, 0 if float(value).is_integer() else 1)
        return f"{text} {'dag' if value == 1 else 'dagen'}"
    return getal(value, decimals if not float(value).is_integer() else 0)
