"""Uitstroom and bereik: detentions, the cohort, the reach of aftercare, re-detention."""

from __future__ import annotations

from nazorg_cli.indicators.breakdowns import with_breakdowns
from nazorg_cli.indicators.cohort import LINK_DAYS, Context, days
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days, percentage

REDETENTION_DAYS = 730


@indicator("insluitingen")
def insluitingen(ctx: Context) -> list[Result]:
    """Episodes (that count for the gemeente) with datum_insluiting in P."""
    return [count("insluitingen", ctx.label, ctx.in_period(ctx.episodes["datum_insluiting"]).sum())]


@indicator("uitstroom")
def uitstroom(ctx: Context) -> list[Result]:
    """Persons in C(P): distinct persons with an episode whose datum_ontslag lies in P; by
    geslacht and leeftijdsklasse at t0."""
    return with_breakdowns(ctx, lambda mask, where: count("uitstroom", ctx.label, mask.sum(), **where))


@indicator("detentieduur_mediaan")
def detentieduur_mediaan(ctx: Context) -> list[Result]:
    """Median of t0 - ti in whole days over C(P) (the index episode)."""
    duration = (ctx.cohort["t0"] - ctx.cohort["ti"]).dt.days
    return [median_days("detentieduur_mediaan", ctx.label, duration)]


@indicator("bereik_nazorg")
def bereik_nazorg(ctx: Context) -> list[Result]:
    """teller: persons in L; noemer: C(P); by geslacht and leeftijdsklasse. Incomplete while
    t0 + 90 passes the peildatum for someone."""
    linked = ctx.cohort["persoon"].isin(ctx.gekoppeld)
    incomplete = ctx.follow_up_incomplete(LINK_DAYS)
    return with_breakdowns(
        ctx,
        lambda mask, where: percentage(
            "bereik_nazorg", ctx.label, (linked & mask).sum(), mask.sum(), incomplete=incomplete, **where
        ),
    )


@indicator("contact_voor_ontslag")
def contact_voor_ontslag(ctx: Context) -> list[Result]:
    """Over L with a known datum_eerste_contact (the earliest over their linked casussen):
    first contact strictly before t0. onbekend: persons in L without any known first contact."""
    linked = ctx.linked_casussen
    first = linked.groupby("persoon")["datum_eerste_contact"].min()
    t0 = linked.drop_duplicates("persoon").set_index("persoon")["t0"].reindex(first.index)
    known = first.notna()
    before = (first < t0) & known
    return [
        percentage(
            "contact_voor_ontslag",
            ctx.label,
            before.sum(),
            known.sum(),
            (~known).sum(),
            incomplete=ctx.follow_up_incomplete(LINK_DAYS),
        )
    ]


@indicator("nazorg_geweigerd")
def nazorg_geweigerd(ctx: Context) -> list[Result]:
    """Over L with a known nazorg_geweigerd in the latest linked casus: ja."""
    value = ctx.latest_linked["nazorg_geweigerd"]
    known = value.notna()
    return [
        percentage(
            "nazorg_geweigerd",
            ctx.label,
            (value == True).sum(),
            known.sum(),
            (~known).sum(),
            incomplete=ctx.follow_up_incomplete(LINK_DAYS),
        )
    ]


@indicator("wederopsluiting_2jaar")
def wederopsluiting_2jaar(ctx: Context) -> list[Result]:
    """Proxy, not the WODC recidivism measure: over persons in C(P) with t0 + 730 <= peildatum,
    another episode with datum_insluiting in (t0, t0 + 730]. Onvolledig when some persons of
    C(P) are left out because their two years have not yet passed."""
    cohort = ctx.cohort
    followed = cohort.loc[cohort["t0"] + days(REDETENTION_DAYS) <= ctx.peildatum, ["persoon", "t0"]]
    episodes = ctx.episodes[["persoon", "datum_insluiting"]].merge(followed, on="persoon", how="inner")
    again = episodes.loc[
        (episodes["datum_insluiting"] > episodes["t0"])
        & (episodes["datum_insluiting"] <= episodes["t0"] + days(REDETENTION_DAYS)),
        "persoon",
    ]
    return [
        percentage("wederopsluiting_2jaar", ctx.label, again.nunique(), len(followed), incomplete=len(followed) < len(cohort))
    ]
