"""Compute every registered indicator for the period and its comparison period."""

from __future__ import annotations

from datetime import date

import pandas as pd

from nazorg_cli.codes import refusal

# Importing the theme modules registers their computations.
from nazorg_cli.indicators import arbeid, basisvoorwaarden, hands_on, huisvesting, kwetsbaar, schulden_briefadres, uitstroom  # noqa: F401
from nazorg_cli.indicators.catalog import catalog, categories
from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.period import Period
from nazorg_cli.indicators.registry import REGISTRY
from nazorg_cli.indicators.results import OK, ONVOLLEDIG, Result, no_data
from nazorg_cli.sources.cutoff import cut_at
from nazorg_cli.sources.schema import load_schema


def default_period(frames: dict[str, pd.DataFrame]) -> Period | None:
    """The calendar year of the latest datum_ontslag, or None without any release."""
    det = frames.get("detenties")
    if det is None or det["datum_ontslag"].notna().sum() == 0:
        return None
    return Period.year(det["datum_ontslag"].max().year)


def reaches_back(
    frames: dict[str, pd.DataFrame], sources: tuple[str, ...], start: date, earliest: dict[str, date | None] | None = None
) -> bool:
    """True when every source has a date on or before ``start`` (the data covers that period).

    ``earliest`` caches each source's earliest date across calls (one scan per source).
    """
    earliest = {} if earliest is None else earliest
    for source in sources:
        if source not in earliest:
            earliest[source] = _earliest_date(frames.get(source), source)
        found = earliest[source]
        if found is None or found > start:
            return False
    return True


def _earliest_date(frame: pd.DataFrame | None, source: str) -> date | None:
    if frame is None:
        return None
    found = min(
        (frame[c].min() for c in load_schema(source).date_fields if c != "geboortedatum" and frame[c].notna().any()), default=None
    )
    return None if found is None else found.date()


def compute_period(
    frames: dict[str, pd.DataFrame],
    period: Period,
    peildatum: date,
    gemeente: str | None,
    only_reaching_back: bool = False,
    unavailable: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Result]:
    """Results of every registered indicator for one period, in catalogue order.

    With ``only_reaching_back`` (the comparison period) an indicator is left out unless all
    its sources have data from before the period's start. ``unavailable``: indicators whose
    column the user declared absent (geen_gegevens).
    """
    ctx = Context(frames, period, pd.Timestamp(peildatum), gemeente)
    results: list[Result] = []
    by_function: dict = {}
    earliest: dict[str, date | None] = {}
    for id, definition in catalog().items():
        fn = REGISTRY.get(id)
        if fn is None or (only_reaching_back and not reaches_back(frames, definition.bronnen, period.van, earliest)):
            continue
        if not ctx.has(*definition.bronnen) or id in unavailable:
            results.append(no_data(id, period.label))
            continue
        if fn not in by_function:
            by_function[fn] = fn(ctx)
        results.extend(_declared(r) for r in by_function[fn] if r.id == id)
    if ctx.tot > ctx.peildatum:
        # The data stops before P ends: every figure of P is provisional.
        for r in results:
            if r.status == OK:
                r.status = ONVOLLEDIG
    return results


def compute(
    frames: dict[str, pd.DataFrame],
    period: Period,
    peildatum: date,
    gemeente: str | None = None,
    unavailable: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Result]:
    """Indicators for ``period`` and, where the data reaches back, for the previous period, on
    the data as known on the peildatum (rows and values after it are cut, DOMAIN §2)."""
    frames, _ = cut_at(frames, peildatum)
    results = compute_period(frames, period, peildatum, gemeente, unavailable=unavailable)
    return results + compute_period(frames, period.previous(), peildatum, gemeente, True, unavailable)


def _declared(result: Result) -> Result:
    """A result whose uitsplitsing and categorie the catalogue declares (else the tables and the
    disclosure audit would not know its lines)."""
    if result.uitsplitsing is not None and (
        result.uitsplitsing not in catalog()[result.id].uitsplitsingen or result.categorie not in categories(result.uitsplitsing)
    ):
        raise refusal(
            "metadata-ongeldig",
            bestand="catalog.toml",
            fout=f"{result.id} geeft uitsplitsing {result.uitsplitsing}={result.categorie}, "
            f"die de catalogus niet voor deze indicator declareert.",
        )
    return result


def check_registry() -> None:
    """Every registered computation computes an indicator of the catalogue."""
    unknown = sorted(set(REGISTRY) - set(catalog()))
    if unknown:
        raise refusal(
            "metadata-ongeldig",
            bestand="catalog.toml",
            fout=f"er is een berekening voor indicator '{unknown[0]}', die niet in de catalogus staat.",
        )


check_registry()


def computed_ids() -> set[str]:
    """Ids of the indicators this version computes (the rest of the catalogue is documented only)."""
    return set(REGISTRY)
