"""Regional runs (DOMAIN §8, issue 20): one run for the gemeenten of a region, a folder each and
one for the region, disclosure control across all of them as one set of tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import reference
from conftest import invoke
from scipy.optimize import linprog

from nazorg_cli.indicators.catalog import additive_breakdowns, catalog, configured
from nazorg_cli.indicators.compute import compute, prepare
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import indicator_document, read_exports

GEMEENTEN = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede"]
FOLDERS = ["regio", "haarlem", "zandvoort", "bloemendaal", "heemstede"]
PARTS = [*GEMEENTEN, "onbekend"]


@pytest.fixture(scope="module")
def region_dir(tmp_path_factory) -> Path:
    """Zuid-Kennemerland made up: Haarlem large, Zandvoort tiny, rows of unknown gemeente, and
    some people with episodes in two gemeenten (nazorg sample --regio 4)."""
    folder = tmp_path_factory.mktemp("regio") / "data"
    invoke(["sample", "--out", folder, "--regio", "4", "--personen", "500", "--jaren", "2018-2019", "--seed", "3"])
    return folder


@pytest.fixture(scope="module")
def region_run(region_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("regio-uitvoer")
    invoke(["evaluate", region_dir, "--out", out / "uit", "--history", out / "historie.sqlite"])
    return out / "uit"


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def test_a_regional_run_writes_a_folder_per_gemeente_and_one_for_the_region(region_run):
    assert sorted(p.name for p in region_run.iterdir() if p.is_dir()) == sorted(FOLDERS)
    for folder in FOLDERS:
        for name in (
            "indicatoren.json",
            "indicatoren.csv",
            "indicatoren.xlsx",
            "datakwaliteit.json",
            "informatienota.md",
            "monitor.html",
        ):
            assert (region_run / folder / name).is_file(), (folder, name)
    # One manifest covers every folder.
    listed = set(load(region_run / "manifest.json")["uitvoer"])
    written = {str(p.relative_to(region_run)) for p in region_run.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert listed == written


def test_each_gemeente_publishes_the_regions_records_of_that_gemeente(region_run):
    region = load(region_run / "regio" / "indicatoren.json")
    assert region["gemeente"] is None and region["regio"]["gemeenten"] == GEMEENTEN
    assert {r["gemeente"] for r in region["indicatoren"]} == {None, *PARTS}
    for gemeente, folder in zip(GEMEENTEN, FOLDERS[1:]):
        own = load(region_run / folder / "indicatoren.json")
        assert own["gemeente"] == gemeente
        expected = [{k: v for k, v in r.items() if k != "gemeente"} for r in region["indicatoren"] if r["gemeente"] == gemeente]
        assert own["indicatoren"] == expected


def _additive(record: dict) -> tuple[str, ...]:
    if record["eenheid"] == "percentage":
        return ("teller", "noemer", "onbekend", "open")
    if record["eenheid"] == "aantal" and catalog()[record["id"]].decimalen is None:
        return ("waarde", "open")
    return ()


def test_the_region_is_the_sum_of_its_gemeenten_and_onbekend_on_every_published_line(region_run):
    records = load(region_run / "regio" / "indicatoren.json")["indicatoren"]
    by_key: dict[tuple, dict] = {}
    for r in records:
        by_key.setdefault((r["id"], r["periode"], r["uitsplitsing"], r["categorie"]), {})[r["gemeente"]] = r
    checked = 0
    for key, parts in by_key.items():
        region = parts.get(None)
        if region is None or set(parts) != {None, *PARTS}:
            continue  # a pooled figure of some parts only: no line
        for field in _additive(region):
            values = [parts[p][field] for p in PARTS]
            if region[field] is None or None in values:
                continue  # a hidden cell: the line is not published
            assert sum(values) == region[field], (key, field)
            checked += 1
    assert checked >= 50  # the small parts are mostly hidden: few lines are published whole


def test_no_hidden_cell_can_be_worked_out_from_all_the_regions_tables(region_run):
    """An attacker's LP written apart from the product: per indicator and period every published
    figure of the region, its gemeenten and onbekend, with the lines region = sum of parts,
    total = sum of categories (additive breakdowns) and teller + rest = noemer; a hidden teller,
    rest or count whose range is narrower than 1 is given away."""
    records = load(region_run / "regio" / "indicatoren.json")["indicatoren"]
    additive = additive_breakdowns()
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        if _additive(r):
            groups.setdefault((r["id"], r["periode"]), []).append(r)
    exposed = []
    for (id, periode), members in groups.items():
        cells = ("teller", "rest") if members[0]["eenheid"] == "percentage" else ("waarde",)
        hidden = [
            (m["gemeente"], m["uitsplitsing"], m["categorie"], c) for m in members if m["status"] == "onderdrukt" for c in cells
        ]
        if not hidden:
            continue
        index = {h: i for i, h in enumerate(hidden)}
        known = {}
        for m in members:
            if m["status"] != "onderdrukt" and m["teller"] is not None:
                known[(m["gemeente"], m["uitsplitsing"], m["categorie"], "teller")] = m["teller"]
                known[(m["gemeente"], m["uitsplitsing"], m["categorie"], "rest")] = m["noemer"] - m["teller"]
            elif m["status"] != "onderdrukt" and isinstance(m["waarde"], int):
                known[(m["gemeente"], m["uitsplitsing"], m["categorie"], "waarde")] = m["waarde"]
        where = {(m["uitsplitsing"], m["categorie"]) for m in members}
        lines = []
        for u, c in where:  # the region is the sum of its parts
            for cell in cells:
                lines.append([((None, u, c, cell), 1)] + [((p, u, c, cell), -1) for p in PARTS])
        for g in [None, *PARTS]:  # a total is the sum of its categories
            for u in {u for u, _ in where if u in additive}:
                for cell in cells:
                    lines.append([((g, None, None, cell), 1)] + [((g, u, c, cell), -1) for uu, c in where if uu == u])
        rows, rhs = [], []
        for line in lines:
            row, constant, complete = np.zeros(len(hidden)), 0.0, True
            for cell, coef in line:
                if cell in index:
                    row[index[cell]] += coef
                elif cell in known:
                    constant += coef * known[cell]
                else:
                    complete = False  # a geen_gegevens record: no line
            if complete and row.any():
                rows.append(row)
                rhs.append(-constant)
        if not rows:
            continue
        for h, i in index.items():
            e = np.zeros(len(hidden))
            e[i] = 1
            low = linprog(e, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
            high = linprog(-e, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
            if low.status == 0 and high.status == 0 and -high.fun - low.fun < 1 - 1e-7:
                exposed.append((id, periode, h))
    assert exposed == []


def test_the_regions_own_headline_figures_are_published(region_run):
    """No headline total hidden where a breakdown cell will do: the region's uitstroom is shown
    although onbekend's and Zandvoort's are small."""
    records = load(region_run / "regio" / "indicatoren.json")["indicatoren"]
    P = "2019-01-01/2019-12-31"
    total = {r["gemeente"]: r for r in records if r["id"] == "uitstroom" and r["periode"] == P and r["uitsplitsing"] is None}
    assert total[None]["status"] == "ok" and total["Haarlem"]["status"] == "ok"
    assert total["onbekend"]["status"] == "onderdrukt" or total["onbekend"]["waarde"] >= 5


def test_a_small_gemeente_gets_a_sentence_instead_of_a_wall_of_x(region_run):
    zandvoort = (region_run / "zandvoort" / "informatienota.md").read_text("utf-8")
    assert "In Zandvoort kwamen in 2019 zo weinig mensen uit detentie" in zandvoort
    assert "### Kerncijfers\n" not in zandvoort
    regional = (region_run / "regio" / "informatienota.md").read_text("utf-8")
    table = regional.split("### Kerncijfers per gemeente")[1].split("## 3.")[0]
    # A row per Kerncijfer, a column per gemeente shown and the region's last.
    header = table.strip().splitlines()[2]
    assert header.startswith("| Kerncijfer | Haarlem |") and header.endswith("| Regio |")
    assert "| Uitstroom uit detentie (personen) |" in table
    assert "Zandvoort" not in header and "niet in de tabel" in table.split("De cijfers van de regio")[1]


def test_a_region_of_many_gemeenten_gets_its_comparison_in_tables_of_five_gemeenten(region_run):
    """Ten gemeenten and the persons of unknown gemeente with figures (Haarlem's copied under other
    names): three tables of at most five columns of them each, every one with the region's column
    last and the same rows."""
    from nazorg_cli.report.context import GEMEENTEN_PER_TABLE, Figures, region_comparison, regional_parts
    from nazorg_cli.report.notabestand import Nota

    document = load(region_run / "regio" / "indicatoren.json")
    names = ["Haarlem", *(f"Gemeente {i}" for i in range(9)), "onbekend"]
    copies = [{**r, "gemeente": name} for name in names[1:] for r in document["indicatoren"] if r["gemeente"] == "Haarlem"]
    own, _ = regional_parts({**document, "indicatoren": document["indicatoren"] + copies})
    many = {
        name: Figures.of({**document, "indicatoren": [r for r in document["indicatoren"] + copies if r["gemeente"] == name]})
        for name in names
    }
    comparison = region_comparison(own, Figures.of(own), many, Nota())
    tables = comparison["tabellen"]
    assert GEMEENTEN_PER_TABLE == 5 and [len(t["koppen"]) for t in tables] == [6, 6, 2]
    assert [k for t in tables for k in t["koppen"] if k != "Regio"] == [*names[:-1], "Gemeente onbekend"]
    assert all(t["koppen"][-1] == "Regio" for t in tables)
    region_column = [[row["cellen"][-1] for row in t["rijen"]] for t in tables]
    assert region_column[0] == region_column[1] == region_column[2]
    assert [row["naam"] for row in tables[0]["rijen"]] == [row["naam"] for row in tables[2]["rijen"]]


def test_render_of_the_regional_tables_gives_the_same_documents(region_run, region_dir, tmp_path):
    invoke(["render", region_run / "regio" / "indicatoren.json", "--out", tmp_path, "--nota", region_dir / "nota.toml"])
    for name in ("informatienota.md", "monitor.md"):
        assert (tmp_path / name).read_text("utf-8") == (region_run / "regio" / name).read_text("utf-8"), name


def test_data_quality_counts_the_rows_of_every_gemeente_and_of_unknown_gemeente(region_run):
    quality = load(region_run / "regio" / "datakwaliteit.json")
    rijen = quality["regio"]["rijen"]["detenties"]
    assert set(rijen) == {*PARTS, "andere_gemeente"} and rijen["onbekend"] > 0
    accepted = next(b for b in quality["bronnen"] if b["bron"] == "detenties")["rijen_geaccepteerd"]
    assert sum(rijen.values()) == accepted
    assert load(region_run / "zandvoort" / "datakwaliteit.json")["gemeente"] == "Zandvoort"


@pytest.fixture(scope="module")
def prepared(region_dir):
    return read_exports(region_dir)


def test_every_gemeentes_figures_equal_an_independent_implementation(prepared):
    """The intern figures of P of the region, each gemeente and onbekend against tests/reference.py."""
    with configured(prepared.config.leeftijdsklassen, prepared.config.publiceren):
        document = indicator_document(prepared, Period.year(2019), intern=True)
    peildatum = date.fromisoformat(document["peildatum"])
    expected = reference.compute_region(prepared.data.frames, date(2019, 1, 1), date(2019, 12, 31), peildatum, GEMEENTEN)
    assert set(expected) == {None, *PARTS}
    ours: dict = {}
    for r in document["indicatoren"]:
        if r["periode"] == "2019-01-01/2019-12-31":
            ours.setdefault(r["gemeente"], {})[(r["id"], r["uitsplitsing"], r["categorie"])] = r
    for part, theirs in expected.items():
        for key, fields in theirs.items():
            mine = ours[part][key]
            assert {f: mine[f] for f in fields} == fields, (part, key)
        assert set(ours[part]) == set(theirs), part


def test_a_gemeente_whose_rows_are_all_its_own_gets_the_figures_of_its_own_run(prepared):
    """Without rows of unknown gemeente and without people released in two gemeenten, a
    gemeente's figures in the regional run equal those of a run for that gemeente alone."""
    frames = dict(prepared.data.frames)
    det = frames["detenties"]
    movers = det.groupby("persoon")["gemeente"].nunique(dropna=True)
    keep = det["gemeente"].notna() & ~det["persoon"].isin(movers[movers > 1].index)
    frames["detenties"] = det[keep]
    people = set(frames["detenties"]["persoon"])
    for name, frame in frames.items():
        if name != "detenties":
            own = frame["gemeente"].notna() if "gemeente" in frame else True
            frames[name] = frame[frame["persoon"].isin(people) & own]
    period, peildatum = Period.year(2019), date(2020, 3, 31)
    region = compute(frames, period, peildatum, prepared=prepare(frames, peildatum, None, tuple(GEMEENTEN)))
    costs = {"kosten_per_traject_hands_on", "kosten_per_persoon_hands_on", "kosten_per_traject_kostwinners"}
    assert not any(r.gemeente == "onbekend" for r in region)
    for gemeente in ("Haarlem", "Heemstede"):
        alone = {(r.id, r.periode, r.uitsplitsing, r.categorie): r for r in compute(frames, period, peildatum, gemeente)}
        mine = {(r.id, r.periode, r.uitsplitsing, r.categorie): r for r in region if r.gemeente == gemeente}
        for key, r in alone.items():
            if key[0] not in costs and key in mine:
                other = mine[key]
                assert (other.waarde, other.teller, other.noemer, other.onbekend, other.open, other.status) == (
                    r.waarde,
                    r.teller,
                    r.noemer,
                    r.onbekend,
                    r.open,
                    r.status,
                ), key


