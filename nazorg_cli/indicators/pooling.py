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

# Exposed cells asked of one audit, each with the pooled figures its proof needs: proofs that
# need one figure drop it, several at once (a region of 20 gemeenten: 100 to 65 s for pooling);
# more than a few cost more programs than they save audits.
MOST = 8

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

        def gives_away(chosen: list[Result], part=part, memory=memory) -> list[set[int]] | None:
            """None when ``chosen`` (and the tables) give nothing away; else, for each exposed
            cell found (MOST at most), the positions in ``chosen`` of the pooled records whose
            lines its proof uses (the duals of its program; none where the audit has no proof)."""
            model, added = part(chosen)
            why: dict = {}
            exposed = audit(model, hidden, primary, memory, added=added, explain=why, most=MOST)
            if not exposed:
                return None
            proofs: list[set[int]] = []
            for cell in exposed:
                duals = why.get(cell, {})
                if not duals or any(dual is None for dual in duals.values()):
                    proofs.append(set())
                    continue
                used = {c[0] for dual in duals.values() for line in dual.lines for c, coef in line.terms if coef}
                proofs.append({i for i, r in enumerate(chosen) if _key(r) in used})
            return proofs

        kept, out_of_time = _in_order(mine, gives_away, deadline)
        timed_out = timed_out or out_of_time
        safe += kept
    if timed_out and limited is not None:
        limited.append(label)
    order = {_key(c): i for i, c in enumerate(candidates)}
    return sorted(safe, key=lambda r: order[_key(r)])


def _in_order(
    candidates: list[T], gives_away: Callable[[list[T]], list[set[int]] | None], deadline: float
) -> tuple[list[T], bool]:
    """The candidates kept in order, each when it and those kept before it give nothing away,
    and whether the deadline stopped the choice first (the rest is then not kept).

    ``gives_away(chosen)`` is None when ``chosen`` is safe, else for each exposed cell it found
    the positions in ``chosen`` of the candidates its proof needs (empty: no proof to show, and
    then all of ``chosen`` stands for it). A published figure more never makes the tables
    safer, so a part of a safe set is safe, and a proof holds for every set that holds what it
    needs, all along the search. So a candidate that a proof needs with kept ones alone is
    dropped without asking (it would give the same cell away whenever its turn came), and the
    first candidate that cannot be kept is at most the last one a proof needs: the search asks
    next of the candidates before it, and halves the range where there is no proof."""
    kept: list[int] = []
    todo = list(range(len(candidates)))
    needs: list[frozenset[int]] = []  # sets of candidates that give a cell away together
    safe, proven = 0, False  # kept + todo[:safe] gives nothing away
    while True:
        mine = set(kept)
        alone = {next(iter(need - mine)) for need in needs if len(need - mine) == 1}
        safe = sum(1 for c in todo[:safe] if c not in alone)  # none there, with true proofs
        todo = [c for c in todo if c not in alone]
        at = {c: j for j, c in enumerate(todo)}
        # kept + todo[:unsafe] gives a cell away (len + 1: not known).
        unsafe = min((max(at[c] for c in need - mine) + 1 for need in needs if need - mine <= at.keys()), default=len(todo) + 1)
        if unsafe > len(todo) and safe == len(todo):
            return [candidates[c] for c in [*kept, *todo]], False
        if unsafe == safe + 1:  # todo[safe] gives a cell away
            kept += todo[:safe]
            todo, safe, proven = todo[safe + 1 :], 0, False
            continue
        if time.perf_counter() > deadline:
            return [candidates[c] for c in [*kept, *todo[:safe]]], True
        end = len(todo) if unsafe > len(todo) else unsafe - 1 if proven else (safe + unsafe) // 2
        chosen = [*kept, *todo[:end]]
        found = gives_away([candidates[c] for c in chosen])
        if found is None:
            safe = end
            continue
        # A proof of kept ones alone cannot be (they gave nothing away): like none, all of
        # chosen stands for it.
        whole = frozenset(chosen)
        found_needs = [frozenset(chosen[i] for i in proof) for proof in found]
        found_needs = [need if need - mine else whole for need in found_needs]
        proven = any(need != whole for need in found_needs)
        needs += found_needs


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
