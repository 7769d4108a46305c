"""Compute every registered indicator for each period of the reeks (DOMAIN §2, §4 v2)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from nazorg_cli.codes import refusal
from nazorg_cli.indicators import (  # noqa: F401
    arbeid,
    basisvoorwaarden,
    hands_on,
    huisvesting,
    kwetsbaar,
    schulden_briefadres,
    uitstroom,
)

# Importing the theme modules registers their computations.
from nazorg_cli.indicators import kosten as _kosten  # noqa: F401
from nazorg_cli.indicators.attribution import Region, counting_rows, region_rows
from nazorg_cli.indicators.catalog import catalog, categories, published
from nazorg_cli.indicators.cohort import Context
from nazorg_cli.indicators.period import Period
from nazorg_cli.indicators.pooling import pool
from nazorg_cli.indicators.registry import REGISTRY
from nazorg_cli.indicators.results import Result, no_data
from nazorg_cli.processes import forking
from nazorg_cli.processes import pool as workers_pool
from nazorg_cli.processes import shared as shared_values
from nazorg_cli.sources.cutoff import Cut, cut_at

REEKS_LENGTH = 5


@dataclass
class AsKnown:
    """The data as known on the peildatum: every row (``frames``), the rows that count for the
    gemeente (``rows``), what the cut-off removed and how many rows another gemeente's are."""

    frames: dict[str, pd.DataFrame]
    rows: dict[str, pd.DataFrame]
    cuts: dict[str, Cut] = field(default_factory=dict)
    andere_gemeente: dict[str, int] = field(default_factory=dict)
    # A regional run: the region's rows by part (gemeente or onbekend), and each part's own rows.
    region: Region | None = None
    parts: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict, repr=False)


def prepare(frames: dict[str, pd.DataFrame], peildatum: date, gemeente: str | None, regio: tuple[str, ...] = ()) -> AsKnown:
    """Cut at the peildatum, then attribute every row to a gemeente (on the cut data): to
    ``gemeente``, or with ``regio`` (its gemeenten) to the region and its parts."""
    cut, cuts = cut_at(frames, peildatum)
    if regio and "detenties" in cut:
        region = region_rows(cut, regio)
        parts = {name: region.rows_of(code) for name, code in region.parts.items()}
        return AsKnown(cut, region.rows, cuts, region.left_out, region, parts)
    rows, left_out = counting_rows(cut, gemeente)
    return AsKnown(cut, rows, cuts, left_out)


def reeks(rows: dict[str, pd.DataFrame], period: Period) -> list[Period]:
    """P and up to four periods of equal length before it, back to the earliest period holding a
    release that counts for the gemeente (latest first)."""
    released = rows["detenties"]["datum_ontslag"] if "detenties" in rows else pd.Series(dtype="datetime64[ns]")
    first = released.min()
    periods = [period]
    while len(periods) < REEKS_LENGTH:
        before = periods[-1].previous()
        if pd.isna(first) or pd.Timestamp(before.tot_en_met) < first:
            break
        periods.append(before)
    return periods


def compute_period(
    frames: dict[str, pd.DataFrame],
    period: Period,
    peildatum: date,
    gemeente: str | None = None,
    unavailable: set[str] = frozenset(),  # type: ignore[assignment]
    rows: dict[str, pd.DataFrame] | None = None,
    kosten: dict[str, dict[int, int]] | None = None,
    shared: dict | None = None,
    part: tuple[Region, int] | None = None,
) -> list[Result]:
    """Results of every registered indicator for one period, in catalogue order, on ``frames``
    as given (not cut). ``rows``: the rows that count for the gemeente (attributed here when
    not given). ``unavailable``: indicators whose column the user declared absent. ``shared``:
    what the periods of one reeks share (person traits), filled on first use. ``part``: in a
    regional run, the region and the code of the gemeente whose figures these are (``rows``
    are then that gemeente's own rows)."""
    if rows is None:
        rows, _ = counting_rows(frames, gemeente)
    ctx = Context(frames, period, pd.Timestamp(peildatum), rows, kosten or {}, shared={} if shared is None else shared)
    if part is not None:
        region, ctx.keep = part
        ctx.region_episodes, ctx.region_codes = region.rows["detenties"], region.codes["detenties"]
    results: list[Result] = []
    for id, definition in catalog().items():
        if id not in REGISTRY:
            continue
        if not ctx.has(*definition.bronnen) or id in unavailable:
            results.append(no_data(id, period.label))
            results += [
                no_data(id, period.label, uitsplitsing=u, categorie=c)
                for u in definition.uitsplitsingen
                if published(u)
                for c in categories(u)
            ]
            continue
        # Only the uitsplitsingen the gemeente publishes (nazorg.toml): the others are not
        # tables, so they cost no suppression either.
        results.extend(_declared(r) for r in ctx.results_of(id) if published(r.uitsplitsing))
    return results