def test_indicators_gives_every_record_its_gemeente_and_gemeente_runs_one_alone(region_dir, tmp_path):
    out = tmp_path / "t-VERTROUWELIJK.json"
    invoke(["indicators", region_dir, "--intern", "--out", out, "--history", tmp_path / "h.sqlite"])
    document = load(out)
    assert {r["gemeente"] for r in document["indicatoren"]} == {None, *PARTS}
    alone = tmp_path / "heemstede-VERTROUWELIJK.json"
    invoke(["indicators", region_dir, "--intern", "--gemeente", "heemstede", "--out", alone, "--history", tmp_path / "h.sqlite"])
    single = load(alone)
    assert single["gemeente"] == "Heemstede" and "regio" not in single
    assert all("gemeente" not in r for r in single["indicatoren"])
    result = invoke(["indicators", region_dir, "--gemeente", "Amsterdam", "--history", tmp_path / "h.sqlite"], exit_code=2)
    assert "niet onder regio Zuid-Kennemerland" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "block, fragment",
    [
        ('gemeente = "Haarlem"\n[regio]\nnaam = "Z"\ngemeenten = ["Haarlem", "Zandvoort"]\n', "niet allebei"),
        ('[regio]\nnaam = "Z"\ngemeenten = ["Haarlem", "haarlem "]\n', "twee keer in [regio]"),
        ('[regio]\nnaam = "Z"\ngemeenten = ["Haarlem"]\n', "minstens twee"),
        ('[regio]\ngemeenten = ["Haarlem", "Zandvoort"]\n', "heeft een naam nodig"),
        ('[regio]\nnaam = "Z"\ngemeenten = ["Haarlem", "Onbekend"]\n', "die namen gebruikt nazorg zelf"),
    ],
)
def test_a_wrong_region_is_one_clear_sentence(tmp_path, block, fragment):
    (tmp_path / "nazorg.toml").write_text(block, "utf-8")
    result = invoke(["validate", tmp_path, "--config", tmp_path / "nazorg.toml"], exit_code=2)
    assert fragment in result.stderr and "nazorg.toml, regel" in result.stderr


def test_each_gemeente_and_the_region_keep_their_own_figures_in_the_history(region_run):
    from nazorg_cli.outputs import history

    stored = {run["gemeente"] for run in history.runs(region_run.parent / "historie.sqlite")}
    assert stored == {*GEMEENTEN, "regio Zuid-Kennemerland"}
