"""Pooled figures (DOMAIN §6 v2): a rare figure told over two periods together.

An aantal or percentage whose value in P is suppressed as primair is also published for P and
the period before it together, one record whose periode spans both (2018-01-01/2019-12-31), when
that pooled figure passes the primary rules itself and the exact audit over both periods with the
pooled records added (each pooled cell = its P cell + its previous cell, an additive line) finds
nothing derivable. A pooled figure is the sum of the two periods' counts (a person released in
both periods counts in both, as in each period's own figure). Nothing else is suppressed to make
room for one: a pooled figure that would give a cell away is not published.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.indicators.period import pooled_label
from nazorg_cli.indicators.results import GEEN_GEGEVENS, ONDERDRUKT, Result, count, percentage

# Seconds for choosing the pooled figures of one run, and of a region per part (gemeente or
# onbekend, within protection.REGION_TIME_LIMIT, as for a period's fewest cells): candidates not
# audited by then are not published, and the findings say so.
POOLING_TIME_LIMIT = 20.0

T = TypeVar("T")


def pool(
    raw: list[Result],
    raw_previous: list[Result],
    published: list[Result],
    published_previous: list[Result],
    k: int,
    limited: list[str] | None = None,
) -> list[Result]:
    """The pooled records that are safe to publish, from the figures of P and the period before
    it as computed (``raw``) and as protected (``published``)."""
    from nazorg_cli.indicators.protection import _key, build_region_model, needs_primary_suppression, region_time_limit
    from nazorg_cli.privacy.suppression import Line, Memory, Model, audit, linked

    if not raw or not raw_previous:
        return []
    defs = catalog()
    current, previous = raw[0].periode, raw_previous[0].periode
    label = pooled_label(current, previous)
    before = {(r.id, r.uitsplitsing, r.categorie, r.gemeente): r for r in raw_previous}
    candidates = []
    for r in raw:
        eenheid = defs[r.id].eenheid
        other = before.get((r.id, r.uitsplitsing, r.categorie, r.gemeente))
        if other is None or r.status == GEEN_GEGEVENS or other.status == GEEN_GEGEVENS:
            continue
        if eenheid not in ("aantal", "percentage") or (eenheid == "aantal" and (r.n is not None or r.waarde is None)):
            continue  # means, medians and costs are not pooled
        if not needs_primary_suppression(r, eenheid, k):
            continue  # only figures hidden as too small in P
        together = _together(r, other, label, eenheid)
        if together is not None and not needs_primary_suppression(together, eenheid, k):
            candidates.append(together)
    hidden: set[Hashable] = {_key(r) for r in (*published, *published_previous) if r.status == ONDERDRUKT}
    # Where the period before is published, pooled - previous gives P away: no audit needed.
    candidates = [c for c in candidates if (c.id, previous, c.uitsplitsing, c.categorie, c.gemeente) in hidden]
    if not candidates:
        return []
    primary: set[Hashable] = {_key(r) for r in (*published, *published_previous) if r.reden == "primair"}
    models = [build_region_model(raw, k), build_region_model(raw_previous, k)]
    units = {**models[0].units, **models[1].units}
    lines = [*models[0].lines, *models[1].lines]

    def joint(chosen: list[Result]) -> Model:
        """Both periods' tables with the ``chosen`` pooled records, whose lines (pooled = P +
        previous) come after the periods' own."""
        pooled = build_region_model(chosen, k) if chosen else Model({})
        extra = []
        for r in chosen:
            key = _key(r)
            mine = (r.id, current, r.uitsplitsing, r.categorie, r.gemeente)
            theirs = (r.id, previous, r.uitsplitsing, r.categorie, r.gemeente)
            for cell in pooled.units[key].cells:
                extra.append(Line([((key, cell), 1.0), ((mine, cell), -1.0), ((theirs, cell), -1.0)]))
        return Model({**units, **pooled.units}, [*lines, *extra])

    # Only the tables a pooled record is linked to can change: each group of linked tables is
    # audited apart, all its pooled records at once, else in order (_in_order).
    limit = region_time_limit(raw, POOLING_TIME_LIMIT)
    deadline = time.perf_counter() + (POOLING_TIME_LIMIT if limit is None else limit)
    timed_out = False
    everything = joint(candidates)
    groups = linked(everything.units, ([c[0] for c, coef in line.terms if coef] for line in everything.lines))
    group_of = {u: root for root, members in groups.items() for u in members}
    safe: list[Result] = []
    for root in dict.fromkeys(group_of[_key(c)] for c in candidates):
        if timed_out:
            break  # the rest is not published (never unsafe), and the findings say so
        mine = [c for c in candidates if group_of[_key(c)] == root]

        def part(chosen: list[Result], members=groups[root]) -> tuple[Model, list[Line]]:
            """The group's part of joint(chosen), and the lines the pooled records add to it."""
            model = joint(chosen)
            own = [line for line in model.lines if line.terms and line.terms[0][0][0] in members]
            base = sum(1 for line in lines if line.terms and line.terms[0][0][0] in members)
            return Model({u: model.units[u] for u in members if u in model.units}, own), own[base:]

        # The same suppressed cells throughout: the feasible tables of one audit serve the next
        # where they keep its pooled lines (privacy.suppression.Memory).
        memory = Memory()

        def gives_away(chosen: list[Result], part=part, memory=memory) -> set[int] | None:
            """None when ``chosen`` (and the tables) give nothing away; else the positions in
            ``chosen`` of the pooled records whose lines the proof of the exposed cell uses (the
            duals of its program; none where the audit has no proof to show)."""
            model, added = part(chosen)
            why: dict = {}
            exposed = audit(model, hidden, primary, memory, added=added, explain=why)
            if not exposed:
                return None
            duals = why.get(exposed[0], {})
            if not duals or any(dual is None for dual in duals.values()):
                return set()
            used = {cell[0] for dual in duals.values() for line in dual.lines for cell, coef in line.terms if coef}
            return {i for i, r in enumerate(chosen) if _key(r) in used}

        kept, out_of_time = _in_order(mine, gives_away, deadline)
        timed_out = timed_out or out_of_time
        safe += kept
    if timed_out and limited is not None:
        limited.append(label)
    order = {_key(c): i for i, c in enumerate(candidates)}
    return sorted(safe, key=lambda r: order[_key(r)])