def compute(
    frames: dict[str, pd.DataFrame],
    period: Period,
    peildatum: date,
    gemeente: str | None = None,
    unavailable: set[str] = frozenset(),  # type: ignore[assignment]
    kosten: dict[str, dict[int, int]] | None = None,
    prepared: AsKnown | None = None,
    k: int | None = None,
    limited: list[str] | None = None,
) -> list[Result]:
    """Indicators for every period of the reeks (P first) on the data as known on the
    peildatum (rows and values after it are cut, DOMAIN §2), attributed to the gemeente. With
    ``k`` the results are protected for publication (openbaar), period by period as they are
    computed (disclosure control works per period, protection.protect)."""
    data = prepared or prepare(frames, peildatum, gemeente)
    periods = reeks(data.rows, period)
    if data.region is not None:
        kosten = {}  # a budget is one gemeente's: no costs in a regional run (DOMAIN §4 v2)
    shared: dict = {}
    task: tuple = (data, periods, peildatum, gemeente, unavailable, kosten, shared, k)
    found: list[str] = [] if limited is None else limited
    if len(periods) <= HERE or len(data.rows.get("detenties", ())) < FORK_FROM_EPISODES or not forking():
        results, reached = _periods(task, range(len(periods)))
        found += reached
        return results
    # A large export: what the periods share is made first, then a forked copy of this process
    # computes the older periods of the reeks while this one computes P and P-1 (the data reaches
    # it as inherited memory, not pickled).
    Context(data.frames, period, pd.Timestamp(peildatum), data.rows, shared=shared).prepare_shared()
    with workers_pool(1, {"task": task}) as workers:
        theirs = workers.submit(_periods_in_worker, range(HERE, len(periods)))
        # This copy's periods come first in the reeks, the copy's after them: the order stays.
        mine, reached = _periods(task, range(HERE))
        their_results, their_reached = theirs.result()
        found += reached + their_reached
        return mine + their_results


# From this many episodes on, the periods of the reeks are computed on two cores (below it the
# fork costs more than it saves). A second copy gained 0.05 s of 0.65 on 200,000 persons and
# cost another process's memory.
FORK_FROM_EPISODES = 500
# The periods this process computes when a copy takes the rest: P and P-1, which pooling needs
# both as computed (the copy's older periods include a partial first year of the data, whose many
# small cells make the costliest disclosure audit).
HERE = 2


def _periods(task: tuple, which: range) -> tuple[list[Result], list[str]]:
    """The results of these periods of the reeks, protected when k is given, and the periods
    whose optimal suppression reached its time limit."""
    from nazorg_cli.indicators.protection import protect

    data, periods, peildatum, gemeente, unavailable, kosten, shared, k = task
    results: list[Result] = []
    limited: list[str] = []
    kept: dict[int, tuple[list[Result], list[Result]]] = {}  # P and P-1, as computed and protected
    for i in which:
        computed = compute_period(data.frames, periods[i], peildatum, gemeente, unavailable, data.rows, kosten, shared)
        if data.region is not None:
            # A regional run: the region's figures, then those of each of its parts (DOMAIN §8).
            for name, code in data.region.parts.items():
                mine = compute_period(
                    data.frames, periods[i], peildatum, None, unavailable, data.parts[name], kosten, shared, (data.region, code)
                )
                computed += [replace(r, gemeente=name) for r in mine]
        if k is None:
            results += computed
            continue
        protected = protect(computed, k, limited)
        results += protected
        if i < 2:
            kept[i] = (computed, protected)
    if k is not None and 0 in kept and 1 in kept:
        # Pooled figures of P and P-1 together where P's own is too small (DOMAIN §6 v2).
        results += pool(kept[0][0], kept[1][0], kept[0][1], kept[1][1], k, limited)
    return results, limited


def _periods_in_worker(which: range) -> tuple[list[Result], list[str]]:
    return _periods(shared_values()["task"], which)


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
