"""Every command: help with an example, a successful run, and a usage error that exits 2."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import REPO, invoke, records

COMMANDS = ["evaluate", "validate", "indicators", "render", "definities", "bronnen", "historie", "sample", "init"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    out = invoke([command, "--help"]).stdout
    assert "Voorbeeld: nazorg " + command in out


def test_version():
    assert invoke(["--version"]).stdout.startswith("nazorg ")


def test_no_arguments_shows_help():
    result = invoke([], exit_code=2)
    assert "evaluate" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate"],  # missing INPUT
        ["evaluate", "sample_data", "--period", "19"],
        ["evaluate", "sample_data", "--period", "2019", "--from", "2019-01-01", "--to", "2019-12-31"],
        ["evaluate", "sample_data", "--from", "2019-01-01"],
        ["evaluate", "sample_data", "--peildatum", "12/31/2019"],
        ["validate", "sample_data", "--format", "xml"],
        ["indicators", "sample_data", "--format", "pdf"],
        ["render"],
        ["definities", "bestaat_niet"],
        ["sample", "--jaren", "2019-2016"],
        ["sample", "--personen", "0"],
        ["init", "--bogus"],
        ["bestaat-niet"],
    ],
)
def test_usage_errors_exit_2(args, sample_dir, monkeypatch):
    monkeypatch.chdir(sample_dir.parent)
    invoke(args, exit_code=2)


def test_missing_input_folder_exits_2(tmp_path):
    result = invoke(["evaluate", tmp_path / "nope", "--out", tmp_path / "o"], exit_code=2)
    assert "bestaat niet" in result.stderr


def test_evaluate_sample_writes_all_outputs(sample_run):
    out = sample_run
    names = {p.name for p in sample_run.iterdir()}
    assert names == {
        "informatienota.md",
        "informatienota.html",
        "monitor.md",
        "monitor.html",
        "informatienota.docx",
        "informatienota.pdf",
        "monitor.docx",
        "monitor.pdf",
        "figuren",
        "indicatoren.json",
        "indicatoren.csv",
        "indicatoren.xlsx",
        "datakwaliteit.json",
        "manifest.json",
        ".nazorg.lock",
    }  # the run lock; the history lives elsewhere (DOMAIN §9)
    doc = json.loads((out / "indicatoren.json").read_text("utf-8"))
    assert doc["publicatie"] == "openbaar" and doc["periode"] == {"van": "2019-01-01", "tot_en_met": "2019-12-31"}
    note = (out / "informatienota.md").read_text("utf-8")
    assert "Synthetische voorbeelddata" in note
    html = (out / "informatienota.html").read_text("utf-8")
    assert "Content-Security-Policy" in html and "Synthetische voorbeelddata" in html


def test_evaluate_strict_exits_1_on_data_errors(sample_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    with (data / "kostwinners.csv").open("a", encoding="utf-8") as handle:
        handle.write("123456789,1-1-2019,1-2-2019,,,,,\n")  # fails the 11-proef
    invoke(["evaluate", data, "--out", tmp_path / "o", "--strict"], exit_code=1)
    invoke(["evaluate", data, "--out", tmp_path / "o2"])  # without --strict the run is done: 0


def test_validate_json_and_exit_codes(sample_dir, tmp_path):
    result = invoke(["validate", sample_dir, "--format", "json"])
    doc = json.loads(result.stdout)
    for b in doc["bronnen"]:
        assert b["rijen_gelezen"] == b["rijen_geaccepteerd"] + b["rijen_afgekeurd"] + b["duplicaten"]
    assert not [f for f in doc["bevindingen"] if f["ernst"] == "fout"]
    invoke(["validate", sample_dir])  # human output, exit 0
    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    with (data / "kostwinners.csv").open("a", encoding="utf-8") as handle:
        handle.write("123456789,1-1-2019,1-2-2019,,,,,\n")
    result = invoke(["validate", data, "--format", "json"], exit_code=1)
    bad = [
        (f["bestand"], f["rij"], f["kolom"], f["code"]) for f in json.loads(result.stdout)["bevindingen"] if f["ernst"] == "fout"
    ]
    rows = len((data / "kostwinners.csv").read_text("utf-8-sig").splitlines())
    assert bad == [("kostwinners.csv", rows, "BSN", "bsn-elfproef")]
    assert "123456789" not in result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_indicators_formats(sample_dir, tmp_path, fmt):
    target = tmp_path / f"t.{fmt}"
    invoke(["indicators", sample_dir, "--period", "2019", "--format", fmt, "--out", target])
    content = target.read_bytes()
    assert {"json": b'"versie": 2', "csv": b"id,naam,eenheid", "xlsx": b"PK"}[fmt] in content[:200]


def test_tables_of_versie_2(sample_dir, tmp_path):
    """DOMAIN §5 v2: records carry open, reden and vergelijking (on the totals of P only); the
    CSV flattens vergelijking into four columns; the xlsx has a Vergelijking sheet."""
    import csv
    import io

    import openpyxl

    invoke(["indicators", sample_dir, "--period", "2019", "--out", tmp_path / "t.json"])
    records = json.loads((tmp_path / "t.json").read_text("utf-8"))["indicatoren"]
    assert all({"open", "reden", "vergelijking"} <= set(r) for r in records)
    totals = [r for r in records if r["periode"].startswith("2019") and r["uitsplitsing"] is None]
    assert all(set(r["vergelijking"]) == {"periode", "waarde", "z", "oordeel"} for r in totals)
    assert all(r["vergelijking"] is None for r in records if r not in totals)
    assert {r["periode"][:4] for r in records} == {"2015", "2016", "2017", "2018", "2019"}  # the reeks
    invoke(["indicators", sample_dir, "--period", "2019", "--format", "csv", "--out", tmp_path / "t.csv"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text("utf-8"))))
    assert list(rows[0])[-6:] == [
        "status",
        "reden",
        "vergelijking_periode",
        "vergelijking_waarde",
        "vergelijking_z",
        "vergelijking_oordeel",
    ]
    bereik = next(r for r in rows if r["id"] == "bereik_nazorg" and r["periode"].startswith("2019") and not r["uitsplitsing"])
    expected = next(r for r in totals if r["id"] == "bereik_nazorg")["vergelijking"]
    assert (bereik["vergelijking_periode"], bereik["vergelijking_oordeel"]) == (expected["periode"], expected["oordeel"])
    invoke(["indicators", sample_dir, "--period", "2019", "--format", "xlsx", "--out", tmp_path / "t.xlsx"])
    assert "Vergelijking" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames


def test_indicators_to_stdout_matches_evaluate(sample_dir, sample_run):
    result = invoke(["indicators", sample_dir])
    assert json.loads(result.stdout) == json.loads((sample_run / "indicatoren.json").read_text("utf-8"))


def test_render_gives_evaluates_note(sample_dir, sample_run, tmp_path):
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    shutil.copy(sample_run / "datakwaliteit.json", tmp_path / "datakwaliteit.json")
    invoke(
        ["render", tmp_path / "indicatoren.json", "--nota", sample_dir / "nota.toml", "--out", tmp_path / "b"], all_formats=True
    )
    for name in ("informatienota.md", "informatienota.html"):
        assert (sample_run / name).read_text("utf-8") == (tmp_path / "b" / name).read_text("utf-8")


def test_render_refuses_other_json(tmp_path):
    (tmp_path / "x.json").write_text('{"a": 1}', "utf-8")
    result = invoke(["render", tmp_path / "x.json"], exit_code=2)
    assert "geen indicatoren.json" in result.stderr
    invoke(["render", tmp_path / "missing.json"], exit_code=2)


def test_definities_lists_catalogue_and_one():
    everything = invoke(["definities"]).stdout
    assert "bereik_nazorg: Aangemeld voor nazorg (percentage)" in everything
    assert "wederopsluiting_2jaar" in everything
    one = invoke(["definities", "uitstroom"]).stdout
    assert one.startswith("uitstroom:") and "bereik_nazorg" not in one
    # Every indicator with a follow-up window names it (DOMAIN §4 v2).
    assert "Termijn: 90 dagen na ontslag" in invoke(["definities", "bereik_nazorg"]).stdout
    assert "Termijn:" not in one


def test_sample_is_reproducible(tmp_path):
    invoke(["sample", "--out", tmp_path / "a", "--seed", "3", "--personen", "60"])
    invoke(["sample", "--out", tmp_path / "b", "--seed", "3", "--personen", "60"])
    invoke(["sample", "--out", tmp_path / "c", "--seed", "4", "--personen", "60"])
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    assert (tmp_path / "a" / "detenties.xlsx").read_bytes() != (tmp_path / "c" / "detenties.xlsx").read_bytes()


def test_init_then_evaluate_works_without_editing(sample_dir, tmp_path):
    data = tmp_path / "exports"
    data.mkdir()
    for p in sample_dir.iterdir():
        if p.suffix in (".xlsx", ".csv"):
            shutil.copy(p, data / p.name)
    invoke(["init", data])
    assert (data / "nazorg.toml").is_file() and (data / "nota.toml").is_file()
    before = (data / "nazorg.toml").read_text("utf-8")
    assert "\ngemeente =" not in before and "# gemeente = " in before  # the gemeente is the user's to fill in
    invoke(["init", data])  # existing files stay untouched
    assert (data / "nazorg.toml").read_text("utf-8") == before
    invoke(["evaluate", data, "--out", tmp_path / "o"])
    note = (tmp_path / "o" / "informatienota.md").read_text("utf-8")
    assert "Synthetische voorbeelddata" not in note and "[in te vullen: Nummer]" in note


def test_evaluate_intern_is_marked(sample_dir, tmp_path):
    """DOMAIN §6: the mark is in every intern file's name and content, the csv included; intern
    and openbaar outputs never overwrite each other, and an openbaar run refuses a folder that
    holds intern outputs."""
    invoke(["evaluate", sample_dir, "--out", tmp_path, "--intern"], all_formats=True)
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert names == sorted(
        [
            "figuren",
            *(
                f"{stem}-VERTROUWELIJK.{ext}"
                for stem, ext in [
                    ("indicatoren", "json"),
                    ("indicatoren", "csv"),
                    ("indicatoren", "xlsx"),
                    ("datakwaliteit", "json"),
                    ("informatienota", "md"),
                    ("informatienota", "html"),
                    ("monitor", "md"),
                    ("monitor", "html"),
                    ("informatienota", "docx"),
                    ("informatienota", "pdf"),
                    ("monitor", "docx"),
                    ("monitor", "pdf"),
                    ("manifest", "json"),
                ]
            ),
        ]
    )
    figures = sorted(p.name for p in (tmp_path / "figuren").iterdir())
    assert figures and all(name.endswith("-VERTROUWELIJK.svg") for name in figures)
    names.remove("figuren")
    for name in names:
        if not name.endswith((".xlsx", ".docx", ".pdf")):
            assert "VERTROUWELIJK" in (tmp_path / name).read_text("utf-8"), name
    from docx import Document

    for name in ("informatienota-VERTROUWELIJK.docx", "monitor-VERTROUWELIJK.docx"):
        assert "VERTROUWELIJK" in Document(str(tmp_path / name)).sections[0].header.paragraphs[0].text
    if shutil.which("pdftotext"):
        import subprocess

        for name in ("informatienota-VERTROUWELIJK.pdf", "monitor-VERTROUWELIJK.pdf"):
            text = subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True).stdout
            assert text.count("VERTROUWELIJK") >= 2, name  # the band on the pages
    import csv

    rows = list(csv.reader((tmp_path / "indicatoren-VERTROUWELIJK.csv").open(encoding="utf-8")))
    assert rows[0][0] == "vertrouwelijk" and all(row[0].startswith("VERTROUWELIJK: onbeveiligde cijfers") for row in rows[1:])
    path = tmp_path / "indicatoren-VERTROUWELIJK.json"
    assert json.loads(path.read_text("utf-8"))["publicatie"] == "intern"
    assert records(path)[("uitstroom", "2019-01-01", None, None)]["waarde"] > 0
    result = invoke(["evaluate", sample_dir, "--out", tmp_path], exit_code=2)
    assert result.stderr.rstrip().endswith("[map-vertrouwelijk]") and not (tmp_path / "indicatoren.json").exists()
    result = invoke(["indicators", sample_dir, "--intern", "--format", "csv", "--out", tmp_path / "t.csv"])
    assert (tmp_path / "t-VERTROUWELIJK.csv").is_file() and not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize(
    "args, text",
    [
        (["--period", "0000"], "--period: 0000 ligt buiten de jaren 1990 tot en met 2100"),
        (["--period", "9999"], "--period: 9999 ligt buiten de jaren 1990 tot en met 2100"),
        (["--from", "1-1-0001", "--to", "31-12-2019"], "--from: 1-1-0001 ligt buiten de jaren"),
        (["--peildatum", "9999-12-31"], "--peildatum: 9999-12-31 ligt buiten de jaren"),
    ],
)
def test_absurd_periods_are_usage_errors(sample_dir, tmp_path, args, text):
    result = invoke(["evaluate", sample_dir, "--out", tmp_path, *args], exit_code=2)
    assert text in result.stderr and result.stderr.rstrip().endswith("[gebruik]")


@pytest.mark.parametrize(
    "edit, where",
    [
        (lambda d: d.update(periode=3), "'periode'"),
        (lambda d: d["indicatoren"][0].update(periode="2019"), "'indicatoren', record 1, veld 'periode'"),
        (lambda d: d["indicatoren"][0].update(id="bestaat_niet"), "'indicatoren', record 1 (onbekende indicator)"),
        (lambda d: d["indicatoren"][0].update(teller="drie"), "'indicatoren', record 1, veld 'teller'"),
        (
            lambda d: d["indicatoren"][1].update(uitsplitsing="geslacht", categorie="![x](http://kwaad.example)"),
            "'indicatoren', record 2, veld 'uitsplitsing' of 'categorie'",
        ),
        (lambda d: d.update(publicatie="half"), "'publicatie'"),
    ],
)
def test_render_refuses_a_damaged_indicatoren_json(sample_run, tmp_path, edit, where):
    doc = json.loads((sample_run / "indicatoren.json").read_text("utf-8"))
    edit(doc)
    (tmp_path / "indicatoren.json").write_text(json.dumps(doc), "utf-8")
    result = invoke(["render", tmp_path / "indicatoren.json"], exit_code=2)
    assert f"indicatoren.json: {where} klopt niet" in result.stderr
    assert not (tmp_path / "informatienota.md").exists()
    (tmp_path / "indicatoren.json").write_text("{niet af", "utf-8")
    assert "geen leesbaar JSON-bestand" in invoke(["render", tmp_path / "indicatoren.json"], exit_code=2).stderr


def test_many_findings_cost_little_and_read_as_a_summary(tmp_path):
    """Issue 14.10: 600,000 findings did not finish in 180 s. The human output is a summary per
    source and code plus the first findings; the rest is in --format json."""
    import time

    rows = ["BSN;Insluitingsdatum;Ontslagdatum"] + [f"12345678{i % 10};32-1-2018;xx" for i in range(30_000)]
    (tmp_path / "detenties.csv").write_text("\n".join(rows) + "\n", "utf-8")
    started = time.monotonic()
    result = invoke(["validate", tmp_path], exit_code=1)
    assert time.monotonic() - started < 30
    assert "bevindingen: alle staan in `nazorg validate --format json`." in result.stdout
    assert len(result.stdout.splitlines()) < 400


def test_sample_never_overwrites_without_being_asked(tmp_path):
    """nazorg sample overwrote real exports and an edited nota.toml (issue 15.5)."""
    (tmp_path / "nota.toml").write_text("# bewerkt door de beleidsmedewerker\n", "utf-8")
    result = invoke(["sample", "--out", tmp_path, "--personen", "30"], exit_code=2)
    assert "staan al bestanden die nazorg sample zou vervangen (nota.toml)" in result.stderr
    assert (tmp_path / "nota.toml").read_text("utf-8").startswith("# bewerkt")
    invoke(["sample", "--out", tmp_path, "--personen", "30", "--overschrijven"])
    assert not (tmp_path / "nota.toml").read_text("utf-8").startswith("# bewerkt")


def test_render_says_which_note_file_it_used(sample_run, tmp_path, monkeypatch):
    """Issue 15.10: render finds the note file beside the tables or in the working directory,
    and says so when there is none."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    result = invoke(["render", tmp_path / "indicatoren.json", "--out", tmp_path / "a"])
    assert "Geen notabestand gevonden" in result.stderr
    assert "[in te vullen: inleiding]" in (tmp_path / "a" / "informatienota.md").read_text("utf-8")
    shutil.copy(REPO / "sample_data" / "nota.toml", tmp_path / "nota.toml")
    result = invoke(["render", tmp_path / "indicatoren.json", "--out", tmp_path / "b"])
    assert "Teksten uit" in result.stderr and "nota.toml" in result.stderr


