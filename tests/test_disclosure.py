"""Disclosure control: primary rules, the line rule, the exact LP audit, and the sample's output."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from nazorg_cli.indicators.protection import build_model, needs_primary_suppression, protect
from nazorg_cli.indicators.results import count, median_days, percentage
from nazorg_cli.privacy.suppression import Line, Model, Unit, audit, line_rule_only, suppress

K = 5


def table_model(values: dict, lines: list[list[tuple]]) -> tuple[Model, set]:
    """A model of plain count cells; ``lines`` list (key, coef) terms equal to zero."""
    totals = {key for line in lines for key, coef in line if coef > 0}
    units = {key: Unit(key, {"v": v}, total=key in totals, audited=("v",), small=("v",)) for key, v in values.items()}
    model = Model(units, [Line([((key, "v"), coef) for key, coef in line]) for line in lines])
    return model, {key for key, v in values.items() if 0 < v < K}


def one_d(cells: list[int]):
    values = {("c", i): v for i, v in enumerate(cells)}
    values[("t",)] = sum(cells)
    return table_model(values, [[(("t",), 1.0)] + [(("c", i), -1.0) for i in range(len(cells))]])


def two_d(grid: list[list[int]]):
    rows, cols = len(grid), len(grid[0])
    values = {("c", r, c): grid[r][c] for r in range(rows) for c in range(cols)}
    values.update({("r", r): sum(grid[r]) for r in range(rows)})
    values.update({("k", c): sum(grid[r][c] for r in range(rows)) for c in range(cols)})
    values[("t",)] = sum(map(sum, grid))
    lines = [[(("r", r), 1.0)] + [(("c", r, c), -1.0) for c in range(cols)] for r in range(rows)]
    lines += [[(("k", c), 1.0)] + [(("c", r, c), -1.0) for r in range(rows)] for c in range(cols)]
    lines += [[(("t",), 1.0)] + [(("r", r), -1.0) for r in range(rows)]]
    lines += [[(("t",), 1.0)] + [(("k", c), -1.0) for c in range(cols)]]
    return table_model(values, lines)


def derivable(model: Model, hidden: set) -> list:
    """An attacker's LP, written apart from the product code: the range of every hidden cell given
    the published cells, with x >= 0 and with x >= 1 for hidden cells that are not zero."""
    cells = sorted(hidden, key=repr)
    pos = {c: i for i, c in enumerate(cells)}
    rows, rhs = [], []
    for line in model.lines:
        row, const = np.zeros(len(cells)), 0.0
        for (key, _), coef in line.terms:
            if key in hidden:
                row[pos[key]] += coef
            else:
                const += coef * model.units[key].cells["v"]
        if row.any():
            rows.append(row)
            rhs.append(-const)
    found = []
    for strict in (False, True):
        bounds = [(1 if strict and model.units[c].cells["v"] > 0 else 0, None) for c in cells]
        for c in cells:
            e = np.zeros(len(cells))
            e[pos[c]] = 1
            lo = linprog(e, A_eq=np.array(rows) if rows else None, b_eq=rhs or None, bounds=bounds, method="highs")
            hi = linprog(-e, A_eq=np.array(rows) if rows else None, b_eq=rhs or None, bounds=bounds, method="highs")
            low, high = lo.fun, (-hi.fun if hi.status == 0 else np.inf)
            value = model.units[c].cells["v"]
            if high - low < 1 - 1e-7 or (0 < value < K and high < value + 1 - 1e-7):
                found.append(c)
    return found


def test_one_dimensional_classic():
    """Total 20 = 2 + 8 + 10: the 2 is primary; the line rule adds the 8 (smallest positive
    non-total); the 2 then ranges over [0, 10] (or [1, 9] for an attacker who knows it is >= 1)."""
    model, primary = one_d([2, 8, 10])
    hidden = suppress(model, primary)
    assert hidden == {("c", 0), ("c", 1)}
    assert derivable(model, hidden) == []


def test_line_rule_alone_can_leave_a_cell_exposed():
    """Two primaries in one line pass the line rule, but when they are 1 and the rest of the line
    is published, an attacker who knows both are >= 1 pins them: 1 + 1 = 2."""
    model, primary = one_d([1, 1, 30])
    assert line_rule_only(model, primary) == primary
    assert derivable(model, primary)
    hidden = suppress(model, primary)
    assert derivable(model, hidden) == [] and ("c", 2) in hidden


def test_two_dimensional_needs_the_audit():
    model, primary = two_d([[3, 10, 12], [9, 2, 14], [11, 13, 15]])
    hidden = suppress(model, primary)
    assert primary <= hidden and derivable(model, hidden) == []


cells = st.integers(min_value=0, max_value=25)


@settings(max_examples=40, deadline=None)
@given(st.lists(cells, min_size=2, max_size=7))
def test_property_one_d(values):
    model, primary = one_d(values)
    hidden = suppress(model, primary)
    assert primary <= hidden
    assert derivable(model, hidden) == []


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda r: st.integers(2, 4).flatmap(lambda c: st.lists(st.lists(cells, min_size=c, max_size=c), min_size=r, max_size=r))
    )
)
def test_property_two_d(grid):
    model, primary = two_d(grid)
    hidden = suppress(model, primary)
    assert primary <= hidden
    assert derivable(model, hidden) == []


def test_a_degenerate_program_is_solved_again_from_scratch():
    """Found by test_property_two_d: on this grid HiGHS, starting from the previous basis, ended
    one audit solve with status "Unknown" and the run stopped. The audit now solves such a program
    again from scratch, and the protected table holds."""
    model, primary = two_d([[0, 0], [1, 1], [1, 2], [0, 0]])
    hidden = suppress(model, primary)
    assert primary <= hidden
    assert derivable(model, hidden) == []


def test_primary_rules():
    p = "2019-01-01/2019-12-31"
    assert needs_primary_suppression(count("uitstroom", p, 4), "aantal")
    assert not needs_primary_suppression(count("uitstroom", p, 5), "aantal")
    assert not needs_primary_suppression(count("uitstroom", p, 0), "aantal")  # 0 < n < k
    assert needs_primary_suppression(percentage("bereik_nazorg", p, 4, 40), "percentage")  # teller < k
    assert needs_primary_suppression(percentage("bereik_nazorg", p, 36, 40), "percentage")  # noemer - teller < k
    assert needs_primary_suppression(percentage("bereik_nazorg", p, 5, 9 + 0), "percentage")  # noemer < 10
    assert not needs_primary_suppression(percentage("bereik_nazorg", p, 5, 10), "percentage")
    assert needs_primary_suppression(median_days("detentieduur_mediaan", p, range(9)), "dagen")
    assert not needs_primary_suppression(median_days("detentieduur_mediaan", p, range(10)), "dagen")
    assert needs_primary_suppression(count("uitstroom", p, 6), "aantal", k=7)


@pytest.fixture(scope="module")
def sample_results():
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.pipeline import read_exports, resolve_period

    prepared = read_exports(REPO / "sample_data")
    return compute(prepared.data.frames, resolve_period(prepared, None), prepared.data.latest_date(), prepared.config.gemeente)


def test_sample_output_is_protected(sample_results):
    """No published count below k, no published percentage failing the rules, and the product's
    audit finds nothing derivable in any period."""
    from nazorg_cli.indicators.catalog import catalog

    published = protect(sample_results)
    defs = catalog()
    for r in published:
        if r.status != "onderdrukt":
            assert not needs_primary_suppression(r, defs[r.id].eenheid), r
    key = lambda r: (r.id, r.periode, r.uitsplitsing, r.categorie)  # noqa: E731
    hidden = {key(r) for r in published if r.status == "onderdrukt"}
    primary = {key(r) for r in sample_results if needs_primary_suppression(r, defs[r.id].eenheid)}
    assert primary < hidden  # secondary suppression happened
    for periode in {r.periode for r in sample_results}:
        model = build_model([r for r in sample_results if r.periode == periode])
        assert audit(model, {h for h in hidden if h[1] == periode}, {h for h in primary if h[1] == periode}) == []


def test_suppressed_records_carry_no_figures(sample_results):
    for r in protect(sample_results):
        if r.status == "onderdrukt":
            assert (r.waarde, r.teller, r.noemer, r.onbekend) == (None, None, None, None)


def test_every_suppressed_record_says_why(sample_results):
    """reden: primair where the figure itself fails the rules, secundair where it was hidden to
    protect another; published records carry none (DOMAIN §6 v2)."""
    from nazorg_cli.indicators.catalog import catalog

    defs = catalog()
    small = {
        (r.id, r.periode, r.uitsplitsing, r.categorie) for r in sample_results if needs_primary_suppression(r, defs[r.id].eenheid)
    }
    redenen = {"primair": 0, "secundair": 0}
    for r in protect(sample_results):
        key = (r.id, r.periode, r.uitsplitsing, r.categorie)
        if r.status != "onderdrukt":
            assert r.reden is None
            continue
        assert r.reden == ("primair" if key in small else "secundair"), key
        redenen[r.reden] += 1
    assert redenen["primair"] and redenen["secundair"]


def test_republished_figures_say_why_they_are_hidden():
    """A tampered count of 3 is hidden as primair; the total that would give it away is then a
    secundair; a record that was suppressed already keeps its reden."""
    from nazorg_cli.indicators.protection import republish

    period = "2019-01-01/2019-12-31"
    base = {"periode": period, "teller": None, "noemer": None, "onbekend": None, "open": 0}
    records = [
        {**base, "id": "plaatsingen", "uitsplitsing": None, "categorie": None, "waarde": 40, "status": "ok", "reden": None},
        *(
            {**base, "id": "plaatsingen", "uitsplitsing": "soort", "categorie": c, "waarde": v, "status": "ok", "reden": None}
            for c, v in (("contingentwoning", 3), ("forensisch", 30), ("beschermd_wonen", 7), ("overig", 0))
        ),
        {
            **base,
            "id": "uitstroom",
            "uitsplitsing": None,
            "categorie": None,
            "waarde": None,
            "status": "onderdrukt",
            "reden": "primair",
        },
    ]
    out = {(r["id"], r["categorie"]): r for r in republish(records)}
    assert out[("plaatsingen", "contingentwoning")]["reden"] == "primair"
    hidden = [r for r in out.values() if r["status"] == "onderdrukt" and r["id"] == "plaatsingen"]
    assert len(hidden) >= 2 and all(r["reden"] in ("primair", "secundair") for r in hidden)
    assert {r["reden"] for r in hidden} == {"primair", "secundair"}
    assert out[("uitstroom", None)]["reden"] == "primair"


@pytest.mark.parametrize(
    "redenen, expected",
    [
        (["primair"], "wordt er 1 niet gepubliceerd, omdat het om te weinig mensen gaat."),
        (
            ["secundair", "secundair"],
            "worden er 2 niet gepubliceerd, om een ander, klein cijfer in de tabellen te beschermen.",
        ),
        (
            ["primair", "secundair", "primair"],
            "worden er 3 niet gepubliceerd: 2 omdat het om te weinig mensen gaat en 1 om een ander, klein cijfer "
            "in de tabellen te beschermen.",
        ),
        ([None], "wordt er 1 niet gepubliceerd, omdat het om te weinig mensen gaat."),
    ],
)
def test_the_note_gives_the_true_reason_for_each_x(redenen, expected):
    from nazorg_cli.report.context import _hidden_sentence
    from nazorg_cli.report.sentences import WHY_SUPPRESSED, told

    assert _hidden_sentence(9, redenen) == "Van de 9 cijfers van dit thema " + expected
    from nazorg_cli.indicators.catalog import catalog

    definition = catalog()["plaatsingen"]
    P = "2019-01-01/2019-12-31"
    for reden in ("primair", "secundair"):
        (text,) = told(definition, {P: {"status": "onderdrukt", "reden": reden, "periode": P}}, P)
        assert text.endswith(WHY_SUPPRESSED[reden] + ".") and "niet gepubliceerd" in text
    assert "te weinig" not in WHY_SUPPRESSED["secundair"] and "klein cijfer" in WHY_SUPPRESSED["secundair"]


def test_regression_table_that_needs_the_component_fallback():
    """Found by benchmarks/suppression.py: with every unit on the exposed cell's own lines hidden,
    the exposure runs through other lines; the repair must widen to the linked tables and end."""
    model, primary = two_d([[5, 3, 4, 1], [6, 13, 1, 1]])
    hidden = suppress(model, primary)
    assert primary <= hidden and derivable(model, hidden) == []


def test_render_and_history_publish_only_protected_figures(sample_run, tmp_path):
    """Issue 14.5: an indicatoren.json edited to publish a count of 3 is not published as 3; a
    figure whose suppressed neighbour it would reveal is not published either; a median without
    its count cannot be checked and is not published."""
    import json

    from conftest import invoke

    doc = json.loads((sample_run / "indicatoren.json").read_text("utf-8"))
    records = doc["indicatoren"]
    period = f"{doc['periode']['van']}/{doc['periode']['tot_en_met']}"
    total = next(r for r in records if r["id"] == "plaatsingen" and r["periode"] == period and r["uitsplitsing"] is None)
    cells = [r for r in records if r["id"] == "plaatsingen" and r["periode"] == period and r["uitsplitsing"] == "soort"]
    hidden = [r for r in cells if r["status"] == "onderdrukt"]
    assert hidden, "the sample has a suppressed placement category"
    hidden[0].update(waarde=3, status="ok")  # tampered: a count of 3 published
    median = next(r for r in records if r["id"] == "detentieduur_mediaan" and r["periode"] == period)
    median["noemer"] = None  # tampered: the count a median rests on is gone
    (tmp_path / "indicatoren.json").write_text(json.dumps(doc), "utf-8")
    invoke(["render", tmp_path / "indicatoren.json", "--out", tmp_path / "uit"])
    note = (tmp_path / "uit" / "monitor.md").read_text("utf-8")
    row = next(
        line
        for line in note.splitlines()
        if line.startswith(f"| {total['naam']} | woonvorm | {hidden[0]['categorie'].replace('_', ' ')} |")
    )
    assert row.endswith("| x |") and "| 3 |" not in row
    median_row = next(line for line in note.splitlines() if line.startswith("| Mediane detentieduur[^detentieduur_mediaan] |"))
    assert median_row.endswith("| x |")

    # The same rules for figures from the history.
    from nazorg_cli.indicators.protection import republish

    earlier = [dict(r, periode="2016-01-01/2016-12-31") for r in records if r["id"] == "uitstroom" and r["uitsplitsing"] is None]
    earlier[0].update(waarde=3, status="ok")
    assert republish(earlier[:1])[0]["status"] == "onderdrukt"


def test_vlag_lines_are_part_of_the_audit():
    """Each kwetsbaar vlag's noemer + onbekend equals the linked persons: a line of the audit
    (an independent LP recovered a suppressed bereik_nazorg teller from them in v1)."""
    from nazorg_cli.indicators.catalog import relations

    lines = {(r.som, r.gelijk_aan) for r in relations()}
    for flag in ("lvb", "verslaving", "psychisch"):
        assert ((f"kwetsbaar[vlag={flag}].noemer", f"kwetsbaar[vlag={flag}].onbekend"), ("bereik_nazorg.teller",)) in lines


def test_the_data_quality_appendix_shows_no_small_row_count(tmp_path):
    """A briefadres export of one year with 3 requests: x in the table and no '3 rijen' in Bijlage 3."""
    import shutil

    from conftest import REPO, bsn, invoke, write_csv

    data = tmp_path / "data"
    shutil.copytree(REPO / "sample_data", data)
    (data / "briefadres.xlsx").unlink()
    write_csv(data, "briefadres", [{"BSN": bsn(i), "Aanvraagdatum": "1-3-2019", "Besluit": "toegekend"} for i in (1, 2, 3)])
    invoke(["evaluate", data, "--out", tmp_path / "uit"])
    note = (tmp_path / "uit" / "monitor.md").read_text("utf-8")
    row = next(line for line in note.splitlines() if line.startswith("| briefadres | briefadres.csv |"))
    assert row.count("| x ") == 4 and "| 3 |" not in row
    appendix = note[note.index("## Datakwaliteit") :]
    assert "kleine aantallen als x" in appendix
    intern = invoke(["evaluate", data, "--out", tmp_path / "intern", "--intern"])
    assert intern.exit_code == 0
    intern_note = (tmp_path / "intern" / "monitor-VERTROUWELIJK.md").read_text("utf-8")
    assert "| briefadres | briefadres.csv | 3 | 3 | – | – |" in intern_note


def exact_minimum(model: Model, primary: set) -> tuple[int, int, int]:
    """The best secondary suppression under the three criteria of DOMAIN §6 v2, found plainly:
    every choice of extra cells in the order (totals, cells, -size), the first that the attacker
    LP above cannot break. Returns its (totals, cells, -size)."""
    others = sorted(set(model.units) - primary, key=repr)

    def cost(extra):
        return (
            sum(model.units[u].total for u in extra),
            len(extra),
            -sum(model.units[u].cells["v"] for u in extra),
        )

    choices = [c for r in range(len(others) + 1) for c in itertools.combinations(others, r)]
    for extra in sorted(choices, key=cost):
        if not derivable(model, primary | set(extra)):
            return cost(extra)
    raise AssertionError("even everything suppressed is not safe")


def criteria(model: Model, hidden: set, primary: set) -> tuple[int, int, int]:
    extra = hidden - primary
    return (sum(model.units[u].total for u in extra), len(extra), -sum(model.units[u].cells["v"] for u in extra))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=6))
def test_optimal_suppression_equals_the_exact_minimum_one_d(values):
    from nazorg_cli.privacy.optimal import suppress_optimal

    model, primary = one_d(values)
    outcome = suppress_optimal(model, primary)
    assert outcome.optimal and primary <= outcome.hidden and derivable(model, outcome.hidden) == []
    assert criteria(model, outcome.hidden, primary) == exact_minimum(model, primary)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=2), min_size=2, max_size=3))
def test_optimal_suppression_equals_the_exact_minimum_two_d(grid):
    from nazorg_cli.privacy.optimal import suppress_optimal

    model, primary = two_d(grid)
    outcome = suppress_optimal(model, primary)
    assert outcome.optimal and primary <= outcome.hidden and derivable(model, outcome.hidden) == []
    assert criteria(model, outcome.hidden, primary) == exact_minimum(model, primary)


def test_a_time_limit_falls_back_to_the_line_rule_and_says_so(sample_dir, tmp_path, monkeypatch):
    """Past its time limit the optimum leaves the choice to the line rule and repair: the figures
    are as safe (the same audit), and datakwaliteit.json warns that more may be hidden than needed."""
    import json

    from conftest import invoke

    from nazorg_cli.privacy import optimal

    monkeypatch.setattr(optimal, "DEFAULT_TIME_LIMIT", 0.0)
    invoke(["evaluate", sample_dir, "--out", tmp_path / "uit"])
    quality = json.loads((tmp_path / "uit" / "datakwaliteit.json").read_text("utf-8"))
    found = [f for f in quality["bevindingen"] if f["code"] == "onderdrukking-tijdslimiet"]
    assert len(found) == 1 and found[0]["ernst"] == "waarschuwing"
    assert "2019" in found[0]["melding"] and "geen zo klein mogelijke onderdrukking" in found[0]["melding"]
    monkeypatch.undo()
    invoke(["evaluate", sample_dir, "--out", tmp_path / "optimaal"])
    quality = json.loads((tmp_path / "optimaal" / "datakwaliteit.json").read_text("utf-8"))
    assert not [f for f in quality["bevindingen"] if f["code"] == "onderdrukking-tijdslimiet"]


def test_a_total_is_suppressed_when_nothing_else_protects_the_cell():
    """Total 3 = 3 + 0: hiding the 0 cannot protect the 3 (an attacker knows an empty cell is
    empty), so the total goes, as the only safe choice."""
    from nazorg_cli.privacy.optimal import suppress_optimal

    model, primary = one_d([3, 0])
    outcome = suppress_optimal(model, primary)
    assert outcome.hidden == primary | {("t",)} and derivable(model, outcome.hidden) == []


def test_a_breakdown_cell_goes_before_a_headline_total():
    """A region of two gemeenten, each with two categories: the small cell is protected by other
    cells of the table, never by a headline figure (a gemeente's, a category's or the region's
    total), though a choice with a total of the same size exists ({g00, g01, g10, gt1})."""
    from nazorg_cli.privacy.optimal import suppress_optimal

    values = {("g", 0, 0): 2, ("g", 0, 1): 19, ("g", 1, 0): 30, ("g", 1, 1): 40}
    values.update({("gt", 0): 21, ("gt", 1): 70, ("c", 0): 32, ("c", 1): 59, ("t",): 91})
    lines = [[(("gt", g), 1.0), (("g", g, 0), -1.0), (("g", g, 1), -1.0)] for g in (0, 1)]
    lines += [[(("c", c), 1.0), (("g", 0, c), -1.0), (("g", 1, c), -1.0)] for c in (0, 1)]
    lines += [[(("t",), 1.0), (("gt", 0), -1.0), (("gt", 1), -1.0)], [(("t",), 1.0), (("c", 0), -1.0), (("c", 1), -1.0)]]
    model, primary = table_model(values, lines)
    for key in values:  # only the region's and the gemeenten's totals are headline figures
        model.units[key].total = key[0] in ("gt", "t", "c")
    outcome = suppress_optimal(model, primary)
    assert derivable(model, outcome.hidden) == []
    assert not any(model.units[u].total for u in outcome.hidden - primary)
    assert outcome.hidden == {("g", 0, 0), ("g", 0, 1), ("g", 1, 0), ("g", 1, 1)}


def test_the_larger_category_goes_before_the_smaller_one():
    """Men 217, women 28, other 1: the 1 needs a partner; the women stay visible (criterion 3)."""
    from nazorg_cli.privacy.optimal import suppress_optimal

    model, primary = one_d([217, 28, 1])
    outcome = suppress_optimal(model, primary)
    assert outcome.hidden == {("c", 0), ("c", 2)}
    old = suppress(model, primary)
    assert ("c", 1) in old  # the line rule took the smallest, the women


def _cost(model: Model, hidden: set, primary: set) -> tuple[int, int]:
    return sum(model.units[u].total for u in hidden - primary), len(hidden)


def test_the_sample_hides_fewer_records_and_no_more_headline_figures(sample_results):
    """On the sample the optimum never loses more than the line rule: per period no more
    headline totals, and no more records when the totals are equal; fewer over the reeks."""
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.protection import _key
    from nazorg_cli.privacy.optimal import suppress_optimal

    defs = catalog()
    fewer = 0
    for periode in sorted({r.periode for r in sample_results}):
        mine = [r for r in sample_results if r.periode == periode]
        model = build_model(mine)
        primary = {_key(r) for r in mine if needs_primary_suppression(r, defs[r.id].eenheid)}
        line_rule, optimum = suppress(model, primary), suppress_optimal(model, primary).hidden
        assert _cost(model, optimum, primary) <= _cost(model, line_rule, primary), periode
        fewer += len(line_rule) - len(optimum)
        assert audit(model, optimum, primary) == []
    assert fewer > 0


def _with_config(sample_dir, tmp_path, extra: str):
    """A copy of the sample whose nazorg.toml ends with ``extra``."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    config = data / "nazorg.toml"
    config.write_text(config.read_text("utf-8") + "\n" + extra, "utf-8")
    return data


