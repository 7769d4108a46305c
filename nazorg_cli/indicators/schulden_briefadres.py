"""Schuldhulpverlening and briefadres."""

from __future__ import annotations

from nazorg_cli.indicators.cohort import LINK_DAYS, Context, days, over_cohort, over_rows
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, median_days, percentage

WGS_DAYS = 28
TRAJECT_DAYS = 183


@indicator(
    "schuldhulp_aanmeldingen",
    "schuldhulp_wachttijd_mediaan",
    "schuldhulp_intake_binnen_4_weken",
    "schuldhulp_traject_gestart",
    "schuldhulp_resultaat",
)
def schuldhulp(ctx: Context) -> list[Result]:
    """Over the rows that count for the gemeente with datum_aanmelding in P:

    - schuldhulp_aanmeldingen: their number;
    - schuldhulp_wachttijd_mediaan: median of intake - aanmelding over those with an intake;
    - schuldhulp_intake_binnen_4_weken (window 28): datum_intake <= aanmelding + 28 (Wgs norm);
    - schuldhulp_traject_gestart (window 183): datum_start_traject <= aanmelding + 183;
    - schuldhulp_resultaat: over those with an uitkomst known and not lopend: regeling or
      schuldenvrij (onbekend: no uitkomst).
    """
    rows = ctx.rows["schuldhulp"]
    registered = rows.loc[
        ctx.in_period(rows["datum_aanmelding"]), ["datum_aanmelding", "datum_intake", "datum_start_traject", "uitkomst"]
    ]
    with_intake = registered.loc[registered["datum_intake"].notna()]
    results = [
        count("schuldhulp_aanmeldingen", ctx.label, len(registered)),
        median_days(
            "schuldhulp_wachttijd_mediaan", ctx.label, (with_intake["datum_intake"] - with_intake["datum_aanmelding"]).dt.days
        ),
    ]
    for id, column, window in (
        ("schuldhulp_intake_binnen_4_weken", "datum_intake", WGS_DAYS),
        ("schuldhulp_traject_gestart", "datum_start_traject", TRAJECT_DAYS),
    ):
        within = registered[column] <= registered["datum_aanmelding"] + days(window)
        results.append(over_rows(ctx, id, registered["datum_aanmelding"], window, within))
    uitkomst = registered["uitkomst"]
    decided = uitkomst.notna() & (uitkomst != "lopend")
    results.append(
        percentage(
            "schuldhulp_resultaat",
            ctx.label,
            (decided & uitkomst.isin(["regeling", "schuldenvrij"])).sum(),
            decided.sum(),
            uitkomst.isna().sum(),
        )
    )
    return results


@indicator("briefadres_aanvragen", "briefadres_toegekend", "briefadres_doorlooptijd_mediaan")
def briefadres(ctx: Context) -> list[Result]:
    """Over the rows that count for the gemeente:

    - briefadres_aanvragen: rows with datum_aanvraag in P;
    - briefadres_toegekend: over those rows with a known besluit: toegekend;
    - briefadres_doorlooptijd_mediaan: median of besluit - aanvraag over those rows with a besluit date.
    """
    rows = ctx.rows["briefadres"]
    requested = rows.loc[ctx.in_period(rows["datum_aanvraag"]), ["datum_aanvraag", "datum_besluit", "besluit"]]
    decided = requested.loc[requested["datum_besluit"].notna()]
    besluit = requested["besluit"]
    return [
        count("briefadres_aanvragen", ctx.label, len(requested)),
        percentage(
            "briefadres_toegekend", ctx.label, (besluit == "toegekend").sum(), besluit.notna().sum(), besluit.isna().sum()
        ),
        median_days("briefadres_doorlooptijd_mediaan", ctx.label, (decided["datum_besluit"] - decided["datum_aanvraag"]).dt.days),
    ]


@indicator("briefadres_voor_ontslag")
def briefadres_voor_ontslag(ctx: Context) -> list[Result]:
    """Over persons in C(P) (window 90 after t0) with a briefadres aanvraag in [ti, t0 + 90]
    (all their rows): the earliest such aanvraag lies before t0."""
    cohort = ctx.cohort
    # Days from ti to the earliest aanvraag in [ti, t0 + 90]: before t0 when under the stay's length.
    after_ti = ctx.first_on_or_after("briefadres", "datum_aanvraag", cohort["ti"], cohort["t0"] + days(LINK_DAYS))
    stay = (cohort["t0"] - cohort["ti"]).dt.days.to_numpy()
    return over_cohort(ctx, "briefadres_voor_ontslag", LINK_DAYS, (after_ti >= 0) & (after_ti < stay), after_ti >= 0)