def test_bronnen_lists_fields_roles_and_the_headers_found(sample_dir):
    """Issue 15.9: every source's fields, their role, aliases and the header each matched."""
    out = invoke(["bronnen", "detenties", "--invoer", sample_dir]).stdout
    assert out.startswith("detenties: Detentie-episodes (detenties.xlsx)")
    lines = out.splitlines()
    ontslag = next(i for i, line in enumerate(lines) if line.strip().startswith("datum_ontslag"))
    assert "nodig voor" in lines[ontslag] and "datum uitstroom" in lines[ontslag]
    assert lines[ontslag + 1].strip() == "in uw export: Ontslagdatum"
    assert "verplicht" in next(line for line in lines if line.strip().startswith("persoon"))
    assert invoke(["bronnen"]).stdout.count(": ") >= 7
    assert "Onbekende bron 'detentie'" in invoke(["bronnen", "detentie"], exit_code=2).stderr


def test_validate_writes_datakwaliteit_xlsx_per_source(tmp_path):
    """Issue 15.9: per source a sheet of findings with row and column as the partner's file shows them."""
    from conftest import bsn, write_csv
    from openpyxl import load_workbook

    write_csv(
        tmp_path / "data",
        "detenties",
        [{"BSN": bsn(1), "Insluitingsdatum": "31-02-2018"}, {"BSN": "=HYPERLINK(1)", "Insluitingsdatum": "1-2-2018"}],
    )
    invoke(["validate", tmp_path / "data", "--format", "xlsx", "--out", tmp_path / "datakwaliteit.xlsx"], exit_code=1)
    wb = load_workbook(tmp_path / "datakwaliteit.xlsx")
    assert wb.sheetnames[:2] == ["Overzicht", "detenties"]
    rows = [[c.value for c in row] for row in wb["detenties"].iter_rows(min_row=2)]
    assert [(r[0], r[1], r[3]) for r in rows] == [(2, "Insluitingsdatum", "datum-ongeldig"), (3, "BSN", "bsn-elfproef")]
    assert all(isinstance(r[4], str) and not r[4].startswith("=") for r in rows)
    assert "xlsx gaat niet naar een terminal" in invoke(["validate", tmp_path / "data", "--format", "xlsx"], exit_code=2).stderr


