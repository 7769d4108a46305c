"""How many cells secondary suppression costs, against an independent exact minimum.

    python benchmarks/suppression.py [--tables 20] [--seed 1] [--time-limit 60]

For random count tables with all their totals, 1-, 2- and 3-dimensional, and hierarchical ones
(a region as the sum of its sub-regions, each the sum of its gemeenten, by category), and for the
sample data, it reports the primary cells, what the product suppresses (privacy.optimal, DOMAIN §6
v2), what the v1 line rule suppressed, and the exact minimum under the same three criteria (no
total where a choice without totals exists; the fewest cells; the largest cells) from a
separately and plainly written model: one mixed-integer program (scipy.optimize.milp) that holds,
next to the 0/1 choice of every cell, a copy of the whole table per protected cell in which an
attacker must be able to move that cell (the classical attacker-in-the-model formulation, with
bounds opened by big-M when a cell is suppressed). Target: the product equals the minimum on every
table that the exact model solves within its time limit.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

K = 5


# --- tables ---------------------------------------------------------------------------------


def hierarchy(leaves: int, groups: list[int] | None = None) -> dict:
    """One dimension: its leaves 0..leaves-1 and its totals, each total with the nodes it adds up.
    ``groups``: sizes of sub-totals (sub-regions) under the dimension's total."""
    children: dict = {}
    if groups:
        start, subs = 0, []
        for g, size in enumerate(groups):
            children[f"s{g}"] = list(range(start, start + size))
            subs.append(f"s{g}")
            start += size
        children["T"] = subs
    else:
        children["T"] = list(range(leaves))
    return children


def table(shape_dims: list[dict], rng: random.Random, high: int = 25):
    """Units (one per cell of the table with its totals), their values and the lines."""
    from nazorg_cli.privacy.suppression import Line, Model, Unit

    leaves = [sorted(n for kids in dim.values() for n in kids if isinstance(n, int)) for dim in shape_dims]
    nodes = [leaf + list(dim) for leaf, dim in zip(leaves, shape_dims)]
    base = {cell: rng.randint(0, high) for cell in itertools.product(*leaves)}

    def expand(dim: int, node) -> list:
        kids = shape_dims[dim].get(node)
        return [node] if kids is None else [leaf for kid in kids for leaf in expand(dim, kid)]

    values = {}
    for key in itertools.product(*nodes):
        values[key] = sum(base[c] for c in itertools.product(*(expand(d, n) for d, n in enumerate(key))))
    units = {
        key: Unit(key, {"v": v}, total=any(not isinstance(n, int) for n in key), audited=("v",), small=("v",))
        for key, v in values.items()
    }
    lines = []
    for d, dim in enumerate(shape_dims):
        others = [nodes[o] for o in range(len(shape_dims)) if o != d]
        for parent, kids in dim.items():
            for rest in itertools.product(*others):

                def at(node, rest=rest, d=d):
                    key = list(rest)
                    key.insert(d, node)
                    return tuple(key)

                lines.append(Line([((at(parent), "v"), 1.0)] + [((at(kid), "v"), -1.0) for kid in kids]))
    primary = {key for key, v in values.items() if 0 < v < K}
    return Model(units, lines), primary


def random_table(kind: str, rng: random.Random):
    if kind == "1-D":
        return table([hierarchy(rng.randint(2, 8))], rng)
    if kind == "2-D":
        return table([hierarchy(rng.randint(2, 5)), hierarchy(rng.randint(2, 5))], rng)
    if kind == "3-D":
        return table([hierarchy(rng.randint(2, 3)), hierarchy(rng.randint(2, 3)), hierarchy(2)], rng, high=12)
    # hierarchical: a region of two or three sub-regions of gemeenten, by two to four categories
    groups = [rng.randint(2, 3) for _ in range(rng.randint(2, 3))]
    return table([hierarchy(sum(groups), groups), hierarchy(rng.randint(2, 4))], rng)


# --- the independent exact minimum -------------------------------------------------------------


