"""Secondary suppression as an exact optimum (DOMAIN §6 v2): the fewest figures lost.

Which extra units to suppress is chosen by three criteria, in this order:

1. no total (a unit marked ``total``, the headline figure) when a choice without totals exists;
2. the fewest units (a unit's ``weight`` counts the records that go with it, a cost with its
   count);
3. larger units rather than smaller ones (the largest sum of the units' ``size``): the small
   categories are the ones readers ask about.

Per group of linked units (a connected component of the lines that holds a primary unit), a
mixed-integer model (HiGHS) picks the units, x_u = 1 for suppressed. Safety is not written into
the model up front; it is learnt from the exact audit (suppression.audit), which checks every
candidate: while the audit finds an exposed cell, a cut that the candidate violates and every safe
pattern satisfies is added, and the model is solved again (logic-based Benders decomposition, as
Fischetti and Salazar protect tables). The cut comes from the attacker's linear program with every
cell of the group as a variable (published ones fixed, suppressed ones from their floor upward):
its dual solution bounds the attacker's range as an affine function of x, so the cut says which
units would have to be suppressed to widen the range enough. Where the duals cannot give a cut
(numerically), a combinatorial cut says "at least one more unit of the group". The loop ends
with a pattern the audit passes, which is then optimal: every cut holds for every safe pattern.

A time limit bounds the loop; when it is reached the heuristic of suppression.suppress (line rule
and repair) gives the pattern, and the caller is told (``Outcome.optimal`` False).
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from nazorg_cli.privacy.suppression import Dual, Memory, Model, audit, linked, set_rows, suppress

DEFAULT_TIME_LIMIT = 20.0  # seconds per call (every group of one period together)


@dataclass
class Outcome:
    hidden: set[Hashable]
    optimal: bool = True  # False: a time limit was reached and the heuristic decided a group


def suppress_optimal(
    model: Model,
    primary: set[Hashable],
    size: Mapping[Hashable, float] | None = None,
    weight: Mapping[Hashable, int] | None = None,
    time_limit: float | None = None,
) -> Outcome:
    """The units to suppress: the primary ones plus the best set of others (see the module
    docstring) that the exact audit passes. ``size``: a unit's size for criterion 3 (default: its
    largest cell); ``weight``: the records a unit stands for (default 1).

    Every group's best pattern under its cuts so far is put together and the whole model is
    audited at once (the audit's programs per connected set of suppressed cells are the costly
    part); an exposed cell adds a cut to its own group, whose pattern is then chosen again."""
    deadline = time.perf_counter() + (DEFAULT_TIME_LIMIT if time_limit is None else time_limit)
    groups: dict[Hashable, _Group] = {}
    group_of: dict[Hashable, Hashable] = {}
    for members, lines in _groups(model):
        mine = primary & members
        if not mine or not lines:
            continue  # no suppressed unit, or none that any line could give away
        sub = Model({u: model.units[u] for u in members}, lines)
        sizes = {u: float((size or {}).get(u, max(sub.units[u].cells.values(), default=0))) for u in members}
        weights = {u: int((weight or {}).get(u, 1)) for u in members}
        name = min(members, key=repr)
        groups[name] = _Group(sub, mine, sizes, weights)
        group_of.update(dict.fromkeys(members, name))
    chosen: dict[Hashable, set[Hashable]] = {}
    heuristic: set[Hashable] = set()

    def choose(name: Hashable) -> None:
        found = groups[name].master(deadline)
        if found is None:  # out of time: the line rule and repair decide this group
            heuristic.add(name)
            found = suppress(groups[name].model, groups[name].primary)
        chosen[name] = found

    for name in groups:
        choose(name)
    memory = Memory()
    while True:
        hidden = set(primary).union(*chosen.values())
        why: dict = {}
        exposed = audit(model, hidden, primary, memory, most=None, explain=why)
        if not exposed:
            break
        for name in dict.fromkeys(group_of[cell[0]] for cell in exposed):
            if name in heuristic:
                raise RuntimeError("the line rule and repair left a group exposed")
            group = groups[name]
            for cell in dict.fromkeys(cell for cell in exposed if group_of[cell[0]] == name):
                group.cuts.append(group.cut(chosen[name], cell, why.get(cell)))
            choose(name)
    return Outcome(hidden, optimal=not heuristic)


def _units_of(line) -> set[Hashable]:
    return {cell[0] for cell, coef in line.terms if coef}


def _groups(model: Model) -> list[tuple[set[Hashable], list]]:
    """The connected components of the units through the lines, each with its lines."""
    by_root = linked(model.units, ([u for u in _units_of(line) if u in model.units] for line in model.lines))
    root = {u: r for r, members in by_root.items() for u in members}
    groups: dict[Hashable, tuple[set[Hashable], list]] = {r: (members, []) for r, members in by_root.items()}
    for line in model.lines:
        on_line = _units_of(line)
        if on_line:
            groups[root[next(iter(on_line))]][1].append(line)
    return sorted(groups.values(), key=lambda g: repr(sorted(g[0], key=repr)))


class _Group:
    """One group's master model, its cuts and the attacker's programs that make them."""

    def __init__(self, model: Model, primary: set[Hashable], size: dict, weight: dict):
        self.model, self.primary = model, primary
        self.units = sorted(model.units, key=repr)
        self.column = {u: i for i, u in enumerate(self.units)}
        # Criteria 1 and 2 as one integer objective: a total outweighs any number of other units
        # (a unit of tier t costs heavy ** t, more than all units of lower tiers together).
        free = [u for u in self.units if u not in primary]
        heavy = sum(weight[u] for u in free) + 1
        self.first = np.array(
            [
                0.0 if u in primary else float(heavy ** model.units[u].rank if model.units[u].rank else 0) + weight[u]
                for u in self.units
            ]
        )
        self.second = np.array([0.0 if u in primary else float(round(size[u])) for u in self.units])
        self.cuts: list[tuple[dict[int, float], float]] = self._partners()
        # Every cell on a line is a variable of the attacker's program.
        self.cells = sorted({cell for line in model.lines for cell, coef in line.terms if coef}, key=repr)
        self.cell_index = {c: i for i, c in enumerate(self.cells)}
        self.values = np.array([float(model.value(c)) for c in self.cells])
        self.floors = (self.values > 0).astype(float)

    def _attacker(self):
        """The attacker's program of this group in HiGHS, made once: each bound changes only the
        objective and the columns' bounds."""
        import highspy

        solver = _solver("attacker")
        if getattr(solver, "_nazorg_group", None) is not self:
            lines, n = self.model.lines, len(self.cells)
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = n, len(lines)
            lp.col_cost_ = np.zeros(n)
            lp.col_lower_ = self.values.copy()
            lp.col_upper_ = self.values.copy()
            lp.row_lower_ = np.array([0.0 if line.kind == "eq" else -highspy.kHighsInf for line in lines])
            lp.row_upper_ = np.zeros(len(lines))
            set_rows(lp, n, [{self.cell_index[c]: coef for c, coef in line.terms if coef} for line in lines])
            solver.clearModel()
            solver.passModel(lp)
            solver._nazorg_group = self  # which group's program the instance holds
        return solver

    def _partners(self) -> list[tuple[dict[int, float], float]]:
        """The cuts every safe pattern satisfies from the start: a suppressed unit with one cell on
        an equality line, an audited one, needs another suppressed unit on that line (else the
        line gives the cell away): sum(x_w, w other on the line) >= x_u."""
        cuts = []
        for line in self.model.lines:
            if line.kind != "eq":
                continue
            on_line: dict[Hashable, list[str]] = {}
            for cell, coef in line.terms:
                if coef:
                    on_line.setdefault(cell[0], []).append(cell[1])
            members = set(on_line)
            for cell, coef in line.terms:
                unit = self.model.units[cell[0]]
                # Only a unit with a single cell on the line: two of its own cells are two unknowns.
                if coef and cell[1] in unit.audited and len(on_line[cell[0]]) == 1 and len(members) > 1:
                    row = {self.column[w]: 1.0 for w in members if w != cell[0]}
                    row[self.column[cell[0]]] = -1.0
                    cuts.append((row, 0.0))
        unique = {tuple(sorted(row.items())): (row, low) for row, low in cuts}
        return list(unique.values())

    def master(self, deadline: float) -> set[Hashable] | None:
        """The best pattern that satisfies every cut so far (None when out of time). The primary
        units alone cost nothing: when they satisfy every cut they are the best."""
        alone = np.array([1.0 if u in self.primary else 0.0 for u in self.units])
        if all(sum(c * alone[i] for i, c in row.items()) >= low - 1e-9 for row, low in self.cuts):
            return set(self.primary)
        if time.perf_counter() >= deadline:
            return None
        return self._master(deadline)

    # -- the master model --------------------------------------------------------------------

    def _master(self, deadline: float) -> set[Hashable] | None:
        """The best pattern that satisfies every cut so far. The three criteria as one integer
        objective (criteria 1 and 2 scaled above any sum of sizes) while that stays exact in
        floating point; else criteria 1 and 2 first, then 3 with them fixed."""
        scale = float(self.second.sum()) + 1
        combined = scale * self.first - self.second
        if float(np.abs(combined).sum()) < 2.0**50:
            chosen = self._mip(combined, None, deadline)
        else:
            first = self._mip(self.first, None, deadline)
            if first is None:
                return None
            second = self._mip(-self.second, (self.first, float(self.first @ first) + 0.5), deadline)
            chosen = first if second is None else second
        return None if chosen is None else {u for u, on in zip(self.units, chosen) if on > 0.5}

    def _mip(self, cost: np.ndarray, bound: tuple[np.ndarray, float] | None, deadline: float) -> np.ndarray | None:
        import highspy

        n = len(self.units)
        rows: list[tuple[dict[int, float], float, float]] = [(coefs, low, highspy.kHighsInf) for coefs, low in self.cuts]
        if bound is not None:
            objective, limit = bound
            rows.append(({i: v for i, v in enumerate(objective) if v}, -highspy.kHighsInf, limit))
        solver = _solver("master")
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(rows)
        lp.col_cost_ = np.asarray(cost, dtype=float)
        lp.col_lower_ = np.array([1.0 if u in self.primary else 0.0 for u in self.units])
        lp.col_upper_ = np.ones(n)
        lp.row_lower_ = np.array([low for _, low, _ in rows], dtype=float)
        lp.row_upper_ = np.array([high for _, _, high in rows], dtype=float)
        set_rows(lp, n, [coefs for coefs, _, _ in rows])
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        solver.clearModel()
        solver.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
        solver.setOptionValue("mip_rel_gap", 0.0)
        solver.setOptionValue("mip_abs_gap", 0.5)  # the objectives are whole numbers
        solver.passModel(lp)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None  # out of time (the cuts never make the model infeasible: all suppressed is safe)
        return np.round(np.array(solver.getSolution().col_value))

    # -- cuts --------------------------------------------------------------------------------

    def cut(self, hidden: set[Hashable], cell, why: dict[bool, Dual | None] | None = None) -> tuple[dict[int, float], float]:
        """A cut that ``hidden`` violates and every safe pattern satisfies, for an exposed cell.
        ``why``: the audit's duals for its largest (True) and smallest value, where it has them
        (else the attacker's program of the group is solved here).

        Every cut is conditional on the cell's own unit: sum(a_u x_u, u other) >= r * x_own (a
        published cell needs no protection), with every coefficient at most r (valid for 0/1 x)."""
        own = cell[0]
        unit = self.model.units[own]
        small = own in self.primary and cell[1] in unit.small
        value = float(self.model.value(cell))

        def bound(maximise: bool):
            found = self._affine((why or {}).get(maximise), hidden)
            return found if found is not None else self._bound(hidden, cell, maximise)

        high = bound(maximise=True)
        if high is not None:
            if small:
                # The small cell's largest possible value must reach value + 1.
                cut = self._conditional(high[0], value + 1 - high[1], own, hidden)
                if cut is not None:
                    return cut
            else:
                low = bound(maximise=False)
                if low is not None:
                    # Its range must be 1 wide: largest - smallest, each bounded by its program.
                    both = {u: high[0].get(u, 0.0) + low[0].get(u, 0.0) for u in set(high[0]) | set(low[0])}
                    cut = self._conditional(both, 1 - (high[1] - low[1]), own, hidden)
                    if cut is not None:
                        return cut
        # At least one more unit of the group, or the cell's own unit published: valid because
        # suppressing fewer never widens a range.
        return {**{self.column[u]: 1.0 for u in self.units if u not in hidden}, self.column[own]: -1.0}, 0.0

    def _conditional(self, coefs: dict[Hashable, float], rhs: float, own: Hashable, hidden: set[Hashable]):
        """sum(a_u x_u) >= rhs, needed only when ``own`` is suppressed, as a row; None when
        ``hidden`` does not violate it clearly (numerical doubt)."""
        need = rhs - coefs.get(own, 0.0)
        if need <= 1e-6:
            return None
        row = {self.column[u]: min(c, need) for u, c in coefs.items() if u != own and c > 1e-9}
        if sum(c for i, c in row.items() if self.units[i] in hidden) > need - 1e-6:
            return None
        row[self.column[own]] = -need
        return row, 0.0

    def _bound(self, hidden: set[Hashable], cell, maximise: bool):
        """The attacker's largest (or smallest) value of ``cell`` as an affine function of x, from
        the attacker's program of the whole group solved at ``hidden`` (see _affine)."""
        import highspy

        cells = self.cells
        n = len(cells)
        hidden_cell = np.array([c[0] in hidden for c in cells])
        solver = self._attacker()
        cost = np.zeros(n)
        cost[self.cell_index[cell]] = -1.0 if maximise else 1.0  # a minimisation: min -y (max) or min y
        everything = np.arange(n, dtype=np.int32)
        solver.changeColsCost(n, everything, cost)
        solver.changeColsBounds(
            n,
            everything,
            np.where(hidden_cell, self.floors, self.values),
            np.where(hidden_cell, highspy.kHighsInf, self.values),
        )
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        solution = solver.getSolution()
        # Weak duality for min c'y needs no "<=" row with a positive dual (its row would
        # contribute minus infinity).
        le = np.array([line.kind != "eq" for line in self.model.lines], dtype=bool)
        if len(le) and (np.array(solution.row_dual)[le] > 1e-9).any():
            return None
        reduced = dict(zip(cells, solution.col_dual))
        return self._affine(Dual(maximise, solver.getInfo().objective_function_value, reduced), hidden)

    def _affine(self, dual: Dual | None, hidden: set[Hashable]):
        """The attacker's largest (or smallest) value of a cell as an affine function of x, from
        the duals of its program (Dual), valid for every pattern and exact at ``hidden``: (a, c)
        with largest <= c + sum(a_u x_u), or smallest >= c - sum(a_u x_u); a_u >= 0 is what
        suppressing u can widen it by. None when the duals do not give the optimum at ``hidden``
        (numerical doubt)."""
        if dual is None:
            return None
        constant = 0.0
        coefs: dict[Hashable, float] = {}
        for c, d in dual.reduced.items():
            if abs(d) <= 1e-12:
                continue
            j = self.cell_index[c]
            value = self.values[j]
            constant += d * value
            # lower_j(x) = v - x (v - floor); upper_j(x) = v + x * infinity
            change = d * (value - self.floors[j]) if d > 0 else np.inf
            coefs[c[0]] = coefs.get(c[0], 0.0) + change
        if dual.maximise:
            constant = -constant
        # Check the bound at the pattern itself (strong duality): it must equal the optimum.
        widened = sum(v for u, v in coefs.items() if u in hidden)
        at_hidden = constant + widened if dual.maximise else constant - widened
        optimum = -dual.optimum if dual.maximise else dual.optimum
        if not np.isfinite(at_hidden) or abs(at_hidden - optimum) > 1e-6 * max(1.0, abs(optimum)):
            return None
        return coefs, float(constant)


def _solver(purpose: str):
    """A HiGHS instance per purpose (the audit's keeps its own options: no time limit there)."""
    from nazorg_cli.privacy.suppression import _highs

    return _highs(purpose)
