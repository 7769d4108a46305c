"""The vijf basisvoorwaarden at release, from each person's latest linked casus."""

from __future__ import annotations

from nazorg_cli.indicators.context import LINK_DAYS, Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, percentage

DOMAINS = ("id", "huisvesting", "inkomen", "schulden", "zorg")


@indicator(*(f"op_orde_bij_ontslag_{d}" for d in DOMAINS))
def op_orde_bij_ontslag(ctx: Context) -> list[Result]:
    """Per domain, over L with the domain known at ontslag in the latest linked casus:
    teller op_orde; onbekend = persons in L whose latest linked casus leaves it unknown."""
    latest = ctx.latest_linked
    incomplete = ctx.follow_up_incomplete(LINK_DAYS)
    results = []
    for domain in DOMAINS:
        status = latest[f"{domain}_ontslag"]
        known = status != "onbekend"
        results.append(percentage(f"op_orde_bij_ontslag_{domain}", ctx.label, int((status == "op_orde").sum()),
                                  int(known.sum()), int((~known).sum()), incomplete=incomplete))
    return results
