"""Disclosure control for openbaar outputs (DOMAIN §6).

Primary suppression: counts with 0 < n < k; percentages whose teller or noemer - teller is
below k, or whose noemer is below 10; medians of fewer than 10 values. A suppressed record keeps
its identity but loses every figure: status ``onderdrukt``, waarde/teller/noemer/onbekend null.

Secondary suppression with an exact audit applies to breakdown tables; nazorg publishes no
breakdowns yet (see the README status table), so totals need primary suppression only.
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
        return result.noemer < MIN_MEDIAN_N
    if result.noemer is not None:  # a mean over a group (caseload per begeleider)
        return result.noemer < k
    return 0 < result.waarde < k


def suppressed(result: Result) -> Result:
    return replace(result, waarde=None, teller=None, noemer=None, onbekend=None, status=ONDERDRUKT)


def protect(results: list[Result], k: int = DEFAULT_K) -> list[Result]:
    """The openbaar version of ``results``: primary suppression applied."""
    defs = catalog()
    return [suppressed(r) if needs_primary_suppression(r, defs[r.id].eenheid, k) else r for r in results]
