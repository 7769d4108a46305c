"""Registered computations: one small function per indicator or family of indicators."""

from __future__ import annotations

from collections.abc import Callable

from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.results import Result

IndicatorFunction = Callable[[Context], list[Result]]
REGISTRY: dict[str, IndicatorFunction] = {}


def indicator(*ids: str):
    """Register a function computing the indicators ``ids`` (it returns their results)."""

    def register(fn: IndicatorFunction) -> IndicatorFunction:
        for id in ids:
            if id in REGISTRY:
                raise ValueError(f"indicator {id} registered twice")
            REGISTRY[id] = fn
        return fn

    return register
