"""Disclosure control for openbaar outputs (DOMAIN §6).

Primary suppression: counts with 0 < n < k; percentages whose teller or noemer - teller is
below k, or whose noemer is below 10; medians of fewer than 10 values. A suppressed record keeps
its identity but loses every figure: status ``onderdrukt``, waarde/teller/noemer/onbekend null.

Secondary suppression: wherever published figures add up (a breakdown's categories to its
total, the relations declared in catalog.toml), privacy.optimal chooses the fewest further
records (never a headline total where a breakdown cell will do, larger before smaller) such that
the exact LP audit of privacy.suppression shows no suppressed cell can be derived.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace

from nazorg_cli.indicators.catalog import additive_breakdowns, catalog, relations, teller_breakdowns
from nazorg_cli.indicators.results import GEEN_GEGEVENS, ONDERDRUKT, Result
from nazorg_cli.privacy.optimal import DEFAULT_TIME_LIMIT, suppress_optimal
from nazorg_cli.privacy.suppression import Line, Memory, Model, Unit, audit, component_units

DEFAULT_K = 5
MIN_NOEMER = 10
MIN_MEDIAN_N = 10
REGION_TIME_LIMIT = 120.0  # seconds per period for the fewest cells over a region's tables


def needs_primary_suppression(result: Result, eenheid: str, k: int = DEFAULT_K) -> bool:
    if result.status == GEEN_GEGEVENS or result.status == ONDERDRUKT:
        return False
    small_open = 0 < (result.open or 0) < k
    if result.waarde is None and eenheid != "percentage":  # nothing to publish but open
        return small_open
    if eenheid == "percentage":
        assert result.teller is not None and result.noemer is not None
        # onbekend and open are published too, and count persons like any other count
        small_side = 0 < (result.onbekend or 0) < k or small_open
        if result.noemer == 0:  # voorlopig with every case open: only open is published
            return small_side
        return result.teller < k or result.noemer - result.teller < k or result.noemer < MIN_NOEMER or small_side
    if eenheid == "dagen":
        return (result.n or 0) < MIN_MEDIAN_N or small_open
    if result.n is not None:  # a mean over groups, or a bedrag over its count: too few cases
        return result.n < k or small_open
    return 0 < (result.waarde or 0) < k or small_open


PRIMAIR, SECUNDAIR = "primair", "secundair"


def suppressed(result: Result, reden: str = PRIMAIR) -> Result:
    """The record without its figures; ``reden`` says why: ``primair``, too few persons in the
    figure itself, or ``secundair``, hidden so that another, small figure cannot be worked out."""
    return replace(
        result, waarde=None, teller=None, noemer=None, onbekend=None, open=None, n=None, status=ONDERDRUKT, reden=reden
    )


def region_time_limit(results: list[Result], per_part: float) -> float | None:
    """Seconds for a choice over the tables of ``results`` where they are a region's (None
    where they are not): its tables are as many times larger as it has parts (gemeenten and
    onbekend), and so is the time, within REGION_TIME_LIMIT."""
    parts = len({r.gemeente for r in results} - {None})
    return min(REGION_TIME_LIMIT, per_part * parts) if parts else None


def protect(results: list[Result], k: int = DEFAULT_K, limited: list[str] | None = None) -> list[Result]:
    """The openbaar version of ``results``: primary suppression, then secondary suppression
    chosen as an exact optimum (no headline total where a breakdown cell will do, the fewest
    records, larger before smaller; privacy.optimal) and checked by the exact audit over every
    line along which published figures add up (per period). Where the optimum was not found
    within the time limit, the period is added to ``limited`` (the line rule decided there)."""
    defs = catalog()
    primary = {_key(r) for r in results if needs_primary_suppression(r, defs[r.id].eenheid, k)}
    weight = _records_with_their_count(results)
    hidden: set = set()
    # Past the time limit the line rule decides, and the findings say so.
    limit = region_time_limit(results, DEFAULT_TIME_LIMIT)
    for periode in sorted({r.periode for r in results}):
        model = build_region_model([r for r in results if r.periode == periode], k)
        outcome = suppress_optimal(model, {key for key in primary if key[1] == periode}, weight=weight, time_limit=limit)
        hidden |= outcome.hidden
        if not outcome.optimal and limited is not None:
            limited.append(periode)
    with_value = {_key(r) for r in results if r.status != GEEN_GEGEVENS}
    hidden |= _costs_of_hidden_counts(hidden) & with_value
    return [suppressed(r, PRIMAIR if _key(r) in primary else SECUNDAIR) if _key(r) in hidden else r for r in results]


def _records_with_their_count(results: list[Result]) -> dict[Hashable, int]:
    """How many records a count stands for when it is suppressed: itself and the costs divided
    by it (a cost goes with its count), so the optimum counts every figure lost."""
    from nazorg_cli.indicators.kosten import COSTS

    with_value = {_key(r) for r in results if r.status != GEEN_GEGEVENS}
    weight: dict[Hashable, int] = {}
    for cost, (_, divisor, _) in COSTS.items():
        for periode, gemeente in {(r.periode, r.gemeente) for r in results}:
            if (cost, periode, None, None, gemeente) in with_value:
                key = (divisor, periode, None, None, gemeente)
                weight[key] = weight.get(key, 1) + 1
    return weight


def _costs_of_hidden_counts(hidden: set) -> set:
    """A cost is a budget divided by a count: with the budget known, a published cost would give a
    suppressed count away, so the cost goes with its count."""
    from nazorg_cli.indicators.kosten import COSTS

    return {
        (cost, periode, None, None, gemeente)
        for cost, (_, divisor, _) in COSTS.items()
        for (id, periode, uitsplitsing, _, gemeente) in hidden
        if id == divisor and uitsplitsing is None
    }


PUBLISHED = {"ok", "voorlopig"}


def republish(records: list[dict], k: int = DEFAULT_K) -> list[dict]:
    """Published means protected, wherever the figures come from (an indicatoren.json given to
    render, the history): every published record must pass the primary rules on its own figures
    (or be suppressed, also when it lacks the figures to check them), and no suppressed cell may
    be pinned down by the published ones; where one is, its whole table is suppressed. The
    hidden values are not known here, so the audit is the one over published cells alone."""
    defs = catalog()
    results = [_result_of(record, defs[record["id"]].eenheid) for record in records]
    hidden: set[Hashable] = {_key(r) for r in results if r.status == ONDERDRUKT}
    failing = {_key(r) for r in results if r.status in PUBLISHED and _fails_primary(r, defs[r.id].eenheid, k)}
    hidden |= failing
    for periode in sorted({r.periode for r in results}):
        model = build_region_model([r for r in results if r.periode == periode], k)
        memory = Memory()  # the components that passed are not audited again
        while exposed := audit(model, hidden, set(), memory, values_known=False):
            hidden |= component_units(model, exposed[0][0])
    hidden |= _pooled_giving_away(results, hidden)
    return [
        _suppressed_record(record, PRIMAIR if _key(result) in failing else SECUNDAIR)
        if _key(result) in hidden and record["status"] in PUBLISHED
        else record
        for record, result in zip(records, results)
    ]


def _pooled_giving_away(results: list[Result], hidden: set[Hashable]) -> set[Hashable]:
    """Pooled records (two consecutive periods together) that are not what nazorg publishes: one
    of its two periods published and the other not (the pooled figure would give the hidden one
    away), a period missing, or two published periods that do not add up to it."""
    labels = {r.periode for r in results}
    by_key = {_key(r): r for r in results}
    bad: set[Hashable] = set()
    for label in labels:
        start, end = label.split("/")
        first = [other for other in labels if other != label and other.startswith(start + "/")]
        last = [other for other in labels if other != label and other.endswith("/" + end)]
        if not first or not last:
            continue  # not a pooled periode
        for r in results:
            if r.periode != label or _key(r) in hidden or r.status not in PUBLISHED:
                continue
            parts = [
                by_key.get((r.id, first[0], r.uitsplitsing, r.categorie, r.gemeente)),
                by_key.get((r.id, last[0], r.uitsplitsing, r.categorie, r.gemeente)),
            ]
            shown = [p for p in parts if p is not None and _key(p) not in hidden and p.status in PUBLISHED]
            if (
                any(p is None for p in parts)
                or len(shown) == 1
                or (len(shown) == 2 and (r.teller, r.waarde if r.teller is None else None) != _summed(shown))
            ):
                bad.add(_key(r))
    return bad


def _summed(parts: list[Result]) -> tuple:
    if parts[0].teller is not None:
        return (sum(p.teller or 0 for p in parts), None)
    return (None, sum(p.waarde or 0 for p in parts))


def _result_of(record: dict, eenheid: str) -> Result:
    noemer = record.get("noemer")
    mean_or_median = eenheid in ("dagen", "bedrag") or (eenheid == "aantal" and noemer is not None)
    return Result(
        record["id"],
        record["periode"],
        record.get("waarde"),
        record.get("teller"),
        None if mean_or_median else noemer,
        record.get("onbekend"),
        record["status"],
        record.get("uitsplitsing"),
        record.get("categorie"),
        n=noemer if mean_or_median else None,
        open=record.get("open") or 0,
        gemeente=record.get("gemeente"),
    )


def _fails_primary(result: Result, eenheid: str, k: int) -> bool:
    """The primary rules, and a published figure without the numbers to check them fails."""
    if eenheid == "percentage" and (result.teller is None or result.noemer is None):
        return True
    if eenheid in ("dagen", "bedrag") and result.n is None:
        return True
    if eenheid == "aantal" and result.n is None and not isinstance(result.waarde, int):
        return True
    return needs_primary_suppression(result, eenheid, k)


def _suppressed_record(record: dict, reden: str) -> dict:
    figures = {"waarde": None, "teller": None, "noemer": None, "onbekend": None, "open": None}
    return {**record, **figures, "status": ONDERDRUKT, "reden": reden}


def _key(r: Result) -> tuple:
    return (r.id, r.periode, r.uitsplitsing, r.categorie, r.gemeente)


def _cells(r: Result, eenheid: str) -> dict[str, int]:
    if eenheid == "percentage":
        teller, noemer = r.teller or 0, r.noemer or 0
        # rest = noemer - teller: the other side of a percentage, small when nearly all have it.
        return {"teller": teller, "rest": noemer - teller, "noemer": noemer, "onbekend": r.onbekend or 0, "open": r.open or 0}
    if eenheid == "aantal" and r.n is None:
        return {"waarde": int(r.waarde or 0), "open": r.open or 0}
    return {}  # medians and means: no additive lines


def build_model(results: list[Result], k: int = DEFAULT_K) -> Model:
    """Units, cells and lines of one period's published figures."""
    defs = catalog()
    tellers = teller_breakdowns()
    units: dict = {}
    for r in results:
        cells = _cells(r, defs[r.id].eenheid)
        if not cells:
            continue
        if "teller" in cells:
            audited: tuple[str, ...] = ("teller", "rest", "noemer")
            if r.uitsplitsing in tellers:
                # A category of a tellers breakdown (soort_werk) has the total's noemer by
                # definition: it tells nothing of the category, so only the category's teller and
                # rest are guarded (else every such table would cost its headline total).
                audited = ("teller", "rest")
            small = tuple(
                c
                for c, small in (
                    ("teller", cells["teller"] < k),
                    ("rest", cells["rest"] < k),
                    ("noemer", cells["noemer"] < MIN_NOEMER),
                )
                if small and c in audited
            )
        else:
            audited = ("waarde",)
            small = ("waarde",)
        units[_key(r)] = Unit(_key(r), cells, total=r.uitsplitsing is None, audited=audited, small=small)
    model = Model(units)
    periode = results[0].periode if results else ""
    gemeente = results[0].gemeente if results else None
    additive, tellers = additive_breakdowns(), teller_breakdowns()
    tables: dict[tuple, list] = {}
    for key in units:
        if key[2] in additive or key[2] in tellers:
            tables.setdefault((key[0], key[2]), []).append(key)
    for (id, uitsplitsing), members in sorted(tables.items(), key=repr):
        total = (id, periode, None, None, gemeente)
        if total not in units:
            continue
        if uitsplitsing in tellers:
            # The tellers add up; every category shares the total's noemer and open.
            model.lines.append(Line([((total, "teller"), 1.0)] + [((m, "teller"), -1.0) for m in members]))
            for m in members:
                for cell in ("noemer", "open"):
                    model.lines.append(Line([((total, cell), 1.0), ((m, cell), -1.0)]))
            continue
        for cell in units[total].cells:
            model.lines.append(Line([((total, cell), 1.0)] + [((m, cell), -1.0) for m in members]))
    for key, unit in units.items():
        if "teller" in unit.cells:
            model.lines.append(Line([((key, "teller"), 1.0), ((key, "rest"), 1.0), ((key, "noemer"), -1.0)]))
    for relation in relations():
        wheres = [(None, None)]
        if relation.per_categorie:
            wheres += sorted({(k[2], k[3]) for k in units if k[2] is not None}, key=repr)
        for where in wheres:
            terms = [(ref, 1.0) for ref in _refs(relation.som, periode, where, gemeente)] + [
                (ref, -1.0) for ref in _refs(relation.gelijk_aan, periode, where, gemeente)
            ]
            if terms and all(ref[0] in units and ref[1] in units[ref[0]].cells for ref, _ in terms):
                model.lines.append(Line(terms))
    return model