def _in_order(candidates: list[T], gives_away: Callable[[list[T]], set[int] | None], deadline: float) -> tuple[list[T], bool]:
    """The candidates kept in order, each when it and those kept before it give nothing away,
    and whether the deadline stopped the choice first (the rest is then not kept).

    ``gives_away(chosen)`` is None when ``chosen`` is safe, else the positions in ``chosen`` of
    the candidates that the proof of an exposed cell needs (empty: no proof to show). A published
    figure more never makes the tables safer, so a part of a safe set is safe and the proof holds
    for every set that holds what it needs. The first candidate that makes the kept ones unsafe
    is therefore at most the last one a proof needs: the search asks next of the candidates
    before it, and halves the range where there is no proof. A candidate that a proof needs with
    kept ones alone is dropped at once: it would give the same cell away whenever its turn came."""
    kept: list[T] = []
    todo = list(candidates)
    while todo:
        # kept + todo[:safe] gives nothing away; kept + todo[:unsafe] does (len + 1: not known).
        safe, unsafe, end = 0, len(todo) + 1, len(todo)
        while unsafe - safe > 1:
            if time.perf_counter() > deadline:
                return [*kept, *todo[:safe]], True
            needed = gives_away([*kept, *todo[:end]])
            mine = [] if needed is None else [i - len(kept) for i in needed if len(kept) <= i < len(kept) + end]
            if needed is None:
                safe = end
            elif len(mine) == 1:
                # This one gives a cell away with kept ones alone, and kept ones stay: never kept.
                del todo[mine[0]]
                unsafe, end = len(todo) + 1, end - 1
                if end > safe:
                    continue  # the same set without it
            elif mine:
                unsafe = end = max(mine) + 1
                end -= 1  # the candidates before the last the proof needs
                continue
            else:
                unsafe = end
            end = (safe + unsafe) // 2
        if unsafe > len(todo):
            return [*kept, *todo], False
        kept += todo[:safe]
        todo = todo[safe + 1 :]  # todo[safe] gives a cell away
    return kept, False


def _together(r: Result, other: Result, label: str, eenheid: str) -> Result | None:
    where = {"uitsplitsing": r.uitsplitsing, "categorie": r.categorie, "gemeente": r.gemeente}
    if eenheid == "percentage":
        if r.teller is None or other.teller is None or r.noemer is None or other.noemer is None:
            return None
        return percentage(
            r.id,
            label,
            r.teller + other.teller,
            r.noemer + other.noemer,
            (r.onbekend or 0) + (other.onbekend or 0),
            open=(r.open or 0) + (other.open or 0),
            **where,
        )
    if not isinstance(r.waarde, int) or not isinstance(other.waarde, int):
        return None
    return count(r.id, label, r.waarde + other.waarde, open=(r.open or 0) + (other.open or 0), **where)
