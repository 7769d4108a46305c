"""Secondary suppression with an exact audit, on a generic model of published figures.

A *unit* is what is published or suppressed as a whole (one record); it holds *cells* (its
integer figures). *Lines* are what an attacker knows: linear equalities between cells (a total
is the sum of its categories, two indicators share a denominator) and inequalities (a teller
never exceeds its noemer).

1. The line rule: while an equality line has exactly one suppressed cell, suppress the best
   next unit on that line (not a total, the smallest positive value).
2. The audit: for every suppressed cell, linear programming (HiGHS through highspy) finds
   the smallest and largest value consistent with the published cells and the lines, with
   x >= 0, and with x >= 1 for every suppressed cell that is not zero. A cell is derivable
   when its range is narrower than 1; a primary cell is also exposed when its largest possible
   value is below value + 1. (The second attacker's range lies inside the first's, so auditing
   it decides both; and since the true value is feasible, a maximum of at least value + 1
   already makes the range wide enough.) Feasible tables the programs found are remembered
   (Memory), so a cell they already show to have a wide range needs no program again; in a large
   component, programs over the lines around a cell show most exposed cells so (_Nearby).
3. Repair: suppress the best next unit on a line through the exposed cell and audit again; when
   no such unit is left, suppress every unit linked to it through lines (the table).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

import numpy as np

EPS = 1e-7
T = TypeVar("T", bound=Hashable)


@dataclass
class Unit:
    key: Hashable
    cells: dict[str, int]
    primary: bool = False
    total: bool = False
    # Cells whose value must stay hidden (checked by the audit); others only take part in lines.
    audited: tuple[str, ...] = ()
    # The small cells that made the unit primary: their upper bound must reach value + 1.
    small: tuple[str, ...] = ()
    # How much readers need the unit, for the choice of extra cells: a unit of a higher tier
    # goes only when no choice of lower ones will do (None: 1 for a total, else 0).
    tier: int | None = None

    @property
    def rank(self) -> int:
        return int(self.total) if self.tier is None else self.tier


@dataclass
class Line:
    terms: list[tuple[tuple[Hashable, str], float]]
    kind: str = "eq"  # "eq": sum(coef * cell) == 0; "le": sum(coef * cell) <= 0


@dataclass
class Model:
    units: dict[Hashable, Unit]
    lines: list[Line] = field(default_factory=list)

    def value(self, cell: tuple[Hashable, str]) -> int:
        return self.units[cell[0]].cells[cell[1]]


def suppress(model: Model, primary: set[Hashable]) -> set[Hashable]:
    """The units to suppress: the primary ones plus enough others that the audit passes.

    Every round hides at least one more unit, so this ends: with everything connected to an
    exposed cell hidden, the lines are homogeneous and no hidden cell has a bounded range.
    """
    hidden = set(primary)
    memory = Memory()
    while True:
        _line_rule(model, hidden)
        exposed = audit(model, hidden, primary, memory)
        if not exposed:
            return hidden
        cell = exposed[0]
        candidate = _best_next(model, hidden, [line for line in model.lines if _on(line, cell)])
        if candidate is not None:
            hidden.add(candidate)
            continue
        more = component_units(model, cell[0]) - hidden
        if not more:
            raise RuntimeError("a suppressed cell stays exposed with its whole table suppressed")
        hidden |= more


def component_units(model: Model, start: Hashable) -> set[Hashable]:
    """Every unit linked to ``start`` through lines (the table, and tables sharing cells with it)."""
    seen, todo = {start}, [start]
    while todo:
        unit = todo.pop()
        for line in model.lines:
            members = {c[0] for c, _ in line.terms}
            if unit in members:
                for other in members - seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def line_rule_only(model: Model, primary: set[Hashable]) -> set[Hashable]:
    """The simple line rule without the audit (for the benchmark's comparison)."""
    hidden = set(primary)
    _line_rule(model, hidden)
    return hidden


def _on(line: Line, cell) -> bool:
    return any(c == cell for c, _ in line.terms)


def _line_rule(model: Model, hidden: set[Hashable]) -> None:
    changed = True
    while changed:
        changed = False
        for line in model.lines:
            if line.kind != "eq":
                continue
            unknown = {c for c, coef in line.terms if coef and c[0] in hidden}
            if len(unknown) == 1:
                candidate = _best_next(model, hidden, [line])
                if candidate is not None:
                    hidden.add(candidate)
                    changed = True


def _best_next(model: Model, hidden: set[Hashable], lines: list[Line]) -> Hashable | None:
    """A published unit on these lines: not a total, the smallest positive value, then any."""
    options = []
    for line in lines:
        for cell, coef in line.terms:
            unit = model.units[cell[0]]
            if coef and unit.key not in hidden:
                value = model.value(cell)
                options.append((unit.rank, value <= 0, value, repr(unit.key), unit.key))
    return min(options)[-1] if options else None


class Memory:
    """What the audit has learnt about a model, kept across rounds that suppress more or other
    units, or that add lines (one memory per model, or per models that share their lines but
    for the ``added`` ones named to ``audits``).

    - ``verified``: components that passed and hold no added line, by what decides their verdict
      besides their lines: their suppressed cells, which of those are primary, and whether the
      true values are known.
    - Feasible tables: every solution of the audit's programs is a table the attacker cannot rule
      out. It differs from the true table only in the cells of its *support* units, so it stays
      feasible for every pattern that suppresses the whole support (the lines and the floors are
      the same) and whose added lines it keeps. A cell that such a table puts 1 or more above (or
      below) its true value has a range at least 1 wide that reaches value + 1 (or value - 1)
      without a program of its own. Exact: a known feasible table only ever shows a range to be
      wide, never narrow.
    """

    def __init__(self) -> None:
        self.verified: set[tuple] = set()
        self._model: Model | None = None  # the model audited now
        # Each table by number: its support and how far it moves each cell from its true value.
        self._supports: list[frozenset] = []
        self._moved: list[dict[tuple[Hashable, str], float]] = []
        # Per cell and direction (True: up), the tables that move it by 1 or more.
        self._moving: dict[tuple[tuple[Hashable, str], bool], list[int]] = {}
        self._hidden: set[Hashable] = set()
        self._added: dict[Hashable, list[Line]] = {}
        self._valid: dict[int, bool] = {}  # per table: feasible for the model and pattern audited now

    def audits(self, model: Model, hidden: set[Hashable], added: Sequence[Line] = ()) -> None:
        """The model and pattern audited from now on; ``added``: its lines that the tables found
        before may not keep (the rest they all keep)."""
        self._model, self._hidden, self._valid = model, hidden, {}
        self._added = {}
        for line in added:
            for unit in dict.fromkeys(cell[0] for cell, coef in line.terms if coef):
                self._added.setdefault(unit, []).append(line)

    def added_to(self, cells: list[tuple[Hashable, str]]) -> bool:
        """Whether an added line runs through one of these cells' units."""
        return any(cell[0] in self._added for cell in cells)

    def remember(self, cells: list[tuple[Hashable, str]], values: np.ndarray, point: np.ndarray) -> None:
        """A feasible table: ``point`` for ``cells`` (whose true values are ``values``), every
        other cell at its true value."""
        moved = np.flatnonzero(np.abs(point - values) > 1e-9)
        number = len(self._supports)
        self._supports.append(frozenset(cells[i][0] for i in moved))
        self._moved.append({cells[i]: float(point[i] - values[i]) for i in moved})
        for i in np.flatnonzero(np.abs(point - values) >= 1 - EPS):
            self._moving.setdefault((cells[i], bool(point[i] > values[i])), []).append(number)

    def moves(self, cell: tuple[Hashable, str], up: bool) -> bool:
        """Whether a table remembered as feasible for the pattern audited now puts ``cell`` 1 or
        more above (``up``) or below its true value."""
        for number in self._moving.get((cell, up), ()):
            if number not in self._valid:
                self._valid[number] = self._feasible(number)
            if self._valid[number]:
                return True
        return False

    def _feasible(self, number: int) -> bool:
        support = self._supports[number]
        if not support <= self._hidden:
            return False
        moved = self._moved[number]
        assert self._model is not None
        for line in {id(line): line for unit in support for line in self._added.get(unit, ())}.values():
            change = sum(coef * moved.get(cell, 0.0) for cell, coef in line.terms)
            if line.kind == "eq" and abs(change) > 1e-9:
                return False
            if line.kind != "eq" and sum(coef * self._model.value(cell) for cell, coef in line.terms) + change > 1e-9:
                return False
        return True


def audit(
    model: Model,
    hidden: set[Hashable],
    primary: set[Hashable],
    memory: Memory | None = None,
    values_known: bool = True,
    most: int | None = 1,
    explain: dict | None = None,
    added: Sequence[Line] = (),
) -> list[tuple[Hashable, str]]:
    """The suppressed cells an attacker could derive or bound too tightly (empty when safe).

    The ``most``-th exposed cell ends the audit (the first by default; None: all of them, in
    every component). ``memory`` is kept by a caller that audits the same model again with other
    cells suppressed, or with more lines (``added``, see Memory). ``explain`` receives, per
    exposed cell, why its range is what it is (see Dual). Without ``values_known`` (checking tables
    someone else protected, whose hidden values are not known here) a cell is exposed when the
    published cells pin it to a range under 1 wide.
    """
    variables = sorted({c for line in model.lines for c, coef in line.terms if coef and c[0] in hidden}, key=repr)
    if not variables:
        return []
    if memory is None:
        memory = Memory()
    memory.audits(model, hidden, added)
    index = {c: i for i, c in enumerate(variables)}
    exposed: list[tuple[Hashable, str]] = []
    # The hidden variables of each line, once: a component's lines are those that share one.
    line_vars = [{index[c] for c, _ in line.terms if c in index} for line in model.lines]
    for component in _components(model, hidden, index):
        cols = sorted(component)
        cells = [variables[v] for v in cols]
        # What decides a component's verdict: its suppressed cells, which of them are primary
        # (small cells must reach value + 1) and what the attacker knows.
        primary_here = frozenset(c[0] for c in cells if c[0] in primary)
        signature, added_here = (frozenset(cells), primary_here, values_known), memory.added_to(cells)
        if signature in memory.verified and not added_here:
            continue
        lines = [line for line, found in zip(model.lines, line_vars) if not found.isdisjoint(component)]
        pos = {v: j for j, v in enumerate(cols)}
        exposed_before = len(exposed)
        values = np.array([float(model.value(c)) for c in cells])
        rows: list[dict[int, float]] = []
        lower, upper = [], []
        for line in lines:
            row: dict[int, float] = {}
            constant = 0.0
            for cell, coef in line.terms:
                if not coef:
                    continue
                if cell[0] in hidden:
                    row[pos[index[cell]]] = row.get(pos[index[cell]], 0.0) + coef
                else:
                    constant += coef * model.value(cell)
            rows.append(row)
            lower.append(-constant if line.kind == "eq" else -np.inf)
            upper.append(-constant)
        # Only the attacker who knows non-zero cells are >= 1 is audited: that feasible set lies
        # inside the one with x >= 0, and both checks only get harder on a narrower range.
        floor = [1.0 if values_known and value > 0 else 0.0 for value in values]
        # Every solution is a feasible table to remember (where the true values are known).
        # Without them, the highest and lowest value each cell takes in the tables found.
        seen = (np.full(len(cells), -np.inf), np.full(len(cells), np.inf))
        remember = functools.partial(memory.remember, cells, values) if values_known else functools.partial(_spread, *seen)
        solver = _Ranges(rows, len(cols), lower, upper, floor, remember)
        # In a large component an exposed cell is mostly shown so by the lines around it.
        nearby = _Nearby(rows, lines, cells, lower, upper, floor, values) if values_known and len(cells) >= NEARBY_FROM else None
        if not values_known:
            solver.lower_together()

        # The cells on added lines first: where the audit fails, it is mostly there.
        on_added = [memory.added_to([cell]) for cell in cells]
        first = [j for j in range(len(cells)) if on_added[j]]
        order = first + [j for j in range(len(cells)) if not on_added[j]]
        audited = [j for j in order if cells[j][1] in model.units[cells[j][0]].audited]
        if values_known:
            _raise_together(solver, memory, cells, values, [j for j in audited if on_added[j]])
        swept = not values_known
        for j in order:
            cell = cells[j]
            if not swept and not on_added[j]:
                swept = True
                _raise_together(solver, memory, cells, values, audited)
            unit = model.units[cell[0]]
            if cell[1] not in unit.audited:
                continue
            if not values_known:
                # Only the published figures are known: a cell is exposed when they pin it down.
                # Two tables found feasible that differ by 1 in the cell show that they do not.
                high, low = seen[0][j], seen[1][j]
                if high - low >= 1 - EPS:
                    continue
                high = solver.bound(j, maximise=True)
                if high - low >= 1 - EPS:
                    continue
                if high - solver.bound(j, maximise=False) < 1 - EPS:
                    exposed.append(cell)
                    if most is not None and len(exposed) >= most:
                        return exposed
                continue
            value = values[j]
            small = cell[0] in primary and cell[1] in unit.small
            # The true table is feasible: a range is at least 1 wide when a feasible table puts the
            # cell 1 above its value (which a small cell also needs), or 1 below it.
            if memory.moves(cell, up=True) or (not small and memory.moves(cell, up=False)):
                continue
            if nearby is not None:
                near = nearby.exposed(j, small, explain is not None)
                if near is not None:
                    exposed.append(cell)
                    if explain is not None:
                        explain[cell] = near
                    if most is not None and len(exposed) >= most:
                        return exposed
                    continue
            # Whether the largest value reaches value + 1 is all that matters above it: the
            # program stops there (capped), which also bounds it.
            high = solver.bound(j, maximise=True, cap=value + 1)
            if high >= value + 1 - EPS:
                continue  # the true value is feasible, so low <= value and the range is >= 1 wide
            why = {True: solver.dual(j, lines, cells)} if explain is not None else {}
            if small or high - solver.bound(j, maximise=False) < 1 - EPS:
                exposed.append(cell)
                if explain is not None:
                    if not small:
                        why[False] = solver.dual(j, lines, cells)
                    explain[cell] = why
                if most is not None and len(exposed) >= most:
                    return exposed
        if not added_here and len(exposed) == exposed_before:
            memory.verified.add(signature)
    return exposed


def _spread(high: np.ndarray, low: np.ndarray, point: np.ndarray) -> None:
    """The highest and lowest value each variable took, with this feasible ``point``."""
    np.maximum(high, point, out=high)
    np.minimum(low, point, out=low)


def _raise_together(solver: _Ranges, memory: Memory, cells: list, values: np.ndarray, todo: list[int]) -> None:
    """Programs that raise every cell of ``todo`` not yet shown to reach value + 1 together (again
    while they show enough): one table can show that for many cells, which then need no program
    of their own."""
    while True:
        todo = [i for i in todo if not memory.moves(cells[i], up=True)]
        if len(todo) < 2:
            return
        before = len(todo)
        solver.raise_together(todo, values[todo] + 1)
        todo = [i for i in todo if not memory.moves(cells[i], up=True)]
        if len(todo) > before * 0.9:
            return  # what is left may not reach value + 1: one program per cell


# From this many suppressed cells on, a component's exposed cells are first sought with programs
# over the lines around each cell (_Nearby); in smaller ones the component's own program is as
# cheap. Rings stop at NEARBY_MAX cells and at 1/NEARBY_SHARE of the component.
NEARBY_FROM = 300
NEARBY_MAX = 200
NEARBY_SHARE = 4


class _Nearby:
    """Programs over the lines around one cell that show it exposed without the program of its
    whole component (a region's linked tables make that a thousand cells and more).

    Ring by ring around cell j: the lines through the cells found so far, with every cell on
    them. Leaving out every other line can only widen what the attacker's program allows, so a
    range these lines alone keep narrow is narrow in the whole program too, and the duals of the
    smaller program bound the whole one (weak duality over a part of its lines), as Dual needs for
    the cuts. A range they leave wide says nothing: the caller then solves the whole program. Its
    solutions are no tables of the component (other lines may not hold), so none is remembered.
    (Keeping the outer ring at its true values instead gives tables that are, but on a region's
    tables memory and raise_together had already shown almost all of those.)
    """

    def __init__(self, rows, lines, cells, lower, upper, floor, values):
        self._rows, self._lines, self._cells = rows, lines, cells
        self._lower, self._upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
        self._floor, self._values = np.asarray(floor, dtype=float), values
        self._limit = min(len(cells) // NEARBY_SHARE, NEARBY_MAX)
        self._on: list[list[int]] = [[] for _ in cells]  # per cell, the rows it is on
        for r, row in enumerate(rows):
            for v in row:
                self._on[v].append(r)

    def _rings(self, j: int):
        """Per ring: its cells (sorted) and the rows through the cells of the ring before."""
        inside: set[int] = {j}
        while True:
            rows = sorted({r for v in inside for r in self._on[v]})
            cols = set(inside).union(*(self._rows[r] for r in rows))
            if len(cols) > self._limit or len(cols) == len(inside):
                return
            yield sorted(cols), rows
            inside = cols

    def exposed(self, j: int, small: bool, explain: bool) -> dict[bool, Dual | None] | None:
        """When the lines around cell j show it exposed: its duals as audit's ``explain`` holds
        them (empty unless ``explain``); else None."""
        value = self._values[j]
        for cols, rows in self._rings(j):
            at = {v: i for i, v in enumerate(cols)}
            local = [{at[v]: coef for v, coef in self._rows[r].items()} for r in rows]
            solver = _Ranges(local, len(cols), self._lower[rows], self._upper[rows], self._floor[cols], None, "nearby")
            me = at[j]
            high = solver.bound(me, maximise=True, cap=value + 1)
            if high >= value + 1 - EPS:
                continue  # wide enough here; a wider ring or the whole program may narrow it
            lines, cells = [self._lines[r] for r in rows], [self._cells[v] for v in cols]
            why = {True: solver.dual(me, lines, cells)} if explain else {}
            if small:
                return why
            if high - solver.bound(me, maximise=False) < 1 - EPS:
                if explain:
                    why[False] = solver.dual(me, lines, cells)
                return why
        return None


@dataclass
class Dual:
    """Why a cell's largest (``maximise``) or smallest value is what it is: the attacker's program
    min c'x (c = -1 or +1 on the cell) has ``optimum``, and ``reduced`` holds c - A'y for every
    cell on its lines, with y its duals on the lines (a "<=" line's y is never positive). By weak
    duality, for any pattern the program's optimum is at least the sum of reduced * (the lower
    bound where positive, the upper bound where negative) over the cells: the bounds of a
    published cell are its value, of a suppressed one its floor and infinity. That makes the
    cuts of privacy.optimal without a program of their own."""

    maximise: bool
    optimum: float  # of the minimisation (so minus the largest value when maximising)
    reduced: dict[tuple[Hashable, str], float]
    lines: list[Line] = field(default_factory=list)  # those with a dual: the bound needs only them


class _Ranges:
    """One component's linear program in HiGHS: rows ``lower <= A x <= upper``, ``x >= floor``;
    the objective changes per cell, so each solve starts from the previous basis."""

    def __init__(
        self,
        rows: list[dict[int, float]],
        n: int,
        lower: list[float],
        upper: list[float],
        floor: list[float],
        remember: Callable[[np.ndarray], None] | None = None,
        purpose: str = "audit",
    ):
        import highspy

        self._highspy = highspy
        self._solver = _highs(purpose)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(rows)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.array(floor, dtype=float)
        lp.col_upper_ = np.full(n, highspy.kHighsInf)
        lp.row_lower_ = np.where(np.isinf(lower), -highspy.kHighsInf, lower)
        lp.row_upper_ = np.array(upper, dtype=float)
        set_rows(lp, n, rows)
        self._check(self._solver.passModel(lp), "passModel")
        self._n = n
        self._floor = [float(f) for f in floor]
        # The last optimum's sense, value and duals on the rows (for dual()).
        self._last: tuple[bool, float, np.ndarray] | None = None
        self._remember = remember
        self._current: int | None = None

    def bound(self, j: int, maximise: bool, cap: float | None = None) -> float:
        """The largest (or smallest) value of variable ``j`` over the feasible set (its solution
        goes to ``remember``). ``cap``: an upper bound on ``j`` for this program only (the
        largest value found is then min(largest, cap))."""
        highspy, solver = self._highspy, self._solver
        unbounded = (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible)
        if self._current != j:
            cost = np.zeros(self._n)
            cost[j] = 1.0
            self._check(solver.changeColsCost(self._n, np.arange(self._n, dtype=np.int32), cost), "changeColsCost")
            self._current = j
        if cap is not None:
            self._check(solver.changeColBounds(j, self._floor[j], cap), "changeColBounds")
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        self._last = None
        try:
            self._check(solver.run(), "run")
            status = solver.getModelStatus()
            if status not in (highspy.HighsModelStatus.kOptimal, *unbounded):
                # Starting from the previous basis can leave HiGHS without a verdict ("Unknown")
                # on a degenerate program; solve it again from scratch before giving up.
                solver.clearSolver()
                self._check(solver.run(), "run")
                status = solver.getModelStatus()
            if status in unbounded:
                # The true table is a feasible point, so "unbounded or infeasible" means unbounded.
                return float("inf") if maximise else float("-inf")
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"disclosure audit: linear program failed ({solver.modelStatusToString(status)})")
            solution, optimum = solver.getSolution(), solver.getInfo().objective_function_value
            if self._remember is not None:
                self._remember(np.array(solution.col_value))
            self._last = (maximise, optimum, np.array(solution.row_dual))
            return optimum
        finally:
            if cap is not None:
                self._check(solver.changeColBounds(j, self._floor[j], highspy.kHighsInf), "changeColBounds")

    def raise_together(self, js: list[int], caps: np.ndarray) -> None:
        """One program that raises the variables ``js`` together, each up to its cap (so it is
        bounded): its solution goes to ``remember``, a table that may move many at once."""
        highspy, solver = self._highspy, self._solver
        columns = np.array(js, dtype=np.int32)
        cost = np.zeros(self._n)
        cost[columns] = 1.0
        self._check(solver.changeColsCost(self._n, np.arange(self._n, dtype=np.int32), cost), "changeColsCost")
        self._current, self._last = None, None
        floors = np.array(self._floor)[columns]
        self._check(solver.changeColsBounds(len(columns), columns, floors, caps), "changeColsBounds")
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        try:
            self._check(solver.run(), "run")
            if solver.getModelStatus() == highspy.HighsModelStatus.kOptimal and self._remember is not None:
                self._remember(np.array(solver.getSolution().col_value))
        finally:
            infinite = np.full(len(columns), highspy.kHighsInf)
            self._check(solver.changeColsBounds(len(columns), columns, floors, infinite), "changeColsBounds")

    def lower_together(self) -> None:
        """One program that lowers every variable together (bounded by the floors): its solution
        goes to ``remember``."""
        highspy, solver = self._highspy, self._solver
        self._check(solver.changeColsCost(self._n, np.arange(self._n, dtype=np.int32), np.ones(self._n)), "changeColsCost")
        self._current, self._last = None, None
        solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
        self._check(solver.run(), "run")
        if solver.getModelStatus() == highspy.HighsModelStatus.kOptimal and self._remember is not None:
            self._remember(np.array(solver.getSolution().col_value))

    def dual(self, j: int, lines: list[Line], cells: list) -> Dual | None:
        """The last program's duals (it optimised variable ``j``) as a Dual over every cell on
        ``lines`` (its rows), or None when it had none (unbounded) or they cannot bound it."""
        if self._last is None:
            return None
        maximise, optimum, y = self._last
        if maximise:
            y = -y  # the duals of min -x_j
        le = np.array([line.kind != "eq" for line in lines], dtype=bool)
        if len(le) and (y[le] > 1e-9).any():
            return None
        reduced: dict[tuple[Hashable, str], float] = {cells[j]: -1.0 if maximise else 1.0}
        used = np.flatnonzero(np.abs(y) > 1e-12)
        for r in used:
            for cell, coef in lines[r].terms:
                if coef:
                    reduced[cell] = reduced.get(cell, 0.0) - y[r] * coef
        return Dual(maximise, -optimum if maximise else optimum, reduced, [lines[r] for r in used])

    def _check(self, status, operation: str) -> None:
        if status == self._highspy.HighsStatus.kError:
            raise RuntimeError(f"disclosure audit: HiGHS {operation} failed")


@cache
def _highs(purpose: str = "audit"):
    """A silent HiGHS instance per purpose, one per process (each model replaces the last).

    highspy prints its licence banner on the C-level standard output when the first instance is
    made, and stdout may carry JSON (nazorg indicators), so that moment runs with file
    descriptor 1 pointed at the null device."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    solver.silent()
    solver.setOptionValue("threads", 1)
    return solver


def _components(model: Model, hidden: set[Hashable], index: dict) -> list[set[int]]:
    """Groups of suppressed cells linked through lines, audited separately (smaller LPs)."""
    groups = linked(range(len(index)), ([index[c] for c, coef in line.terms if coef and c[0] in hidden] for line in model.lines))
    return [groups[k] for k in sorted(groups)]


def linked(items: Iterable[T], chains: Iterable[list[T]]) -> dict[T, set[T]]:
    """The items grouped so that the members of each chain share a group (union-find), by a
    representative member."""
    parent = {i: i for i in items}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for chain in chains:
        for a, b in itertools.pairwise(chain):
            parent[find(a)] = find(b)
    groups: dict[T, set[T]] = {}
    for i in parent:
        groups.setdefault(find(i), set()).add(i)
    return groups


def set_rows(lp, n: int, rows: list[dict[int, float]]) -> None:
    """A HighsLp's constraint matrix from sparse rows (column -> coefficient), stored by column
    as HiGHS takes it."""
    import highspy

    columns: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for r, row in enumerate(rows):
        for j, v in row.items():
            if v:
                columns[j].append((r, v))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum([len(c) for c in columns])]).astype(np.int32)
    lp.a_matrix_.index_ = np.array([r for c in columns for r, _ in c], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([v for c in columns for _, v in c], dtype=float)
