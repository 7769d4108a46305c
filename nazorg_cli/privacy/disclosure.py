"""Disclosure control for openbaar outputs (DOMAIN §6).

Primary suppression: counts with 0 < n < k; percentages whose teller or noemer - teller is
below k, or whose noemer is below 10; medians of fewer than 10 values. A suppressed record keeps
its identity but loses every figure: status ``onderdrukt``, waarde/teller/noemer/onbekend null.

Breakdown tables: until the exact audit of issue 5 decides cell by cell, a table with any
suppressed cell is suppressed whole (the fallback DOMAIN §6 allows), so no cell can be derived
from the total and the other cells.
"""

from __future__ import annotations

from dataclasses import replace

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.indicators.results import GEEN_GEGEVENS, ONDERDRUKT, Result

DEFAULT_K = 5
MIN_NOEMER = 10
MIN_MEDIAN_N = 10


def needs_primary_suppression(result: Result, eenheid: str, k: int = DEFAULT_K) -> bool:
    if result.status == GEEN_GEGEVENS or result.status == ONDERDRUKT:
        return False
    if eenheid == "percentage":
        return result.teller < k or result.noemer - result.teller < k or result.noemer < MIN_NOEMER
    if eenheid == "dagen":
        return result.n < MIN_MEDIAN_N
    if result.n is not None:  # a mean over groups (caseload per begeleider): too few groups
        return result.n < k
    return 0 < result.waarde < k


def suppressed(result: Result) -> Result:
    return replace(result, waarde=None, teller=None, noemer=None, onbekend=None, status=ONDERDRUKT)


def protect(results: list[Result], k: int = DEFAULT_K) -> list[Result]:
    """The openbaar version of ``results``.

    Primary suppression per cell; then, for breakdown tables, the whole table's categories are
    suppressed when any of its cells is, or when its total is (the conservative fallback of
    DOMAIN §6 until the exact audit decides cell by cell).
    """
    defs = catalog()
    protected = [suppressed(r) if needs_primary_suppression(r, defs[r.id].eenheid, k) else r for r in results]
    hidden_totals = {(r.id, r.periode) for r in protected if r.uitsplitsing is None and r.status == ONDERDRUKT}
    hidden_tables = {(r.id, r.periode, r.uitsplitsing) for r in protected
                     if r.uitsplitsing is not None and r.status == ONDERDRUKT}
    return [suppressed(r) if r.uitsplitsing is not None and r.status != GEEN_GEGEVENS
            and ((r.id, r.periode) in hidden_totals or (r.id, r.periode, r.uitsplitsing) in hidden_tables) else r
            for r in protected]
