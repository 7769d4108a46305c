"""Kwetsbare groepen: LVB, addiction, psychiatric problems among the linked persons."""

from __future__ import annotations

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import LINK_DAYS, Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, percentage

FLAGS = categories("kenmerk")


@indicator("kwetsbaar")
def kwetsbaar(ctx: Context) -> list[Result]:
    """Over L with at least one of lvb, verslaving, psychisch known (latest linked casus): any of
    them ja. By kenmerk: per flag, over L with that flag known: ja."""
    latest = ctx.latest_linked
    incomplete = ctx.follow_up_incomplete(LINK_DAYS)
    known_any = sum(latest[f].notna().astype(int) for f in FLAGS) > 0
    yes_any = sum((latest[f] == True).fillna(False).astype(int) for f in FLAGS) > 0
    results = [percentage("kwetsbaar", ctx.label, yes_any.sum(), known_any.sum(), (~known_any).sum(), incomplete=incomplete)]
    for flag in FLAGS:
        known = latest[flag].notna()
        results.append(
            percentage(
                "kwetsbaar",
                ctx.label,
                (latest[flag] == True).sum(),
                known.sum(),
                (~known).sum(),
                incomplete=incomplete,
                uitsplitsing="kenmerk",
                categorie=flag,
            )
        )
    return results
