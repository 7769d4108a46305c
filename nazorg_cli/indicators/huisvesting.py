"""Huisvesting: nominations and placements in contingent dwellings, forensic and other places."""

from __future__ import annotations

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days


@indicator(
    "contingent_voordrachten",
    "contingent_plaatsingen",
    "contingent_doorlooptijd_mediaan",
    "forensisch_plaatsingen",
    "plaatsingen",
)
def huisvesting(ctx: Context) -> list[Result]:
    """- contingent_voordrachten: soort contingentwoning, datum_voordracht in P;
    - contingent_plaatsingen: soort contingentwoning, datum_plaatsing in P;
    - contingent_doorlooptijd_mediaan: median of plaatsing - voordracht over those placements
      that have a voordracht date;
    - forensisch_plaatsingen: soort forensisch, datum_plaatsing in P;
    - plaatsingen: all soorten, datum_plaatsing in P, also by soort.
    """
    rows = ctx.frames["huisvesting"]
    placed = rows.loc[ctx.in_period(rows["datum_plaatsing"])]
    contingent = placed.loc[placed["soort"] == "contingentwoning"]
    with_nomination = contingent.loc[contingent["datum_voordracht"].notna()]
    nominated = ctx.in_period(rows["datum_voordracht"]) & (rows["soort"] == "contingentwoning")
    results = [
        count("contingent_voordrachten", ctx.label, nominated.sum()),
        count("contingent_plaatsingen", ctx.label, len(contingent)),
        median_days(
            "contingent_doorlooptijd_mediaan",
            ctx.label,
            (with_nomination["datum_plaatsing"] - with_nomination["datum_voordracht"]).dt.days,
        ),
        count("forensisch_plaatsingen", ctx.label, (placed["soort"] == "forensisch").sum()),
        count("plaatsingen", ctx.label, len(placed)),
    ]
    results += [
        count("plaatsingen", ctx.label, (placed["soort"] == soort).sum(), uitsplitsing="soort", categorie=soort)
        for soort in categories("soort")
    ]
    return results
