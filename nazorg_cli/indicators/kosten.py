"""Costs per traject and per person from the budgets in nazorg.toml (DOMAIN §4 v2)."""

from __future__ import annotations

from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import GEEN_GEGEVENS, Result, rounded

# id -> (budget post, the indicator whose count divides it, the cell of that count)
COSTS = {
    "kosten_per_traject_hands_on": ("hands_on", "hands_on_gestart", "waarde"),
    "kosten_per_persoon_hands_on": ("hands_on", "hands_on_bereik", "teller"),
    "kosten_per_traject_kostwinners": ("kostwinners", "kostwinners_instroom", "waarde"),
}


def budget(ctx: Context, post: str) -> int | None:
    """The budget of P's calendar year, or None (no budget, or P is not one calendar year)."""
    if ctx.period.whole_months != 12 or ctx.period.van.month != 1:
        return None
    return ctx.kosten.get(post, {}).get(ctx.period.van.year)


def cost(id: str, periode: str, amount: int | None, divisor: Result) -> Result:
    """amount / the divisor's count in whole euros, halves away from zero; it carries the
    count's open and status, and is geen_gegevens without a budget or when the count is 0."""
    cell = COSTS[id][2]
    n = divisor.waarde if cell == "waarde" else divisor.teller
    if amount is None or not n or divisor.status == GEEN_GEGEVENS:
        return Result(id, periode, None, status=GEEN_GEGEVENS, open=divisor.open)
    return Result(id, periode, rounded(amount, int(n), 0), status=divisor.status, n=int(n), open=divisor.open)


def _register(id: str) -> None:
    post, divisor_id, _ = COSTS[id]

    def kosten(ctx: Context) -> list[Result]:
        """The budget of P's year over the divisor's total record (its sources are those of
        the cost, so compute_period only calls this when they are present)."""
        divisor = next(r for r in ctx.results_of(divisor_id) if r.uitsplitsing is None)
        return [cost(id, ctx.label, budget(ctx, post), divisor)]

    indicator(id)(kosten)


for _id in COSTS:
    _register(_id)
