"""Huisvesting: nominations and placements in contingent dwellings, forensic and other places."""

from __future__ import annotations

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import Context, days, over_rows
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days, percentage

YEAR_DAYS = 365


@indicator(
    "contingent_voordrachten",
    "contingent_plaatsingen",
    "contingent_afgewezen",
    "contingent_doorlooptijd_mediaan",
    "woning_behouden_12_maanden",
    "forensisch_plaatsingen",
    "plaatsingen",
)
def huisvesting(ctx: Context) -> list[Result]:
    """Over the rows that count for the gemeente:

    - contingent_voordrachten: soort contingentwoning, datum_voordracht in P;
    - contingent_plaatsingen: soort contingentwoning, datum_plaatsing in P;
    - contingent_afgewezen: over contingent rows with datum_voordracht in P and a known status
      other than voorgedragen: afgewezen or ingetrokken (onbekend: no status);
    - contingent_doorlooptijd_mediaan: median of plaatsing - voordracht over those placements
      that have a voordracht date;
    - woning_behouden_12_maanden: over contingent placements in P (window 365 after the
      plaatsing): no datum_vertrek within 365 days of the plaatsing;
    - forensisch_plaatsingen: soort forensisch, datum_plaatsing in P;
    - plaatsingen: all soorten, datum_plaatsing in P, also by soort.
    """
    rows = ctx.rows["huisvesting"]
    placed = rows.loc[ctx.in_period(rows["datum_plaatsing"]), ["soort", "datum_voordracht", "datum_plaatsing", "datum_vertrek"]]
    contingent = placed.loc[placed["soort"] == "contingentwoning"]
    with_nomination = contingent.loc[contingent["datum_voordracht"].notna()]
    nominated = rows.loc[ctx.in_period(rows["datum_voordracht"]) & (rows["soort"] == "contingentwoning"), "status"]
    decided = nominated.notna() & (nominated != "voorgedragen")
    kept = ~(contingent["datum_vertrek"] <= contingent["datum_plaatsing"] + days(YEAR_DAYS))
    results = [
        count("contingent_voordrachten", ctx.label, len(nominated)),
        count("contingent_plaatsingen", ctx.label, len(contingent)),
        percentage(
            "contingent_afgewezen",
            ctx.label,
            (decided & nominated.isin(["afgewezen", "ingetrokken"])).sum(),
            decided.sum(),
            nominated.isna().sum(),
        ),
        median_days(
            "contingent_doorlooptijd_mediaan",
            ctx.label,
            (with_nomination["datum_plaatsing"] - with_nomination["datum_voordracht"]).dt.days,
        ),
        over_rows(ctx, "woning_behouden_12_maanden", contingent["datum_plaatsing"], YEAR_DAYS, kept),
        count("forensisch_plaatsingen", ctx.label, (placed["soort"] == "forensisch").sum()),
        count("plaatsingen", ctx.label, len(placed)),
    ]
    results += [
        count("plaatsingen", ctx.label, (placed["soort"] == soort).sum(), uitsplitsing="soort", categorie=soort)
        for soort in categories("soort")
    ]
    return results


@indicator("tijd_tot_huisvesting_mediaan")
def tijd_tot_huisvesting_mediaan(ctx: Context) -> list[Result]:
    """Over persons in C(P) (window 365 after t0) with a plaatsing of any soort in [t0, t0 + 365]
    (all their rows): median days from t0 to the earliest such plaatsing."""
    t0 = ctx.cohort["t0"]
    waits = ctx.first_on_or_after("huisvesting", "datum_plaatsing", t0, t0 + days(YEAR_DAYS))
    closed = ctx.closed(YEAR_DAYS).to_numpy()
    return [median_days("tijd_tot_huisvesting_mediaan", ctx.label, waits[closed & (waits >= 0)], open=(~closed).sum())]
