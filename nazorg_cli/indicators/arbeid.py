"""Re-integratie naar arbeid: project Kostwinners."""

from __future__ import annotations

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import Context, days, over_rows
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, percentage

WORK_DAYS = 183


@indicator("kostwinners_instroom", "kostwinners_werk", "kostwinners_duurzaam", "kostwinners_uitval")
def kostwinners(ctx: Context) -> list[Result]:
    """Over the rows that count for the gemeente:

    - kostwinners_instroom: rows with datum_start in P (trajecten, not persons);
    - kostwinners_werk: over those rows (window 183 after datum_start): datum_werk within
      [datum_start, datum_start + 183]; by soort_werk (the share of the same noemer that found
      that kind of work; the tellers add up to the total's);
    - kostwinners_duurzaam: over rows with datum_werk in P (window 183 after datum_werk) and
      werk_na_6_maanden known: ja;
    - kostwinners_uitval: over rows with datum_einde in P and reden_einde known: uitval.
    """
    rows = ctx.rows["kostwinners"]
    started = rows.loc[ctx.in_period(rows["datum_start"]), ["datum_start", "datum_werk", "soort_werk"]]
    worked = (started["datum_werk"] >= started["datum_start"]) & (
        started["datum_werk"] <= started["datum_start"] + days(WORK_DAYS)
    )
    soort = started["soort_werk"].astype("str").fillna("onbekend")
    results = [
        count("kostwinners_instroom", ctx.label, len(started)),
        over_rows(ctx, "kostwinners_werk", started["datum_start"], WORK_DAYS, worked),
    ]
    results += [
        over_rows(
            ctx,
            "kostwinners_werk",
            started["datum_start"],
            WORK_DAYS,
            worked & (soort == c),
            uitsplitsing="soort_werk",
            categorie=c,
        )
        for c in categories("soort_werk")
    ]
    working = rows.loc[ctx.in_period(rows["datum_werk"]), ["datum_werk", "werk_na_6_maanden"]]
    lasting = working["werk_na_6_maanden"]
    results.append(
        over_rows(ctx, "kostwinners_duurzaam", working["datum_werk"], WORK_DAYS, lasting == True, lasting.notna(), lasting.isna())
    )
    ended = rows.loc[ctx.in_period(rows["datum_einde"]), "reden_einde"]
    results.append(
        percentage("kostwinners_uitval", ctx.label, (ended == "uitval").sum(), ended.notna().sum(), ended.isna().sum())
    )
    return results
