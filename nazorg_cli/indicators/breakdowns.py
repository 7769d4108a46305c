"""Breakdowns (uitsplitsingen) of cohort indicators by person traits at t0 (DOMAIN §4)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from nazorg_cli.indicators.catalog import categories
from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.results import Result

PERSON_BREAKDOWNS = ("geslacht", "leeftijdsklasse")


def with_breakdowns(ctx: Context, make: Callable[[pd.Series, dict], Result]) -> list[Result]:
    """The total and one result per category of every breakdown, all categories always present.

    ``make(mask, where)`` computes the indicator over the persons of C(P) selected by ``mask``
    (aligned with ``ctx.cohort``); ``where`` carries uitsplitsing and categorie.
    """
    cohort = ctx.cohort
    results = [make(pd.Series(True, index=cohort.index), {})]
    for dimension in PERSON_BREAKDOWNS:
        for category in categories(dimension):
            results.append(make(cohort[dimension] == category, {"uitsplitsing": dimension, "categorie": category}))
    return results
