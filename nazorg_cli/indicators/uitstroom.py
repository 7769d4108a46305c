"""Uitstroom and bereik: detentions, the cohort, the reach of aftercare, re-detention."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nazorg_cli.indicators.cohort import JA, LINK_DAYS, UNKNOWN_FLAG, Context, days, over_cohort, over_groups
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days

REDETENTION_DAYS = 730


@indicator("insluitingen")
def insluitingen(ctx: Context) -> list[Result]:
    """Episodes (that count for the gemeente) with datum_insluiting in P."""
    return [count("insluitingen", ctx.label, ctx.in_period(ctx.rows["detenties"]["datum_insluiting"]).sum())]


@indicator("uitstroom")
def uitstroom(ctx: Context) -> list[Result]:
    """Persons in C(P); by geslacht, leeftijdsklasse at t0 and titel of the index episode."""
    return over_groups(
        ctx,
        "uitstroom",
        ("geslacht", "leeftijdsklasse", "titel"),
        lambda mask, where: count("uitstroom", ctx.label, mask.sum(), **where),
        len(ctx.cohort),
    )


@indicator("detentieduur_mediaan")
def detentieduur_mediaan(ctx: Context) -> list[Result]:
    """Median of t0 - ti in whole days over C(P) (the index episode)."""
    duration = (ctx.cohort["t0"] - ctx.cohort["ti"]).dt.days
    return [median_days("detentieduur_mediaan", ctx.label, duration)]


@indicator("bereik_nazorg")
def bereik_nazorg(ctx: Context) -> list[Result]:
    """Aangemeld voor nazorg: teller persons in L, noemer C(P), window 90 days after t0; by
    geslacht and leeftijdsklasse."""
    everyone = pd.Series(True, index=ctx.cohort.index)
    return over_cohort(ctx, "bereik_nazorg", LINK_DAYS, ctx.linked, everyone, dimensions=("geslacht", "leeftijdsklasse"))


def _first_contact(linked: pd.DataFrame, cohort: pd.DataFrame) -> pd.Series:
    """Per person of C(P): the earliest datum_eerste_contact over ``linked`` (NaT without one)."""
    first = linked.groupby("persoon")["datum_eerste_contact"].min()
    return pd.Series(first.reindex(cohort["persoon"]).to_numpy(), index=cohort.index)


@indicator("nazorg_bereikt")
def nazorg_bereikt(ctx: Context) -> list[Result]:
    """Bereikt door nazorg: teller persons in L with a first contact (any linked casus) on or
    before t0 + 90 whose latest linked casus does not say nazorg_geweigerd ja; noemer C(P)."""
    contact = _first_contact(ctx.linked_casussen, ctx.cohort)
    refused = ctx.latest.flag("nazorg_geweigerd") == JA
    reached = (contact <= ctx.cohort["t0"] + days(LINK_DAYS)).to_numpy(dtype=bool) & ctx.linked.to_numpy() & ~refused
    everyone = pd.Series(True, index=ctx.cohort.index)
    return over_cohort(ctx, "nazorg_bereikt", LINK_DAYS, pd.Series(reached), everyone)


@indicator("contact_voor_ontslag")
def contact_voor_ontslag(ctx: Context) -> list[Result]:
    """Over persons in C(P) with a casus aangemeld in [ti, t0) and a known datum_eerste_contact
    (the earliest over those casussen): first contact before t0. onbekend: such persons without
    a known contact."""
    linked = ctx.linked_casussen
    before = linked.loc[linked["datum_aanmelding"] < linked["t0"]]
    has_casus = ctx.cohort["persoon"].isin(before["persoon"])
    contact = _first_contact(before, ctx.cohort)
    known = has_casus & contact.notna()
    return over_cohort(ctx, "contact_voor_ontslag", None, known & (contact < ctx.cohort["t0"]), known, has_casus & ~known)


@indicator("tijd_tot_eerste_contact_mediaan")
def tijd_tot_eerste_contact_mediaan(ctx: Context) -> list[Result]:
    """Over L with both dates (window 90 after t0): days from the earliest linked
    datum_aanmelding to the earliest datum_eerste_contact; a negative difference counts as 0."""
    linked = ctx.linked_casussen
    per_person = linked.groupby("persoon")[["datum_aanmelding", "datum_eerste_contact"]].min()
    per_person = per_person.rename(columns={"datum_aanmelding": "aanmelding", "datum_eerste_contact": "contact"})
    per_person = per_person.reindex(ctx.cohort["persoon"])
    closed = ctx.closed(LINK_DAYS).to_numpy()
    both = per_person["aanmelding"].notna().to_numpy() & per_person["contact"].notna().to_numpy() & closed
    waits = (per_person["contact"] - per_person["aanmelding"]).dt.days.to_numpy()[both]
    return [median_days("tijd_tot_eerste_contact_mediaan", ctx.label, np.maximum(waits, 0), open=(~closed).sum())]


@indicator("nazorg_geweigerd")
def nazorg_geweigerd(ctx: Context) -> list[Result]:
    """Over L with a known nazorg_geweigerd in the latest linked casus: ja."""
    value = ctx.latest.flag("nazorg_geweigerd")
    linked = ctx.linked.to_numpy()
    known = value != UNKNOWN_FLAG
    return over_cohort(ctx, "nazorg_geweigerd", LINK_DAYS, value == JA, linked & known, linked & ~known)


@indicator("wederopsluiting_2jaar")
def wederopsluiting_2jaar(ctx: Context) -> list[Result]:
    """Proxy, not the WODC recidivism measure: over persons in C(P) (window 730 after t0),
    another episode in any gemeente with datum_insluiting in (t0, t0 + 730]; by hands_on and
    kwetsbaar."""
    cohort = ctx.cohort
    # The first insluiting after t0, within t0 + 1 .. t0 + 730 (any gemeente: all episodes).
    again = (
        ctx.first_on_or_after("detenties", "datum_insluiting", cohort["t0"] + days(1), cohort["t0"] + days(REDETENTION_DAYS)) >= 0
    )
    everyone = np.ones(len(cohort), dtype=bool)
    return over_cohort(ctx, "wederopsluiting_2jaar", REDETENTION_DAYS, again, everyone, dimensions=("hands_on", "kwetsbaar"))
