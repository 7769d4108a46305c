"""Kwetsbare groepen: LVB, addiction, psychiatric problems among the linked persons."""

from __future__ import annotations

import pandas as pd

from nazorg_cli.indicators.cohort import FLAGS, JA, LINK_DAYS, UNKNOWN_FLAG, Context, over_cohort
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result


@indicator("kwetsbaar")
def kwetsbaar(ctx: Context) -> list[Result]:
    """Over L with at least one of lvb, verslaving, psychisch known (latest linked casus): any of
    them ja. By vlag: per flag, over L with that flag known: ja (overlapping, not additive)."""
    latest = ctx.latest
    linked = ctx.linked.to_numpy()
    category = ctx.kwetsbaar_category.to_numpy()
    results = over_cohort(
        ctx,
        "kwetsbaar",
        LINK_DAYS,
        pd.Series((category == "ja") & linked),
        pd.Series((category != "onbekend") & linked),
        pd.Series((category == "onbekend") & linked),
    )
    for flag in FLAGS:
        coded = latest.flag(flag)
        known = (coded != UNKNOWN_FLAG) & linked
        yes = (coded == JA) & linked
        for r in over_cohort(ctx, "kwetsbaar", LINK_DAYS, pd.Series(yes), pd.Series(known), pd.Series(linked & ~known)):
            r.uitsplitsing, r.categorie = "vlag", flag
            results.append(r)
    return results
