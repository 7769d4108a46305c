"""Indicator results as plain data: one record per indicator x periode x (uitsplitsing, categorie)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

OK = "ok"
ONDERDRUKT = "onderdrukt"
GEEN_GEGEVENS = "geen_gegevens"
ONVOLLEDIG = "onvolledig"


@dataclass
class Result:
    id: str
    periode: str
    waarde: float | int | None
    teller: int | None = None
    noemer: int | None = None
    onbekend: int | None = None
    status: str = OK
    uitsplitsing: str | None = None
    categorie: str | None = None
    # How many cases a median or mean rests on: used by disclosure control, never published.
    n: int | None = field(default=None, repr=False)

    def as_record(self, naam: str, eenheid: str) -> dict:
        return {
            "id": self.id,
            "naam": naam,
            "eenheid": eenheid,
            "periode": self.periode,
            "uitsplitsing": self.uitsplitsing,
            "categorie": self.categorie,
            "waarde": self.waarde,
            "teller": self.teller,
            # A median or mean carries its number of cases in noemer (DOMAIN §5), so that
            # whoever renders it again can check it was protected.
            "noemer": self.noemer if self.noemer is not None else self.n,
            "onbekend": self.onbekend,
            "status": self.status,
        }


def percentage_value(teller: int, noemer: int) -> float | None:
    """100 x teller / noemer, one decimal, rounded half up on the exact fraction."""
    if noemer == 0:
        return None
    exact = Decimal(100 * teller) / Decimal(noemer)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percentage(id: str, periode: str, teller: int, noemer: int, onbekend: int = 0, incomplete: bool = False, **where) -> Result:
    teller, noemer, onbekend = int(teller), int(noemer), int(onbekend)
    status = GEEN_GEGEVENS if noemer == 0 else (ONVOLLEDIG if incomplete else OK)
    return Result(id, periode, percentage_value(teller, noemer), teller, noemer, onbekend, status, **where)


def count(id: str, periode: str, n: int, incomplete: bool = False, **where) -> Result:
    """A count; 0 is a figure (status ok, shown as '–'), not a lack of data (DOMAIN §4 v2)."""
    n = int(n)
    status = ONVOLLEDIG if incomplete else OK
    return Result(id, periode, n, status=status, **where)


def median_days(id: str, periode: str, days, incomplete: bool = False, **where) -> Result:
    """Median of whole days; the mean of the two middle values for an even count."""
    values = [int(d) for d in days]
    if not values:
        return Result(id, periode, None, status=GEEN_GEGEVENS, n=0, **where)
    m = statistics.median(values)
    m = int(m) if float(m).is_integer() else float(m)
    return Result(id, periode, m, status=ONVOLLEDIG if incomplete else OK, n=len(values), **where)


def mean_value(
    id: str, periode: str, numerator: int, denominator: int, n: int, decimals: int = 1, incomplete: bool = False, **where
) -> Result:
    """The exact mean numerator / denominator over ``n`` groups, rounded half up."""
    if n == 0 or denominator == 0:
        return Result(id, periode, None, status=GEEN_GEGEVENS, n=0, **where)
    exact = Decimal(int(numerator)) / Decimal(int(denominator))
    rounded = float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return Result(id, periode, rounded, status=ONVOLLEDIG if incomplete else OK, n=n, **where)


def no_data(id: str, periode: str) -> Result:
    """A source the indicator needs is absent."""
    return Result(id, periode, None, status=GEEN_GEGEVENS)
