"""The judged comparison of P with the previous period of the reeks (DOMAIN §4 v2).

Judged on the published (protected) values, exactly:
- ``geen`` when either side is not ``ok`` (voorlopig, onderdrukt, geen_gegevens);
- percentages: pooled two-proportion z = (p1 - p0) / sqrt(p (1 - p) (1/n1 + 1/n0)), p the pooled
  share; counts: z = (a1 - a0) / sqrt(a1 + a0); ``hoger`` / ``lager`` when |z| >= 1.96 (z is 0
  when p is 0 or 1, or a1 + a0 = 0);
- dagen, bedragen and means: no z; ``hoger`` / ``lager`` when both rest on at least 20 cases and
  differ by at least 20 % of the previous value;
- else ``gelijk`` when the difference is under 3 percentage points (percentages) or under 10 % of
  the previous value (the rest; with a previous value of 0 only 0 is gelijk), and ``onzeker``.
Percentages are compared as teller / noemer, not as the rounded waarde.
"""

from __future__ import annotations

import math
from fractions import Fraction

from nazorg_cli.indicators.catalog import IndicatorDef, catalog
from nazorg_cli.indicators.period import Period
from nazorg_cli.indicators.results import OK, Result

Z_CRITICAL = 1.96
MIN_CASES = 20
CHANGE_SHARE = Fraction(1, 5)
SAME_POINTS = Fraction(3)
SAME_SHARE = Fraction(1, 10)


def judge(current: Result, previous: Result | None, definition: IndicatorDef) -> tuple[float | None, str]:
    """(z or None, oordeel) of ``current`` against ``previous``."""
    if previous is None or current.status != OK or previous.status != OK:
        return None, "geen"
    if definition.eenheid == "percentage":
        t1, n1, t0, n0 = current.teller, current.noemer, previous.teller, previous.noemer
        assert t1 is not None and n1 and t0 is not None and n0
        pooled = Fraction(t1 + t0, n1 + n0)
        z = (
            0.0
            if pooled in (0, 1)
            else float(Fraction(t1, n1) - Fraction(t0, n0))
            / math.sqrt(float(pooled * (1 - pooled) * (Fraction(1, n1) + Fraction(1, n0))))
        )
        if abs(z) >= Z_CRITICAL:
            return z, "hoger" if z > 0 else "lager"
        difference = abs(Fraction(100 * t1, n1) - Fraction(100 * t0, n0))
        return z, "gelijk" if difference < SAME_POINTS else "onzeker"
    v1, v0 = Fraction(str(current.waarde)), Fraction(str(previous.waarde))
    if _is_count(current, definition):
        z = 0.0 if v1 + v0 == 0 else float(v1 - v0) / math.sqrt(float(v1 + v0))
        if abs(z) >= Z_CRITICAL:
            return z, "hoger" if z > 0 else "lager"
        return z, _same_or_unsure(v1, v0)
    cases = min(current.n or 0, previous.n or 0)
    if cases >= MIN_CASES and v1 != v0 and abs(v1 - v0) >= CHANGE_SHARE * abs(v0):
        return None, "hoger" if v1 > v0 else "lager"
    return None, _same_or_unsure(v1, v0)


def _is_count(result: Result, definition: IndicatorDef) -> bool:
    """A whole count (not a mean, median or bedrag)."""
    return definition.eenheid == "aantal" and result.n is None


def _same_or_unsure(v1: Fraction, v0: Fraction) -> str:
    if v0 == 0:
        return "gelijk" if v1 == 0 else "onzeker"
    return "gelijk" if abs(v1 - v0) < SAME_SHARE * abs(v0) else "onzeker"


def compare(results: list[Result], period: Period) -> list[Result]:
    """``results`` with ``vergelijking`` set on every total record of ``period``."""
    defs = catalog()
    before = period.previous().label
    previous = {(r.id, r.gemeente): r for r in results if r.periode == before and r.uitsplitsing is None}
    for r in results:
        if r.periode != period.label or r.uitsplitsing is not None:
            continue
        other = previous.get((r.id, r.gemeente))
        z, oordeel = judge(r, other, defs[r.id])
        r.vergelijking = {
            "periode": before,
            "waarde": None if other is None else other.waarde,
            "z": None if z is None else round(z, 2),
            "oordeel": oordeel,
        }
    return results
