"""How much disclosure control suppresses: line rule alone against line rule + exact LP audit.

    python benchmarks/suppression.py [--tables 200] [--seed 1]

For the sample data and for random 1-D and 2-D count tables it reports primary, line-rule and
audited suppression counts, how many cells the line rule alone leaves derivable, and time.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def sample_figures():
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.indicators.protection import build_model, needs_primary_suppression
    from nazorg_cli.pipeline import read_exports, resolve_period
    from nazorg_cli.privacy.suppression import audit, line_rule_only, suppress

    prepared = read_exports(Path(__file__).resolve().parent.parent / "sample_data")
    results = compute(
        prepared.data.frames, resolve_period(prepared, None), prepared.data.latest_date(), prepared.config.gemeente
    ).results
    defs = catalog()
    key = lambda r: (r.id, r.periode, r.uitsplitsing, r.categorie)  # noqa: E731
    totals = {"records": len(results), "primary": 0, "line rule": 0, "audited": 0, "exposed by line rule": 0}
    started = time.perf_counter()
    for periode in sorted({r.periode for r in results}):
        mine = [r for r in results if r.periode == periode]
        primary = {key(r) for r in mine if needs_primary_suppression(r, defs[r.id].eenheid)}
        model = build_model(mine)
        line = line_rule_only(model, primary)
        totals["primary"] += len(primary)
        totals["line rule"] += len(line)
        totals["audited"] += len(suppress(model, primary))
        totals["exposed by line rule"] += len({c[0] for c in audit(model, line, primary)})
    totals["seconds"] = round(time.perf_counter() - started, 2)
    return totals


def random_tables(n: int, seed: int):
    from test_disclosure import derivable, one_d, two_d

    from nazorg_cli.privacy.suppression import line_rule_only, suppress

    rng = random.Random(seed)
    totals = {"tables": n, "cells": 0, "primary": 0, "line rule": 0, "audited": 0, "tables exposed by line rule": 0}
    started = time.perf_counter()
    for i in range(n):
        if i % 2:
            model, primary = one_d([rng.randint(0, 25) for _ in range(rng.randint(2, 8))])
        else:
            rows, cols = rng.randint(2, 5), rng.randint(2, 5)
            model, primary = two_d([[rng.randint(0, 25) for _ in range(cols)] for _ in range(rows)])
        line = line_rule_only(model, primary)
        totals["cells"] += len(model.units)
        totals["primary"] += len(primary)
        totals["line rule"] += len(line)
        totals["audited"] += len(suppress(model, primary))
        totals["tables exposed by line rule"] += bool(derivable(model, line))
    totals["seconds"] = round(time.perf_counter() - started, 2)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("sample_data (all periods):", sample_figures())
    print(f"random tables (seed {args.seed}):", random_tables(args.tables, args.seed))


if __name__ == "__main__":
    main()
