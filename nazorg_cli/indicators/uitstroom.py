"""Uitstroom and bereik: the cohort itself and the reach of aftercare."""

from __future__ import annotations

from nazorg_cli.indicators.context import LINK_DAYS, Context
from nazorg_cli.indicators.registry import indicator
from nazorg_cli.indicators.results import Result, count, percentage


@indicator("uitstroom")
def uitstroom(ctx: Context) -> list[Result]:
    """Persons in C(P): distinct persons with an episode whose datum_ontslag lies in P."""
    return [count("uitstroom", ctx.label, len(ctx.cohort))]


@indicator("bereik_nazorg")
def bereik_nazorg(ctx: Context) -> list[Result]:
    """teller: persons in L; noemer: C(P). Incomplete while t0 + 90 passes the peildatum."""
    return [percentage("bereik_nazorg", ctx.label, len(ctx.gekoppeld), len(ctx.cohort),
                       incomplete=ctx.follow_up_incomplete(LINK_DAYS))]
