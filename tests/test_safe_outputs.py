"""Outputs are safe to open, and the note's sentences use only protected values."""

from __future__ import annotations

import io
import re

import pytest
from conftest import invoke

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.outputs.tables import csv_text, safe_csv_cell, xlsx_bytes
from nazorg_cli.report.narrative import sentence

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


def period(p):
    return f"{p}-01-01/{p}-12-31"


def rec(waarde, status="ok", eenheid="percentage", oordeel=None, open=0):
    vergelijking = None if oordeel is None else {"periode": "2018-01-01/2018-12-31", "oordeel": oordeel}
    return {"waarde": waarde, "status": status, "eenheid": eenheid, "vergelijking": vergelijking, "open": open}


def test_sentences_never_hint_at_suppressed_values():
    d = catalog()["bereik_nazorg"]
    hidden_now = sentence(d, rec(None, "onderdrukt"), rec(41.0), "2019", "2018")
    assert "niet gepubliceerd" in hidden_now and not re.search(r"\d+,\d", hidden_now)
    assert "steeg" not in hidden_now and "daalde" not in hidden_now
    hidden_before = sentence(d, rec(56.0, oordeel="geen"), rec(None, "onderdrukt"), "2019", "2018")
    assert hidden_before == "Het aandeel uitgestroomde personen dat voor nazorg werd aangemeld was 56,0% in 2019."
    both = sentence(d, rec(56.0, oordeel="hoger"), rec(41.0), "2019", "2018")
    assert both == "Het aandeel uitgestroomde personen dat voor nazorg werd aangemeld steeg van 41,0% in 2018 naar 56,0% in 2019."


def test_the_verb_follows_the_judged_comparison():
    """DOMAIN §4 v2: only a judged change is called a rise or a fall; noise is named as such."""
    d = catalog()["bereik_nazorg"]
    same = sentence(d, rec(56.0, oordeel="gelijk"), rec(55.0), "2019", "2018")
    assert (
        same == "Het aandeel uitgestroomde personen dat voor nazorg werd aangemeld bleef ongeveer gelijk: "
        "55,0% in 2018 en 56,0% in 2019."
    )
    unsure = sentence(d, rec(56.0, oordeel="onzeker"), rec(50.0), "2019", "2018")
    assert "steeg" not in unsure and "kan op toeval berusten" in unsure


def test_sentences_in_correct_dutch():
    defs = catalog()
    d = defs["schuldhulp_wachttijd_mediaan"]
    assert (
        sentence(d, rec(1, eenheid="dagen", oordeel="gelijk"), rec(1, eenheid="dagen"), "2019", "2018")
        == "De mediane wachttijd tot de intake bij schuldhulpverlening bleef ongeveer gelijk: 1 dag in 2018 en 1 dag in 2019."
    )
    assert (
        sentence(d, rec(12.5, eenheid="dagen", oordeel="lager"), rec(20, eenheid="dagen"), "2019", "2018")
        == "De mediane wachttijd tot de intake bij schuldhulpverlening daalde van 20 dagen in 2018 naar 12,5 dagen in 2019."
    )
    u = defs["uitstroom"]
    assert (
        sentence(u, rec(1234, eenheid="aantal"), None, "2019", None)
        == "Het aantal personen dat uitstroomde uit detentie was 1.234 in 2019."
    )
    assert (
        sentence(u, rec(None, "geen_gegevens", "aantal"), None, "2019", None)
        == "Over 2019 zijn voor het aantal personen dat uitstroomde uit detentie geen gegevens beschikbaar."
    )
    provisional = sentence(defs["bereik_nazorg"], rec(50.0, "voorlopig", open=43), rec(41.0), "2019", "2018")
    assert provisional.endswith("Dit cijfer is voorlopig: in 43 gevallen is de termijn op de peildatum nog niet verstreken.")
    assert "steeg" not in provisional  # a voorlopig figure is not compared
    unknown = sentence(defs["wederopsluiting_2jaar"], rec(None, "voorlopig", open=1), None, "2019", None)
    assert unknown.endswith("over 2019 is nog niet bekend: in 1 geval is de termijn op de peildatum nog niet verstreken.")


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
    assert "briefadres \\![b\\](http:kwaad.example).xlsx" in md  # the file name, from datakwaliteit
    assert not re.search(r"(?<!\\)!\[[^\]]*\]\((?!data:image/svg)", md)  # no image but our own charts
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
