"""Re-integratie naar arbeid: project Kostwinners."""

from __future__ import annotations

from nazorg_cli.indicators.cohort import Context, days
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, percentage

LASTING_DAYS = 183


@indicator("kostwinners_instroom", "kostwinners_werk", "kostwinners_duurzaam", "kostwinners_uitval")
def kostwinners(ctx: Context) -> list[Result]:
    """- kostwinners_instroom: rows with datum_start in P;
    - kostwinners_werk: over those rows, datum_werk present;
    - kostwinners_duurzaam: over rows with datum_werk in P, datum_werk + 183 days <= peildatum and
      werk_na_6_maanden known: ja (onvolledig when some work in P is younger than 183 days);
    - kostwinners_uitval: over rows with datum_einde in P and reden_einde known: uitval.
    """
    rows = ctx.frames["kostwinners"]
    started = rows.loc[ctx.in_period(rows["datum_start"])]
    working = rows.loc[ctx.in_period(rows["datum_werk"])]
    mature = working.loc[working["datum_werk"] + days(LASTING_DAYS) <= ctx.peildatum, "werk_na_6_maanden"]
    ended = rows.loc[ctx.in_period(rows["datum_einde"]), "reden_einde"]
    return [
        count("kostwinners_instroom", ctx.label, len(started)),
        percentage("kostwinners_werk", ctx.label, started["datum_werk"].notna().sum(), len(started)),
        percentage(
            "kostwinners_duurzaam",
            ctx.label,
            (mature == True).sum(),
            mature.notna().sum(),
            mature.isna().sum(),
            incomplete=len(mature) < len(working),
        ),
        percentage("kostwinners_uitval", ctx.label, (ended == "uitval").sum(), ended.notna().sum(), ended.isna().sum()),
    ]
