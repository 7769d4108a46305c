"""Indicator results as plain data: one record per indicator x periode x (uitsplitsing, categorie)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

OK = "ok"
ONDERDRUKT = "onderdrukt"
GEEN_GEGEVENS = "geen_gegevens"
VOORLOPIG = "voorlopig"


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
    # How many cases a median or mean rests on: published in noemer (DOMAIN §5).
    n: int | None = field(default=None, repr=False)
    # Cases whose follow-up window has not closed by the peildatum (DOMAIN §4 v2).
    open: int | None = 0
    reden: str | None = None  # why a record is suppressed: primair / secundair (DOMAIN §6 v2)
    vergelijking: dict | None = None  # with the previous period of the reeks (total records of P)
    # In a regional run (DOMAIN §8): the gemeente the record is of, "onbekend", or None (the region).
    gemeente: str | None = None

    def as_record(self, naam: str, eenheid: str, regional: bool = False) -> dict:
        """The record of indicatoren.json; in a regional run it names its gemeente (DOMAIN §8)."""
        return {
            "id": self.id,
            "naam": naam,
            "eenheid": eenheid,
            "periode": self.periode,
            **({"gemeente": self.gemeente} if regional else {}),
            "uitsplitsing": self.uitsplitsing,
            "categorie": self.categorie,
            "waarde": self.waarde,
            "teller": self.teller,
            # A median or mean carries its number of cases in noemer (DOMAIN §5), so that
            # whoever renders it again can check it was protected.
            "noemer": self.noemer if self.noemer is not None else self.n,
            "onbekend": self.onbekend,
            "open": self.open,
            "status": self.status,
            "reden": self.reden,
            "vergelijking": self.vergelijking,
        }


def status_of(has_value: bool, open: int) -> str:
    """voorlopig while cases are open (also when all are: the value is not yet known);
    geen_gegevens for a figure over nothing with nothing open; else ok."""
    if open > 0:
        return VOORLOPIG
    return OK if has_value else GEEN_GEGEVENS


def percentage_value(teller: int, noemer: int) -> float | None:
    """100 x teller / noemer, one decimal, rounded half up on the exact fraction."""
    if noemer == 0:
        return None
    exact = Decimal(100 * teller) / Decimal(noemer)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percentage(id: str, periode: str, teller: int, noemer: int, onbekend: int = 0, open: int = 0, **where) -> Result:
    teller, noemer, onbekend, open = int(teller), int(noemer), int(onbekend), int(open)
    status = status_of(noemer > 0, open)
    return Result(id, periode, percentage_value(teller, noemer), teller, noemer, onbekend, status, open=open, **where)


def count(id: str, periode: str, n: int, open: int = 0, **where) -> Result:
    """A count; 0 is a figure (status ok, shown as '–'), not a lack of data (DOMAIN §4 v2)."""
    return Result(id, periode, int(n), status=status_of(True, int(open)), open=int(open), **where)


def median_days(id: str, periode: str, days, open: int = 0, **where) -> Result:
    """Median of whole days; the mean of the two middle values for an even count."""
    values = np.asarray(days, dtype=np.int64)
    open = int(open)
    if not len(values):
        return Result(id, periode, None, status=status_of(False, open), n=0, open=open, **where)
    # The two middle whole numbers sum exactly; their half is exact in a float.
    middle = np.partition(values, [(len(values) - 1) // 2, len(values) // 2])
    total = int(middle[(len(values) - 1) // 2]) + int(middle[len(values) // 2])
    m = total // 2 if total % 2 == 0 else total / 2
    return Result(id, periode, m, status=status_of(True, open), n=len(values), open=open, **where)


def rounded(numerator: int, denominator: int, decimals: int) -> float | int:
    """numerator / denominator rounded half away from zero (whole numbers as int)."""
    exact = Decimal(int(numerator)) / Decimal(int(denominator))
    if decimals == 0:
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def mean_value(
    id: str, periode: str, numerator: int, denominator: int, n: int, decimals: int = 1, open: int = 0, **where
) -> Result:
    """The exact mean numerator / denominator over ``n`` cases, rounded half up."""
    open = int(open)
    if n == 0 or denominator == 0:
        return Result(id, periode, None, status=status_of(False, open), n=0, open=open, **where)
    return Result(
        id, periode, rounded(numerator, denominator, decimals), status=status_of(True, open), n=int(n), open=open, **where
    )


def no_data(id: str, periode: str, **where) -> Result:
    """A source the indicator needs is absent."""
    return Result(id, periode, None, status=GEEN_GEGEVENS, **where)