def exact_minimum(model, primary: set, time_limit: float):
    """(totals, cells, -size) of the best suppression under the three criteria, or None when the
    model is not solved within the time limit. Written apart from the product: scipy's milp,
    every requirement as a copy of the table in which the attacker must reach a point."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    keys = sorted(model.units, key=repr)
    n = len(keys)
    pos = {k: i for i, k in enumerate(keys)}
    v = np.array([model.units[k].cells["v"] for k in keys], dtype=float)
    floor = (v > 0).astype(float)
    big = 10.0 * (v.max() + 1)
    lines = np.zeros((len(model.lines), n))
    for r, line in enumerate(model.lines):
        for (key, _), coef in line.terms:
            lines[r, pos[key]] += coef
    # Requirements: a primary cell must be able to reach v + 1; every other cell, when suppressed,
    # must be able to take two values at least 1 apart (two copies).
    copies: list[tuple[str, int]] = [("up", pos[k]) for k in sorted(primary, key=repr)]
    copies += [(side, i) for i in range(n) if keys[i] not in primary for side in ("hi", "lo")]
    width = n + n * len(copies)
    rows, low, high = [], [], []

    def row() -> np.ndarray:
        return np.zeros(width)

    for c, (side, target) in enumerate(copies):
        off = n + c * n
        for r in range(len(model.lines)):  # the table's lines hold in the copy
            a = row()
            a[off : off + n] = lines[r]
            rows.append(a)
            low.append(0.0)
            high.append(0.0)
        for j in range(n):  # y_j <= v_j + big x_j and y_j >= v_j - (v_j - floor_j) x_j
            a = row()
            a[off + j], a[j] = 1.0, -big
            rows.append(a)
            low.append(-np.inf)
            high.append(v[j])
            a = row()
            a[off + j], a[j] = 1.0, v[j] - floor[j]
            rows.append(a)
            low.append(v[j])
            high.append(np.inf)
        if side == "up":
            a = row()
            a[off + target] = 1.0
            rows.append(a)
            low.append(v[target] + 1)
            high.append(np.inf)
    for c, (side, target) in enumerate(copies):
        if side == "hi":  # y_hi - y_lo >= 1 when suppressed: >= 1 - (1 - x) * 1 ... written out
            other = copies.index(("lo", target))
            a = row()
            a[n + c * n + target], a[n + other * n + target], a[target] = 1.0, -1.0, -1.0
            rows.append(a)
            low.append(0.0)
            high.append(np.inf)
    totals = np.array([float(model.units[k].total) for k in keys])
    free = np.array([k not in primary for k in keys], dtype=float)
    size = v * free
    cost = np.zeros(width)
    cost[:n] = ((n + 1) * totals + 1) * free * (size.sum() + 1) - size
    integrality = np.zeros(width)
    integrality[:n] = 1
    lower = np.concatenate([np.array([1.0 if k in primary else 0.0 for k in keys]), np.full(width - n, -np.inf)])
    upper = np.concatenate([np.ones(n), np.full(width - n, np.inf)])
    result = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), low, high),
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": time_limit, "mip_rel_gap": 0.0},
    )
    if result.status != 0:
        return None
    hidden = {keys[i] for i in range(n) if result.x[i] > 0.5}
    return criteria(model, hidden, primary)


def criteria(model, hidden: set, primary: set) -> tuple[int, int, int]:
    extra = hidden - primary
    return (
        sum(model.units[u].total for u in extra),
        len(extra),
        -sum(model.units[u].cells["v"] for u in extra),
    )


# --- the comparison ----------------------------------------------------------------------------


def random_tables(per_kind: int, seed: int, time_limit: float) -> None:
    from nazorg_cli.privacy.optimal import suppress_optimal
    from nazorg_cli.privacy.suppression import suppress

    rng = random.Random(seed)
    columns = ["tables", "cells", "primary", "v1 line rule", "product", "exact minimum", "product = minimum"]
    print("| " + " | ".join([*columns, "seconds per table (product / exact)"]) + " |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind in ("1-D", "2-D", "3-D", "hierarchical"):
        cells = primary_n = line_n = product_n = exact_n = equal = solved = 0
        product_s, exact_s = [], []
        for _ in range(per_kind):
            model, primary = random_table(kind, rng)
            started = time.perf_counter()
            outcome = suppress_optimal(model, primary)
            product_s.append(time.perf_counter() - started)
            line = suppress(model, primary)
            started = time.perf_counter()
            best = exact_minimum(model, primary, time_limit)
            exact_s.append(time.perf_counter() - started)
            cells += len(model.units)
            primary_n += len(primary)
            line_n += len(line)
            if best is None:
                continue
            solved += 1
            product_n += len(outcome.hidden)
            exact_n += len(primary) + best[1]
            mine = criteria(model, outcome.hidden, primary)
            equal += mine == best
            if mine != best:
                print(f"  differs on a {kind} table: product {mine}, minimum {best}", file=sys.stderr)
        print(
            f"| {per_kind} {kind} ({solved} solved exactly) | {cells} | {primary_n} | {line_n} | {product_n} | {exact_n} "
            f"| {equal} of {solved} | {statistics.mean(product_s):.3f} / {statistics.mean(exact_s):.2f} |"
        )


def sample_figures() -> None:
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.indicators.protection import _key, build_model, needs_primary_suppression
    from nazorg_cli.pipeline import read_exports, resolve_period
    from nazorg_cli.privacy.optimal import suppress_optimal
    from nazorg_cli.privacy.suppression import suppress

    prepared = read_exports(Path(__file__).resolve().parent.parent / "sample_data")
    results = compute(prepared.data.frames, resolve_period(prepared, None), prepared.data.latest_date(), prepared.config.gemeente)
    defs = catalog()
    print("| sample_data period | records | primary | v1 line rule (totals) | product (totals) | seconds (product) |")
    print("|---|---:|---:|---:|---:|---:|")
    for periode in sorted({r.periode for r in results}):
        mine = [r for r in results if r.periode == periode]
        model = build_model(mine)
        primary = {_key(r) for r in mine if needs_primary_suppression(r, defs[r.id].eenheid)}
        line = suppress(model, primary)
        started = time.perf_counter()
        hidden = suppress_optimal(model, primary).hidden
        seconds = time.perf_counter() - started
        totals = [sum(model.units[u].total for u in h - primary) for h in (line, hidden)]
        print(
            f"| {periode} | {len(mine)} | {len(primary)} | {len(line)} ({totals[0]}) | {len(hidden)} ({totals[1]}) "
            f"| {seconds:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=20, help="random tables of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds for the exact model per table")
    args = parser.parse_args()
    sample_figures()
    print()
    random_tables(args.tables, args.seed, args.time_limit)


if __name__ == "__main__":
    main()
