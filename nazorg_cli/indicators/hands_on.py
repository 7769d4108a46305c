"""Hands-on begeleiding: reach of the coaches."""

from __future__ import annotations

from nazorg_cli.indicators.context import Context, days
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, percentage

HANDS_ON_DAYS = 180


@indicator("hands_on_bereik")
def hands_on_bereik(ctx: Context) -> list[Result]:
    """teller: persons in C(P) with a traject starting <= t0 + 180 days and not ending before ti
    (datum_einde empty or >= ti); noemer: C(P)."""
    trajecten = ctx.frames["begeleiding"].merge(ctx.cohort[["persoon", "ti", "t0"]], on="persoon", how="inner")
    reached = trajecten.loc[
        (trajecten["datum_start"] <= trajecten["t0"] + days(HANDS_ON_DAYS))
        & (trajecten["datum_einde"].isna() | (trajecten["datum_einde"] >= trajecten["ti"]))
    ]
    return [percentage("hands_on_bereik", ctx.label, reached["persoon"].nunique(), len(ctx.cohort),
                       incomplete=ctx.follow_up_incomplete(HANDS_ON_DAYS))]