def test_a_gemeente_chooses_its_breakdowns_and_age_classes(sample_dir, tmp_path):
    """[uitsplitsingen] in nazorg.toml: an uitsplitsing left out is not published (and costs no
    suppression), the age classes follow the bounds, and a total hidden only to protect a left-out
    breakdown comes back."""
    import json

    from conftest import invoke

    data = _with_config(sample_dir, tmp_path, "[uitsplitsingen]\nleeftijdsklassen = [18, 30, 50]\n")
    invoke(["evaluate", data, "--out", tmp_path / "klassen"])
    records = json.loads((tmp_path / "klassen" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    ages = {r["categorie"] for r in records if r["uitsplitsing"] == "leeftijdsklasse"}
    assert ages == {"18-29", "30-49", "50+", "onbekend"}
    # The same persons: the classes add up to the uitstroom in every period.
    for periode in {r["periode"] for r in records}:
        total = next(
            (r for r in records if r["id"] == "uitstroom" and r["periode"] == periode and r["uitsplitsing"] is None), None
        )
        if total is None:
            continue  # a pooled periode
        cells = [
            r for r in records if r["id"] == "uitstroom" and r["periode"] == periode and r["uitsplitsing"] == "leeftijdsklasse"
        ]
        if total["status"] == "ok" and all(c["status"] == "ok" for c in cells):
            assert sum(c["waarde"] for c in cells) == total["waarde"]

    data = _with_config(sample_dir, tmp_path / "b", '[uitsplitsingen]\npubliceren = ["geslacht", "titel"]\n')
    invoke(["evaluate", data, "--out", tmp_path / "smal"])
    smal = json.loads((tmp_path / "smal" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    assert {r["uitsplitsing"] for r in smal} <= {None, "geslacht", "titel"}
    full = json.loads((tmp_path / "klassen" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    hidden = lambda rows: sum(r["status"] == "onderdrukt" and r["uitsplitsing"] is None for r in rows)  # noqa: E731
    assert hidden(smal) <= hidden(full)
    # render accepts the gemeente's own age classes
    invoke(["render", tmp_path / "klassen" / "indicatoren.json", "--out", tmp_path / "opnieuw"])


@pytest.mark.parametrize(
    "extra, fragment",
    [
        ('[uitsplitsingen]\npubliceren = ["geslacht", "postcode"]\n', "onbekende uitsplitsing 'postcode'"),
        ("[uitsplitsingen]\nleeftijdsklassen = [18, 18, 50]\n", "oplopende lijst"),
        ('[uitsplitsingen]\nleeftijdsklassen = ["18"]\n', "[uitsplitsingen]"),
    ],
)
def test_a_wrong_breakdown_setting_is_one_clear_sentence(sample_dir, tmp_path, extra, fragment):
    from conftest import invoke

    result = invoke(["validate", _with_config(sample_dir, tmp_path, extra)], exit_code=2)
    assert fragment in result.stderr and "nazorg.toml" in result.stderr and "Traceback" not in result.stderr


def _counts(periode: str, values: dict) -> list:
    return [count(id, periode, v) for id, v in values.items()]


def test_a_rare_count_is_pooled_over_two_years_when_that_is_safe():
    """insluitingen 3 in 2019 and 4 in 2018: both x; together 7, published for 2018-2019. With
    2018 published (6), the pooled 9 would give 2019's 3 away: not pooled. A pooled figure that
    is small itself is not pooled either."""
    from nazorg_cli.indicators.pooling import pool

    p, q = "2019-01-01/2019-12-31", "2018-01-01/2018-12-31"

    def pooled(now: int, before: int) -> list:
        raw, raw_before = _counts(p, {"insluitingen": now}), _counts(q, {"insluitingen": before})
        return pool(raw, raw_before, protect(raw, K), protect(raw_before, K), K)

    both = pooled(3, 4)
    assert [(r.id, r.periode, r.waarde, r.status) for r in both] == [("insluitingen", "2018-01-01/2019-12-31", 7, "ok")]
    assert pooled(3, 6) == []  # 2018 published: 9 - 6 = 3
    assert pooled(1, 2) == []  # 3 together is still too few
    assert pooled(6, 2) == []  # 2019 itself is published: nothing to pool


def test_pooled_figures_not_audited_in_time_are_not_published_and_the_findings_say_so(monkeypatch):
    """The same safe pooled figure as above, with no time to audit it: it is left out (never
    unsafe) and the pooled period is reported as reaching the time limit."""
    from nazorg_cli.indicators import pooling

    p, q = "2019-01-01/2019-12-31", "2018-01-01/2018-12-31"
    raw, raw_before = _counts(p, {"insluitingen": 3}), _counts(q, {"insluitingen": 4})
    monkeypatch.setattr(pooling, "POOLING_TIME_LIMIT", -1.0)
    limited: list[str] = []
    assert pooling.pool(raw, raw_before, protect(raw, K), protect(raw_before, K), K, limited) == []
    assert limited == ["2018-01-01/2019-12-31"]


def test_a_region_has_as_much_more_time_to_choose_as_it_has_parts(monkeypatch):
    """A region's tables are as many times larger as it has parts (gemeenten and onbekend): the
    time for its fewest cells and for its pooled figures grows alike, within REGION_TIME_LIMIT.
    A gemeente's own run keeps the plain limits."""
    import dataclasses
    import time

    from nazorg_cli.indicators import pooling
    from nazorg_cli.indicators.protection import REGION_TIME_LIMIT, region_time_limit

    p, q = "2019-01-01/2019-12-31", "2018-01-01/2018-12-31"

    def region(periode: str, parts: list[str], value: int) -> list:
        records = _counts(periode, {"insluitingen": value * len(parts)})
        return records + [
            dataclasses.replace(r, gemeente=g, waarde=value) for g in parts for r in _counts(periode, {"insluitingen": value})
        ]

    four = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede", "onbekend"]
    many = [f"gemeente {i}" for i in range(20)] + ["onbekend"]
    assert region_time_limit(_counts(p, {"insluitingen": 3}), 20.0) is None
    assert region_time_limit(region(p, four, 3), 20.0) == 100.0
    assert region_time_limit(region(p, many, 3), 20.0) == REGION_TIME_LIMIT == 120.0

    seen: list[float] = []

    def in_order(candidates, gives_away, deadline):
        seen.append(deadline - time.perf_counter())
        return list(candidates), False

    monkeypatch.setattr(pooling, "_in_order", in_order)
    for raw, raw_before in [
        (_counts(p, {"insluitingen": 3}), _counts(q, {"insluitingen": 4})),
        (region(p, four, 3), region(q, four, 4)),
    ]:
        seen.clear()
        assert pooling.pool(raw, raw_before, protect(raw, K), protect(raw_before, K), K)
        assert seen
        assert max(seen) <= (100.0 if raw[-1].gemeente else pooling.POOLING_TIME_LIMIT)
        assert min(seen) > (100.0 if raw[-1].gemeente else pooling.POOLING_TIME_LIMIT) - 5


def test_a_run_whose_pooling_ran_out_of_time_says_so_in_its_own_words(monkeypatch, sample_dir, tmp_path):
    """Pooling's time limit is its own finding: pooled figures are left out, not replaced by x,
    and the period's own suppression was optimal (no onderdrukking-tijdslimiet)."""
    import json

    from conftest import invoke

    from nazorg_cli.indicators import pooling

    monkeypatch.setattr(pooling, "POOLING_TIME_LIMIT", -1.0)
    invoke(["evaluate", sample_dir, "--out", tmp_path / "uit"])
    quality = json.loads((tmp_path / "uit" / "datakwaliteit.json").read_text("utf-8"))
    codes = [f["code"] for f in quality["bevindingen"]]
    assert "onderdrukking-tijdslimiet" not in codes
    found = [f for f in quality["bevindingen"] if f["code"] == "samenvoegen-tijdslimiet"]
    assert len(found) == 1 and found[0]["ernst"] == "waarschuwing"
    assert found[0]["melding"].startswith("Niet alle samengevoegde cijfers over 2018-2019 konden")
    document = json.loads((tmp_path / "uit" / "indicatoren.json").read_text("utf-8"))
    assert not [r for r in document["indicatoren"] if r["periode"] == "2018-01-01/2019-12-31"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.floats(0.0, 1.0))
def test_pooled_figures_are_kept_in_order_as_one_at_a_time_would_keep_them(seed, n, proofs):
    """pooling._in_order keeps exactly what asking one candidate at a time keeps (each when it
    and those kept before it are safe), on made-up sets that give a cell away: the sets that
    hold one of a few small sets. The proofs it is given name one such set held (or, at random,
    none), as the audit's duals do."""
    import random
    import time

    from nazorg_cli.indicators.pooling import _in_order

    rng = random.Random(seed)
    candidates = list(range(n))
    bad = [frozenset(rng.sample(candidates, rng.randint(1, min(3, n)))) for _ in range(rng.randint(0, n))]
    asked = []

    def gives_away(chosen):
        asked.append(len(chosen))
        held = [b for b in bad if b <= set(chosen)]
        if not held:
            return None
        # Like the audit: a few exposed cells, each with its proof or (at random) none.
        return [
            {chosen.index(c) for c in b} if rng.random() < proofs else set() for b in rng.sample(held, rng.randint(1, len(held)))
        ]

    expected = []
    for c in candidates:
        if not any(b <= {*expected, c} for b in bad):
            expected.append(c)
    kept, late = _in_order(candidates, gives_away, time.perf_counter() + 60)
    assert (kept, late) == (expected, False)
    assert len(asked) <= n * (n.bit_length() + 1) + 1


def test_render_refuses_a_pooled_figure_that_gives_a_year_away():
    from nazorg_cli.indicators.protection import republish

    base = {"uitsplitsing": None, "categorie": None, "teller": None, "noemer": None, "onbekend": None, "open": 0}
    records = [
        {
            **base,
            "id": "insluitingen",
            "periode": "2019-01-01/2019-12-31",
            "waarde": None,
            "status": "onderdrukt",
            "reden": "primair",
        },
        {**base, "id": "insluitingen", "periode": "2018-01-01/2018-12-31", "waarde": 6, "status": "ok", "reden": None},
        {**base, "id": "insluitingen", "periode": "2018-01-01/2019-12-31", "waarde": 9, "status": "ok", "reden": None},
    ]
    assert republish(records)[2]["status"] == "onderdrukt"
    records[1].update(waarde=None, status="onderdrukt", reden="primair")
    assert republish(records)[2]["status"] == "ok"


def test_the_sample_keeps_the_women_where_only_other_genders_are_small(sample_run):
    """Issue 17: in the sample's 2018 gender tables "anders" is small and the women are not; the
    line rule hid the women (the smallest other cell), the optimum hides the men's larger cells
    instead. (In 2019 the women's hands-on record is itself small, which makes hiding the women's
    records the choice with the fewest cells; docs/privacy.md.)"""
    import json

    records = json.loads((sample_run / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    year = [r for r in records if r["periode"] == "2018-01-01/2018-12-31" and r["uitsplitsing"] == "geslacht"]
    small_women = {r["id"] for r in year if r["categorie"] == "vrouw" and r["reden"] == "primair"}
    women = [r for r in year if r["categorie"] == "vrouw" and r["id"] not in small_women]
    assert women and all(r["status"] != "onderdrukt" for r in women)
    assert any(r["categorie"] == "anders" and r["reden"] == "primair" for r in year)


def test_a_small_gemeente_keeps_its_headline_figures(tmp_path):
    """A gemeente of 120 persons: its uitstroom of the report year stays visible, and per period
    the optimum hides no more headline totals than the line rule (and no more records with as
    many). (In the partial first year of its data, 2015, a few dozen persons, a headline total can
    be the only protection left.)"""
    import json

    from conftest import invoke

    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.indicators.protection import _key
    from nazorg_cli.pipeline import read_exports, resolve_period
    from nazorg_cli.privacy.optimal import suppress_optimal

    invoke(["sample", "--out", tmp_path / "klein", "--personen", "120", "--seed", "3"])
    invoke(["evaluate", tmp_path / "klein", "--out", tmp_path / "uit"])
    records = json.loads((tmp_path / "uit" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    uitstroom = [r for r in records if r["id"] == "uitstroom" and r["uitsplitsing"] is None]
    assert all(r["status"] == "ok" for r in uitstroom if r["periode"] >= "2016")
    prepared = read_exports(tmp_path / "klein")
    results = compute(prepared.data.frames, resolve_period(prepared, None), prepared.data.latest_date(), prepared.config.gemeente)
    defs = catalog()
    for periode in sorted({r.periode for r in results}):
        mine = [r for r in results if r.periode == periode]
        model = build_model(mine)
        primary = {_key(r) for r in mine if needs_primary_suppression(r, defs[r.id].eenheid)}
        optimum = suppress_optimal(model, primary)
        assert optimum.optimal
        assert _cost(model, optimum.hidden, primary) <= _cost(model, suppress(model, primary), primary), periode


def _benchmark_tables():
    """benchmarks/suppression.py's table builder (1-, 2-, 3-D and hierarchical tables with totals)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("suppression_benchmark", REPO / "benchmarks" / "suppression.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]))
def test_optimal_suppression_of_three_dimensional_and_hierarchical_tables_is_safe(seed, kind):
    """The attacker LP written apart from the product finds nothing in 3-D tables with all their
    margins, nor in a region of sub-regions of gemeenten by category."""
    import random

    from nazorg_cli.privacy.optimal import suppress_optimal

    model, primary = _benchmark_tables().random_table(kind, random.Random(seed))
    outcome = suppress_optimal(model, primary)
    assert outcome.optimal and primary <= outcome.hidden
    assert derivable(model, outcome.hidden) == []


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["2-D", "3-D", "hierarchical"]), st.integers(1, 12))
def test_an_audit_asked_for_a_few_exposed_cells_gives_the_first_of_them(seed, kind, most):
    """Pooling asks for a few exposed cells at a time (each with its proof): the audit then stops
    after ``most`` of them, which are the first that the whole audit finds, and finds none where
    the whole audit finds none."""
    import random

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    safe = suppress(model, primary)
    others = sorted(set(model.units) - safe, key=repr)
    for hidden in (primary, safe, primary | set(rng.sample(others, len(others) // 4))):
        every = audit(model, hidden, primary, most=None)
        assert audit(model, hidden, primary, most=most) == every[:most]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]))
def test_the_audit_that_remembers_feasible_tables_decides_as_one_that_does_not(seed, kind):
    """Across patterns that hide more and other cells, the audit that reuses the feasible tables
    of earlier rounds (where their changed cells are still hidden) finds exactly the exposed cells
    that a fresh audit finds."""
    import random

    from nazorg_cli.privacy.suppression import Memory

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    safe = suppress(model, primary)
    others = sorted(set(model.units) - safe, key=repr)
    extra = sorted(safe - primary, key=repr)
    patterns = [
        primary,
        safe,
        safe | set(rng.sample(others, len(others) // 3)),
        (safe - set(rng.sample(extra, 1))) | set(rng.sample(others, len(others) // 4)) if extra else primary,
        safe | set(rng.sample(others, len(others) // 2)),
        primary | set(rng.sample(others, len(others) // 5)),
    ]
    memory = Memory()
    for hidden in patterns:
        fresh = audit(model, hidden, primary, most=None)
        assert audit(model, hidden, primary, memory, most=None) == fresh
        if hidden == safe:
            assert fresh == []


def _largest(model: Model, hidden: set, cell, maximise: bool = True) -> float:
    """The attacker's largest (or smallest) value of ``cell`` under ``hidden``, by scipy, written
    apart from the product: published cells fixed, suppressed ones from their floor upward."""
    cells = sorted({c for line in model.lines for c, coef in line.terms if coef}, key=repr)
    pos = {c: i for i, c in enumerate(cells)}
    eq, le = [], []
    for line in model.lines:
        row = np.zeros(len(cells))
        for c, coef in line.terms:
            row[pos[c]] += coef
        (eq if line.kind == "eq" else le).append(row)
    bounds = []
    for c in cells:
        value = model.value(c)
        bounds.append((1 if value > 0 else 0, None) if c[0] in hidden else (value, value))
    objective = np.zeros(len(cells))
    objective[pos[cell]] = -1.0 if maximise else 1.0
    found = linprog(
        objective,
        A_eq=np.array(eq) if eq else None,
        b_eq=np.zeros(len(eq)) if eq else None,
        A_ub=np.array(le) if le else None,
        b_ub=np.zeros(len(le)) if le else None,
        bounds=bounds,
        method="highs",
    )
    if found.status == 3:
        return np.inf if maximise else -np.inf
    return -found.fun if maximise else found.fun


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]))
def test_the_bounds_the_cuts_take_from_the_audits_duals_hold_for_every_pattern(seed, kind):
    """For each cell the audit finds exposed, the affine bound on its largest and smallest value
    that privacy.optimal builds from the audit's own duals is exact at the audited pattern and
    never cuts into the attacker's true range under other patterns (checked by scipy)."""
    import random

    from nazorg_cli.privacy.optimal import _Group

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    group = _Group(model, primary, {u: 1.0 for u in model.units}, {u: 1 for u in model.units})
    others = sorted(model.units, key=repr)
    checked = 0
    # Primary cells alone (small cells: their largest value), and with others that are not small
    # (their smallest value too).
    for audited in (primary, primary | set(rng.sample(others, len(others) // 4))):
        why: dict = {}
        for cell in audit(model, audited, primary, most=None, explain=why):
            for maximise, dual in why[cell].items():
                bound = group._affine(dual, audited)
                assert bound is not None
                coefs, constant = bound
                for hidden in [audited, *(audited | set(rng.sample(others, len(others) // d)) for d in (5, 3, 2))]:
                    widened = sum(coefs.get(u, 0.0) for u in hidden)
                    true = _largest(model, hidden, cell, maximise)
                    if maximise:
                        assert true <= constant + widened + 1e-6
                    else:
                        assert true >= constant - widened - 1e-6
                    if hidden == audited:
                        assert true == pytest.approx(constant + widened if maximise else constant - widened, abs=1e-6)
                    checked += 1
    assert checked


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]))
def test_the_audit_that_remembers_feasible_tables_decides_as_one_that_does_not_when_lines_are_added(seed, kind):
    """As pooling adds published sums of two suppressed cells (pooled = P + previous) to the same
    tables, the audit that reuses feasible tables found under other added lines finds exactly the
    exposed cells that a fresh audit finds."""
    import random

    from nazorg_cli.privacy.suppression import Memory

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    hidden = suppress(model, primary)
    pairs = [tuple(rng.sample(sorted(hidden, key=repr), 2)) for _ in range(6)] if len(hidden) > 1 else []
    memory = Memory()
    for chosen in [pairs[:0], pairs[:3], pairs[:1], pairs[1:4], pairs, pairs[2:]]:
        units, added = dict(model.units), []
        for i, (a, b) in enumerate(chosen):
            key = ("pooled", i, a, b)
            units[key] = Unit(key, {"v": model.value((a, "v")) + model.value((b, "v"))}, audited=("v",))
            added.append(Line([((key, "v"), 1.0), ((a, "v"), -1.0), ((b, "v"), -1.0)]))
        joint = Model(units, [*model.lines, *added])
        fresh = audit(joint, hidden, primary, most=None)
        # (Cells on added lines are audited first: the same cells, maybe in another order.)
        assert sorted(audit(joint, hidden, primary, memory, most=None, added=added), key=repr) == sorted(fresh, key=repr)
        if not chosen:
            assert fresh == []


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]), st.floats(0.1, 0.6))
def test_the_audit_of_published_figures_alone_finds_what_an_independent_attacker_finds(seed, kind, share):
    """The audit render uses on tables protected elsewhere (the hidden values unknown, x >= 0):
    it settles cells with the tables its programs found on the way, and still finds exactly the
    cells whose range scipy finds narrower than 1."""
    import random

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    hidden = primary | set(rng.sample(sorted(model.units, key=repr), int(share * len(model.units))))
    cells = sorted({c for line in model.lines for c, coef in line.terms if coef and c[0] in hidden}, key=repr)
    pos = {c: i for i, c in enumerate(cells)}
    rows, rhs = [], []
    for line in model.lines:
        row, constant = np.zeros(len(cells)), 0.0
        for c, coef in line.terms:
            if c in pos:
                row[pos[c]] += coef
            else:
                constant += coef * model.value(c)
        if row.any():
            rows.append(row)
            rhs.append(-constant)
    expected = []
    for c in cells:
        e = np.zeros(len(cells))
        e[pos[c]] = 1
        low = linprog(e, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-e, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
        if high.status == 0 and -high.fun - low.fun < 1 - 1e-7:
            expected.append(c)
    found = audit(model, hidden, set(), values_known=False, most=None)
    assert sorted(found, key=repr) == sorted(expected, key=repr)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]), st.sampled_from([1, 2, 4]))
def test_the_audit_that_first_looks_at_the_lines_around_a_cell_decides_as_the_whole_program(seed, kind, share):
    """With the programs over the lines around each cell (privacy.suppression._Nearby) used in
    every component, rings up to all of it, the audit finds exactly the exposed cells of the
    audit without them, and the bounds the cuts take from those programs' duals are exact at the
    audited pattern and never cut into scipy's range under other patterns."""
    import random
    from unittest import mock

    from nazorg_cli.privacy import suppression
    from nazorg_cli.privacy.optimal import _Group

    rng = random.Random(seed)
    model, primary = _benchmark_tables().random_table(kind, rng)
    group = _Group(model, primary, {u: 1.0 for u in model.units}, {u: 1 for u in model.units})
    others = sorted(model.units, key=repr)
    patterns = [primary, suppress(model, primary), primary | set(rng.sample(others, len(others) // 4))]
    checked = 0
    for hidden in patterns:
        whole = audit(model, hidden, primary, most=None)
        why: dict = {}
        with mock.patch.multiple(suppression, NEARBY_FROM=1, NEARBY_SHARE=share, NEARBY_MAX=10**6):
            near = audit(model, hidden, primary, most=None, explain=why)
        assert near == whole
        for cell in near:
            for maximise, dual in why[cell].items():
                coefs, constant = group._affine(dual, hidden)
                for other in [hidden, hidden | set(rng.sample(others, len(others) // 3))]:
                    widened = sum(coefs.get(u, 0.0) for u in other)
                    true = _largest(model, other, cell, maximise)
                    assert (true <= constant + widened + 1e-6) if maximise else (true >= constant - widened - 1e-6)
                    if other == hidden:
                        assert true == pytest.approx(constant + widened if maximise else constant - widened, abs=1e-6)
                    checked += 1
    assert checked or not any(audit(model, hidden, primary) for hidden in patterns)


def test_a_memory_shared_by_audits_of_other_primary_cells_or_knowledge_decides_as_a_fresh_one():
    """A component that passed for one set of primary cells, or for an attacker who does not know
    the hidden values, is audited again when those differ (found by an independent review)."""
    from nazorg_cli.privacy.suppression import Memory

    def model_of(total: int, a: int, b: int, le: bool = False) -> Model:
        units = {k: Unit(k, {"v": v}, audited=("v",), small=("v",)) for k, v in [("T", total), ("a", a), ("b", b)]}
        lines = [Line([(("T", "v"), 1.0), (("a", "v"), -1.0), (("b", "v"), -1.0)])]
        if le:
            lines.append(Line([(("a", "v"), 1.0), (("b", "v"), -1.0)], kind="le"))
        return Model(units, lines)

    known = model_of(2, 1, 1)  # a + b = 2 with both at least 1: a is 1, unless the values are unknown
    memory = Memory()
    assert audit(known, {"a", "b"}, set(), memory, values_known=False) == []
    assert audit(known, {"a", "b"}, {"a"}, memory) == audit(known, {"a", "b"}, {"a"}) == [("a", "v")]
    small = model_of(5, 2, 3, le=True)  # a <= b, a + b = 5: a is 1 or 2, so a small a cannot reach 3
    memory = Memory()
    assert audit(small, {"a", "b"}, set(), memory) == []
    assert audit(small, {"a", "b"}, {"a"}, memory) == audit(small, {"a", "b"}, {"a"}) == [("a", "v")]


def test_a_line_may_hold_a_suppressed_cell_with_coefficient_zero():
    """A term with coefficient 0 is no term: its suppressed cell is not one of the line's unknowns."""
    units = {k: Unit(k, {"v": v}, audited=("v",)) for k, v in [("T", 9), ("a", 4), ("b", 5), ("c", 0)]}
    model = Model(units, [Line([(("T", "v"), 1.0), (("a", "v"), -1.0), (("b", "v"), -1.0), (("c", "v"), 0.0)])])
    assert audit(model, {"a", "b", "c"}, set()) == []
    assert audit(model, {"a", "c"}, set()) == [("a", "v")]


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["3-D", "hierarchical"]))
def test_a_cut_from_the_groups_own_program_or_from_the_audits_duals_holds_for_a_safe_pattern(seed, kind):
    """Both ways of making a cut for an exposed cell (the audit's duals, and the fallback that
    solves the group's program itself) give a cut the exposed pattern violates and a safe pattern
    (the line rule and repair's) satisfies."""
    import random

    from nazorg_cli.privacy.optimal import _Group

    model, primary = _benchmark_tables().random_table(kind, random.Random(seed))
    group = _Group(model, primary, {u: 1.0 for u in model.units}, {u: 1 for u in model.units})
    safe = suppress(model, primary)
    why: dict = {}
    exposed = audit(model, primary, primary, most=None, explain=why)
    for cell in exposed:
        for cut in (group.cut(primary, cell), group.cut(primary, cell, why[cell])):
            row, low = cut
            at_primary = sum(c for i, c in row.items() if group.units[i] in primary)
            at_safe = sum(c for i, c in row.items() if group.units[i] in safe)
            assert at_primary < low - 1e-9 <= at_safe