def build_region_model(results: list[Result], k: int = DEFAULT_K) -> Model:
    """One period's figures as one set of tables (DOMAIN §8): every gemeente's own model (and
    those of ``onbekend`` and of the region, gemeente None), and for every cell of every record of
    the region the line region = the sum of its gemeenten and onbekend. Without gemeenten it is
    build_model."""
    by_gemeente: dict[str | None, list[Result]] = {}
    for r in results:
        by_gemeente.setdefault(r.gemeente, []).append(r)
    if set(by_gemeente) <= {None}:
        return build_model(results, k)
    models = {gemeente: build_model(rows, k) for gemeente, rows in by_gemeente.items()}
    units = {key: unit for m in models.values() for key, unit in m.units.items()}
    model = Model(units, [line for m in models.values() for line in m.lines])
    parts = [gemeente for gemeente in by_gemeente if gemeente is not None]
    # What the regional note is about goes last: the region's headline figures, then the
    # gemeenten's (and onbekend's), then the region's breakdown cells, then the gemeenten's.
    for gemeente, m in models.items():
        for unit in m.units.values():
            unit.tier = (2 if unit.total else 0) + (gemeente is None)
    for key, unit in models.get(None, Model({})).units.items():
        assert isinstance(key, tuple)
        members = [(*key[:4], gemeente) for gemeente in parts]
        if all(member in model.units for member in members):
            for cell in unit.cells:
                model.lines.append(Line([((key, cell), 1.0)] + [((member, cell), -1.0) for member in members]))
    return model


def _refs(specs: tuple[str, ...], periode: str, where: tuple, gemeente: str | None) -> list[tuple]:
    """Cell references from "id.veld" or "id[uitsplitsing=categorie].veld"."""
    out = []
    for spec in specs:
        name, cell = spec.rsplit(".", 1)
        if "[" in name:
            id, selector = name[:-1].split("[")
            uitsplitsing, categorie = selector.split("=")
        else:
            id, (uitsplitsing, categorie) = name, where
        out.append(((id, periode, uitsplitsing, categorie, gemeente), cell))
    return out
