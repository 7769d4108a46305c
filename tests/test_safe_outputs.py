"""Outputs are safe to open, and the note's sentences use only protected values."""

from __future__ import annotations

import io
import re

import pytest
from conftest import invoke

from nazorg_cli.outputs.tables import csv_text, safe_csv_cell, xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def document(naam: str, publicatie="openbaar") -> dict:
    record = {
        "id": "uitstroom",
        "naam": naam,
        "eenheid": "aantal",
        "periode": "2019-01-01/2019-12-31",
        "uitsplitsing": None,
        "categorie": None,
        "waarde": 12,
        "teller": None,
        "noemer": None,
        "onbekend": None,
        "status": "ok",
    }
    return {
        "versie": 1,
        "gemeente": "Haarlem",
        "periode": {"van": "2019-01-01", "tot_en_met": "2019-12-31"},
        "peildatum": "2020-03-31",
        "publicatie": publicatie,
        "synthetisch": False,
        "indicatoren": [record],
    }


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_cells_starting_like_formulas_get_a_quote(text):
    assert safe_csv_cell(text) == "'" + text
    assert ("'" + text.replace('"', '""')) in csv_text(document(text)) or "'" + text in csv_text(document(text))


def test_xlsx_strings_are_never_formulas():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(document(DANGEROUS[0]))))
    cell = wb["Uitstroom en bereik"]["A2"]
    assert cell.value == DANGEROUS[0] and cell.data_type == "s"


def test_intern_xlsx_is_marked():
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(document("Uitstroom", publicatie="intern"))))
    assert "VERTROUWELIJK" in wb["Uitstroom en bereik"]["A1"].value


def test_html_is_escaped_self_contained_with_csp(sample_dir, tmp_path):
    nota = tmp_path / "nota.toml"
    nota.write_text(
        '[kop]\nonderwerp = "<script>alert(1)</script>"\n[tekst]\ninleiding = """'
        '<img src=\\"https://voorbeeld.nl/x.png\\"> <b>vet</b> [link](javascript:alert(1))"""\n',
        "utf-8",
    )
    invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota])
    html = (tmp_path / "o" / "informatienota.html").read_text("utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b>" not in html
    assert 'href="javascript:' not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_plural_forms():
    from nazorg_cli.report.formatting import meervoud

    assert meervoud(1, "rij", "rijen") == "1 rij"
    assert meervoud(0, "rij", "rijen") == "0 rijen"
    assert meervoud(1234, "rij", "rijen") == "1.234 rijen"


def test_text_from_data_never_becomes_markup(sample_dir, tmp_path):
    """Issue 14.7: a carriage return cannot end a CSS string (and hide the VERTROUWELIJK band), a
    remote image in a gemeente, file name or note text stays text, and nothing fetches."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    (data / "briefadres.xlsx").rename(data / "briefadres ![b](http:kwaad.example).xlsx")
    nota = tmp_path / "nota.toml"
    nota.write_text(
        '[kop]\nnummer = "2019/1\\r} @page { @top-center { content: none } }"\n'
        'onderwerp = "![k](http://kwaad.example/k.png)"\n'
        '[tekst]\ninleiding = "Zie ![plaatje](http://kwaad.example/p.png) en <script>x</script>."\n',
        "utf-8",
    )
    result = invoke(["evaluate", data, "--out", tmp_path / "o", "--nota", nota, "--intern"], exit_code=0)
    assert "kwaad" not in result.stderr or "](http" not in result.stderr
    # The gemeente reaches the note from indicatoren.json: render one whose gemeente is an image.
    import json

    tables = tmp_path / "o" / "indicatoren-VERTROUWELIJK.json"
    doc = json.loads(tables.read_text("utf-8"))
    doc["gemeente"] = "![g](http://kwaad.example/g.png)"
    tables.write_text(json.dumps(doc), "utf-8")
    invoke(["render", tables, "--nota", nota, "--out", tmp_path / "r"])
    md = (tmp_path / "r" / "informatienota-VERTROUWELIJK.md").read_text("utf-8")
    html = (tmp_path / "r" / "informatienota-VERTROUWELIJK.html").read_text("utf-8")
    monitor = (tmp_path / "r" / "monitor-VERTROUWELIJK.md").read_text("utf-8")
    assert "briefadres \\![b\\](http:kwaad.example).xlsx" in monitor  # the file name, from datakwaliteit
    html += (tmp_path / "r" / "monitor-VERTROUWELIJK.html").read_text("utf-8")
    md += monitor
    assert not re.search(r"(?<!\\)!\[[^\]]*\]\((?!figuren/[a-z_]+-VERTROUWELIJK\.svg\))", md)  # only our charts
    assert "](http://kwaad.example/g.png)" not in md.replace("\\](http", "")  # data links broken open too
    assert not re.search(r"(?<!\\)<script", md) and "<img" not in html and "<script" not in html
    style = html[html.index("<style") : html.index("</style>")]
    assert "\r" not in style and 'content: "VERTROUWELIJK' in style  # the band's rule is intact
    assert "@top-center { content: none" not in style
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_note_file_types_are_checked(sample_dir, tmp_path):
    nota = tmp_path / "nota.toml"
    nota.write_text('[[eerdere_besluiten]]\ntitel = "Plan"\nnummer = { a = [1, 2] }\n', "utf-8")
    result = invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota], exit_code=2)
    assert "elk [[eerdere_besluiten]]-blok heeft alleen titel, nummer en datum" in result.stderr
    nota.write_bytes("[kop]\nonderwerp = 'caf\xe9'\n".encode("cp1252"))
    assert "is geen UTF-8-tekst" in invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota], exit_code=2).stderr
    nota.write_text('kop = "geen tabel"\n', "utf-8")
    assert (
        "[kop] moet een tabel met teksten zijn"
        in invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--nota", nota], exit_code=2).stderr
    )


def test_validate_shows_headers_as_text_never_as_markup_or_escapes(tmp_path, monkeypatch):
    """A header '[/x]' crashed validate through Rich markup; escape sequences reached the terminal."""
    from conftest import bsn, write_csv

    write_csv(
        tmp_path,
        "detenties",
        [{"BSN": bsn(1), "Begin detentie": "1-2-2018", "[/x]": "a", "\x1b[31mrood\x1b[0m": "b", "[bold]vet[/bold]": "c"}],
    )
    monkeypatch.setenv("COLUMNS", "300")
    result = invoke(["validate", tmp_path])
    assert "\x1b" not in result.stdout + result.stderr
    assert "[/x]" in result.stdout and "[bold]vet[/bold]" in result.stdout
