"""Schuldhulpverlening and briefadres."""

from __future__ import annotations

from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days, percentage


@indicator("schuldhulp_aanmeldingen", "schuldhulp_wachttijd_mediaan", "schuldhulp_traject_gestart")
def schuldhulp(ctx: Context) -> list[Result]:
    """- schuldhulp_aanmeldingen: rows with datum_aanmelding in P;
    - schuldhulp_wachttijd_mediaan: median of intake - aanmelding over those rows with an intake;
    - schuldhulp_traject_gestart: over those rows, datum_start_traject present.
    """
    rows = ctx.frames["schuldhulp"]
    registered = rows.loc[ctx.in_period(rows["datum_aanmelding"])]
    with_intake = registered.loc[registered["datum_intake"].notna()]
    return [
        count("schuldhulp_aanmeldingen", ctx.label, len(registered)),
        median_days(
            "schuldhulp_wachttijd_mediaan", ctx.label, (with_intake["datum_intake"] - with_intake["datum_aanmelding"]).dt.days
        ),
        percentage("schuldhulp_traject_gestart", ctx.label, registered["datum_start_traject"].notna().sum(), len(registered)),
    ]


@indicator("briefadres_aanvragen", "briefadres_toegekend", "briefadres_doorlooptijd_mediaan")
def briefadres(ctx: Context) -> list[Result]:
    """- briefadres_aanvragen: rows with datum_aanvraag in P;
    - briefadres_toegekend: over those rows with a known besluit: toegekend;
    - briefadres_doorlooptijd_mediaan: median of besluit - aanvraag over those rows with a besluit date.
    """
    rows = ctx.frames["briefadres"]
    requested = rows.loc[ctx.in_period(rows["datum_aanvraag"])]
    decided = requested.loc[requested["datum_besluit"].notna()]
    besluit = requested["besluit"]
    return [
        count("briefadres_aanvragen", ctx.label, len(requested)),
        percentage(
            "briefadres_toegekend", ctx.label, (besluit == "toegekend").sum(), besluit.notna().sum(), besluit.isna().sum()
        ),
        median_days("briefadres_doorlooptijd_mediaan", ctx.label, (decided["datum_besluit"] - decided["datum_aanvraag"]).dt.days),
    ]
