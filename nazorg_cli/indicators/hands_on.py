"""Hands-on begeleiding: reach of the coaches, trajecten, outcomes, caseload."""

from __future__ import annotations

import pandas as pd

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import HANDS_ON_DAYS, Context, over_cohort
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, mean_value, percentage


@indicator("hands_on_bereik", "hands_on_tijdens_detentie")
def hands_on_bereik(ctx: Context) -> list[Result]:
    """hands_on_bereik: teller persons in C(P) with a qualifying traject, noemer C(P) (window
    180 after t0); by geslacht, leeftijdsklasse and kwetsbaar. hands_on_tijdens_detentie: over
    that teller, the earliest qualifying traject started before t0."""
    qualifying = ctx.qualifying_trajecten
    reached = ctx.cohort["persoon"].isin(qualifying["persoon"])
    everyone = pd.Series(True, index=ctx.cohort.index)
    results = over_cohort(
        ctx, "hands_on_bereik", HANDS_ON_DAYS, reached, everyone, dimensions=("geslacht", "leeftijdsklasse", "kwetsbaar")
    )
    earliest = qualifying.sort_values(["persoon", "datum_start"]).drop_duplicates("persoon")
    during = ctx.cohort["persoon"].isin(earliest.loc[earliest["datum_start"] < earliest["t0"], "persoon"])
    results += over_cohort(ctx, "hands_on_tijdens_detentie", HANDS_ON_DAYS, during, reached)
    return results


@indicator("hands_on_gestart")
def hands_on_gestart(ctx: Context) -> list[Result]:
    """Trajecten (that count for the gemeente) with datum_start in P."""
    return [count("hands_on_gestart", ctx.label, ctx.in_period(ctx.rows["begeleiding"]["datum_start"]).sum())]


def _ended(ctx: Context) -> pd.DataFrame:
    trajecten = ctx.rows["begeleiding"]
    return trajecten.loc[ctx.in_period(trajecten["datum_einde"]), ["uitkomst", "aantal_contacten"]]


def _uitkomst(ended: pd.DataFrame) -> pd.Series:
    """The uitkomst of ended trajecten: empty, or lopend with a datum_einde, is onbekend."""
    value = ended["uitkomst"].astype("str")
    return value.where(value.notna() & (value != "lopend"), "onbekend")


@indicator("hands_on_beeindigd", "hands_on_afgerond", "hands_on_contacten_gemiddeld")
def hands_on_uitkomsten(ctx: Context) -> list[Result]:
    """- hands_on_beeindigd: trajecten with datum_einde in P, by uitkomst;
    - hands_on_afgerond: over those with a known uitkomst (not lopend): afgerond or overgedragen
      (a warm handover to regular care is the aim); onbekend: the rest;
    - hands_on_contacten_gemiddeld: mean aantal_contacten over those with a known number.
    """
    ended = _ended(ctx)
    uitkomst = _uitkomst(ended)
    results = [count("hands_on_beeindigd", ctx.label, len(ended))]
    results += [
        count("hands_on_beeindigd", ctx.label, (uitkomst == c).sum(), uitsplitsing="uitkomst", categorie=c)
        for c in categories("uitkomst")
    ]
    known = uitkomst != "onbekend"
    aimed = uitkomst.isin(["afgerond", "overgedragen"])
    results.append(percentage("hands_on_afgerond", ctx.label, aimed.sum(), known.sum(), (~known).sum()))
    contacts = ended["aantal_contacten"].dropna()
    results.append(mean_value("hands_on_contacten_gemiddeld", ctx.label, int(contacts.sum()), len(contacts), len(contacts)))
    return results


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
    trajecten = ctx.rows["begeleiding"]
    first = trajecten["datum_start"].clip(lower=start)
    last = trajecten["datum_einde"].fillna(end).clip(upper=end)
    active_days = ((last - first).dt.days + 1).clip(lower=0)
    per_coach = active_days.groupby(trajecten["begeleider"]).sum()
    per_coach = per_coach[per_coach > 0]
    period_days = (end - start).days + 1
    return [mean_value("caseload_gemiddeld", ctx.label, int(per_coach.sum()), period_days * len(per_coach), len(per_coach))]