def test_a_reader_that_stops_early_is_no_error():
    """nazorg definities | head -1: the closed pipe ends the run quietly with exit code 0
    (it was reported as an internal error)."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "nazorg_cli", "definities"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert first.startswith(b"insluitingen:") and error == b""


@pytest.mark.parametrize("args, code", [(["--version"], 0), (["evaluate", "/bestaat/niet"], 2), (["geen-commando"], 2)])
def test_the_process_ends_with_the_commands_exit_code(args, code):
    """The command line ends the process at once after the work (no interpreter teardown); the
    exit code is still the command's."""
    import subprocess
    import sys

    assert subprocess.run([sys.executable, "-m", "nazorg_cli", *args], capture_output=True, timeout=60).returncode == code


def test_the_workbook_is_for_people(sample_run):
    """indicatoren.xlsx (DOMAIN §5, §6 v2): words instead of codes, the unit, periods as people say
    them, the CBS symbols with their legend, and a voorlopig figure still a number with its *."""
    import openpyxl

    wb = openpyxl.load_workbook(sample_run / "indicatoren.xlsx")
    ws = wb["Uitstroom en bereik"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Indicator", "Eenheid", "Periode")
    cells = [str(v) for row in rows[1:] for v in row if isinstance(v, str)]
    assert not any(code in cells for code in ("geen_gegevens", "onderdrukt", "ok", "percentage"))
    assert not any("_" in v for v in cells)
    assert {row[2] for row in rows[1:]} >= {"2019", "2018", "2018-2019"}
    assert {"x", ".", "%"} <= set(cells) and "definitief" in cells
    provisional = [c for c in ws["F"][1:] if isinstance(c.value, float) and ws.cell(c.row, 11).value == "voorlopig (*)"]
    assert provisional and all(c.number_format.endswith('"*"') for c in provisional)
    legend = [row[0] for row in wb["Tekens"].iter_rows(values_only=True)]
    assert legend == ["Teken", "x", ".", "–", "*"]


def test_render_given_a_folder_points_to_indicatoren_json(sample_run):
    result = invoke(["render", sample_run], exit_code=2)
    assert "is een map; geef het bestand indicatoren.json in die map" in result.stderr
