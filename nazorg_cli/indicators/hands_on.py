"""Hands-on begeleiding: reach of the coaches, trajecten, caseload."""

from __future__ import annotations

import pandas as pd

from nazorg_cli.indicators.breakdowns import with_breakdowns
from nazorg_cli.indicators.cohort import Context, days
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, mean_value, percentage

HANDS_ON_DAYS = 180


def qualifying_trajecten(ctx: Context) -> pd.DataFrame:
    """Trajecten of persons in C(P) that start <= t0 + 180 days and do not end before ti."""
    trajecten = ctx.frames["begeleiding"].merge(ctx.cohort[["persoon", "ti", "t0"]], on="persoon", how="inner")
    return trajecten.loc[
        (trajecten["datum_start"] <= trajecten["t0"] + days(HANDS_ON_DAYS))
        & (trajecten["datum_einde"].isna() | (trajecten["datum_einde"] >= trajecten["ti"]))
    ]


@indicator("hands_on_bereik", "hands_on_tijdens_detentie")
def hands_on_bereik(ctx: Context) -> list[Result]:
    """hands_on_bereik: teller persons in C(P) with a qualifying traject, noemer C(P); by
    geslacht and leeftijdsklasse. hands_on_tijdens_detentie: over that teller, the earliest
    qualifying traject started before t0."""
    qualifying = qualifying_trajecten(ctx)
    reached = ctx.cohort["persoon"].isin(qualifying["persoon"])
    incomplete = ctx.follow_up_incomplete(HANDS_ON_DAYS)
    results = with_breakdowns(
        ctx,
        lambda mask, where: percentage(
            "hands_on_bereik", ctx.label, (reached & mask).sum(), mask.sum(), incomplete=incomplete, **where
        ),
    )
    earliest = qualifying.sort_values(["persoon", "datum_start"]).drop_duplicates("persoon")
    during = (earliest["datum_start"] < earliest["t0"]).sum()
    results.append(percentage("hands_on_tijdens_detentie", ctx.label, during, len(earliest), incomplete=incomplete))
    return results


@indicator("hands_on_gestart")
def hands_on_gestart(ctx: Context) -> list[Result]:
    """Trajecten with datum_start in P (all persons)."""
    return [count("hands_on_gestart", ctx.label, ctx.in_period(ctx.frames["begeleiding"]["datum_start"]).sum())]


@indicator("hands_on_afgerond")
def hands_on_afgerond(ctx: Context) -> list[Result]:
    """Over trajecten with datum_einde in P and a known uitkomst other than lopend: afgerond.
    onbekend: trajecten ending in P without an uitkomst."""
    trajecten = ctx.frames["begeleiding"]
    ended = trajecten.loc[ctx.in_period(trajecten["datum_einde"]), "uitkomst"]
    known = ended.notna() & (ended != "lopend")
    return [percentage("hands_on_afgerond", ctx.label, (ended == "afgerond").sum(), known.sum(), ended.isna().sum())]


@indicator("caseload_gemiddeld")
def caseload_gemiddeld(ctx: Context) -> list[Result]:
    """Per begeleider active in P' = [start of P, min(end of P, peildatum)]: the mean over the
    days of P' of the trajecten active that day (start <= day and einde empty or >= day); then
    the mean over those begeleiders. A traject's active days in P' are counted at once, so the
    mean is exact: sum of active days / (days of P' x begeleiders)."""
    start = ctx.van
    end = min(ctx.tot, ctx.peildatum)
    if end < start:
        return [mean_value("caseload_gemiddeld", ctx.label, 0, 0, 0)]
    trajecten = ctx.frames["begeleiding"]
    first = trajecten["datum_start"].clip(lower=start)
    last = trajecten["datum_einde"].fillna(end).clip(upper=end)
    active_days = ((last - first).dt.days + 1).clip(lower=0)
    per_coach = active_days.groupby(trajecten["begeleider"]).sum()
    per_coach = per_coach[per_coach > 0]
    period_days = (end - start).days + 1
    return [
        mean_value(
            "caseload_gemiddeld",
            ctx.label,
            int(per_coach.sum()),
            period_days * len(per_coach),
            len(per_coach),
            incomplete=ctx.tot > ctx.peildatum,
        )
    ]
