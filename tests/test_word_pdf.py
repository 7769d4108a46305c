"""The documents as Word and PDF (DOMAIN §7 v2, issue 19): real Word structure on a house
template, archival PDF from the same HTML, --formaat, reproducible bytes, checked templates."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, invoke

DOCX = ["informatienota.docx", "monitor.docx"]
PDF = ["informatienota.pdf", "monitor.pdf"]


def word(path: Path):
    from docx import Document

    return Document(str(path))


def test_word_has_real_structure(sample_run):
    note = word(sample_run / "informatienota.docx")
    headings = [(p.style.name, p.text) for p in note.paragraphs if p.style.name in ("Title", "Heading 1", "Heading 2")]
    assert ("Title", "Informatienota") in headings
    for section in ("1. Inleiding", "2. Kernboodschap", "3. Consequenties", "4. Vervolg", "5. Bijlagen"):
        assert ("Heading 1", section) in headings
    assert ("Heading 2", "Kerncijfers") in headings
    # The Kerncijfers as a real table, with the published figures of indicatoren.json.
    document = json.loads((sample_run / "indicatoren.json").read_text("utf-8"))
    bereik = next(
        r
        for r in document["indicatoren"]
        if r["id"] == "bereik_nazorg" and r["uitsplitsing"] is None and r["periode"].startswith("2019-01-01/2019")
    )
    shown = f"{bereik['waarde']:.1f}".replace(".", ",") + "%"
    kern = next(t for t in note.tables if t.cell(0, 0).text == "Indicator")
    row = next(r for r in kern.rows if r.cells[0].text == "Aangemeld voor nazorg")
    assert row.cells[2].text == shown
    for table in note.tables:  # the header row repeats on every page
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert row.cells[2].paragraphs[0].alignment == 2  # figures right-aligned (WD_ALIGN_PARAGRAPH.RIGHT)
    properties = note.core_properties
    assert properties.title.startswith("Informatienota") and properties.language == "nl-NL"
    assert "Nazorg na detentie" in properties.subject
    assert properties.author == "" and properties.last_modified_by == ""
    header = note.sections[0].header
    assert "Synthetische voorbeelddata" in header.paragraphs[0].text  # the band on every page
    footer_xml = note.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "fldChar" in footer_xml  # fields, not text
    styles = note.styles.element.xml
    assert 'w:lang w:val="nl-NL"' in styles


def test_word_charts_are_pictures_with_alternative_text(sample_run):
    monitor = word(sample_run / "monitor.docx")
    shapes = list(monitor.inline_shapes)
    assert len(shapes) == len(list((sample_run / "figuren").iterdir()))
    for shape in shapes:
        properties = shape._inline.docPr
        assert properties.get("title") and len(properties.get("descr")) > 30
    assert any(p.get("title") == "Uitstroom en bereik" for p in (s._inline.docPr for s in shapes))
    definitions = [p.text for p in monitor.paragraphs if re.match(r"^\[\d+\] ", p.text)]
    assert len(definitions) >= 60  # the footnotes as numbered definitions


def test_word_and_pdf_hold_nothing_personal(sample_run):
    """Document properties, every part of the Word files and the PDFs' text and metadata: no
    staff name from the sample's exports, no pseudonym-like tokens, no run time."""
    for name in DOCX:
        with zipfile.ZipFile(sample_run / name) as z:
            core = z.read("docProps/core.xml").decode()
            assert ("2000-01-01" in core and "<dc:creator></dc:creator>" in core) or "<dc:creator/>" in core
            for member in z.namelist():
                text = z.read(member).decode("utf-8", errors="replace")
                assert not re.search(r"\b\d{9}\b", text), (name, member)  # no BSN-like number
                assert "begeleider_" not in text.lower()


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (.ci/run installs it)")
def test_pdf_is_archival_with_embedded_fonts(sample_run):
    for name in PDF:
        path = sample_run / name
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
        meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
        assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="B"' in meta
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info and re.search(r"Title:\s+\S", info)
        assert "Page size:       595.276 x 841.89 pts (A4)" in info
    note_info = subprocess.run(["pdfinfo", str(sample_run / "informatienota.pdf")], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", note_info).group(1)) <= 4
    text = subprocess.run(
        ["pdftotext", "-layout", str(sample_run / "informatienota.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "59,3%" in text and "Kerncijfers" in text and "pagina 1 van" in text
    assert "Synthetische voorbeelddata" in text  # the band on the pages


def test_reruns_are_byte_identical(sample_run, tmp_path):
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    shutil.copy(sample_run / "datakwaliteit.json", tmp_path / "datakwaliteit.json")
    nota = REPO / "sample_data" / "nota.toml"
    for out in ("een", "twee"):
        invoke(["render", tmp_path / "indicatoren.json", "--nota", nota, "--out", tmp_path / out], all_formats=True)
    for name in DOCX + PDF:
        assert (tmp_path / "een" / name).read_bytes() == (tmp_path / "twee" / name).read_bytes(), name
        assert (tmp_path / "een" / name).read_bytes() == (sample_run / name).read_bytes(), name  # and as evaluate made them


def test_formaat_chooses_the_documents(sample_dir, tmp_path):
    invoke(["evaluate", sample_dir, "--out", tmp_path / "o", "--formaat", "md,html"])
    names = {p.name for p in (tmp_path / "o").iterdir()}
    assert {"informatienota.md", "monitor.html", "figuren"} <= names and not names & set(DOCX + PDF)
    invoke(["render", tmp_path / "o" / "indicatoren.json", "--formaat", "docx", "--out", tmp_path / "w"])
    assert sorted(p.name for p in (tmp_path / "w").iterdir() if not p.name.startswith(".")) == sorted(DOCX)
    result = invoke(["evaluate", sample_dir, "--out", tmp_path / "x", "--formaat", "md,odt"], exit_code=2)
    assert "--formaat: 'odt' kent nazorg niet" in result.stderr


def test_markdown_and_html_runs_do_not_load_word_or_pdf(sample_dir, tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from nazorg_cli import pipeline\n"
        f"pipeline.evaluate(pipeline.EvaluateOptions(input_dir=Path({str(sample_dir)!r}), out_dir=Path({str(tmp_path / 'o')!r}),"
        " formats=('md', 'html'), command=('t',)))\n"
        "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def house_template(path: Path, drop: str | None = None) -> Path:
    """A house template nobody on the team made: Letter paper, a distinctive Heading 1."""
    from docx import Document
    from docx.shared import Inches, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    heading = document.styles["Heading 1"]
    heading.font.name = "Courier New"
    heading.font.size = Pt(23)
    heading.font.color.rgb = RGBColor(0x00, 0x80, 0x00)
    section.footer.paragraphs[0].text = "Gemeente Voorbeeld · huisstijl"
    if drop:
        document.styles[drop].element.getparent().remove(document.styles[drop].element)
    document.save(str(path))
    return path


def test_a_house_template_is_applied(sample_run, tmp_path):
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    template = house_template(tmp_path / "huisstijl.docx")
    invoke(["render", tmp_path / "indicatoren.json", "--formaat", "docx", "--sjabloon", template, "--out", tmp_path / "o"])
    note = word(tmp_path / "o" / "informatienota.docx")
    heading = note.styles["Heading 1"]
    assert heading.font.name == "Courier New" and heading.font.size.pt == 23
    assert any(p.style.name == "Heading 1" for p in note.paragraphs)
    assert round(note.sections[0].page_width.inches, 1) == 8.5  # the template's page setup
    assert "Gemeente Voorbeeld · huisstijl" in note.sections[0].footer.paragraphs[0].text
    # The note file can name it too, relative to the note file.
    nota = tmp_path / "nota.toml"
    nota.write_text('sjabloon = "huisstijl.docx"\n', "utf-8")
    invoke(["render", tmp_path / "indicatoren.json", "--nota", nota, "--formaat", "docx", "--out", tmp_path / "p"])
    assert word(tmp_path / "p" / "informatienota.docx").styles["Heading 1"].font.name == "Courier New"


def test_a_template_lacking_a_style_falls_back_with_a_warning(sample_run, tmp_path):
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    template = house_template(tmp_path / "zonder.docx", drop="Quote")
    result = invoke(
        ["render", tmp_path / "indicatoren.json", "--formaat", "docx", "--sjabloon", template, "--out", tmp_path / "o"]
    )
    assert "mist de stijl(en) Quote" in result.stderr
    assert "Quote" in {s.name for s in word(tmp_path / "o" / "informatienota.docx").styles}


def bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<" + b" " * (300 << 20) + b"/>")
    return path


@pytest.mark.parametrize(
    "make, text",
    [
        (lambda p: (p.write_text("geen word", "utf-8"), p)[1], "geen Word-document"),
        (lambda p: (shutil.copy(REPO / "sample_data" / "detenties.xlsx", p), p)[1], "geen Word-document"),
        (bomb, "zip"),
    ],
)
def test_unsafe_or_wrong_templates_are_refused(sample_run, tmp_path, make, text):
    shutil.copy(sample_run / "indicatoren.json", tmp_path / "indicatoren.json")
    template = make(tmp_path / "sjabloon.docx")
    result = invoke(
        ["render", tmp_path / "indicatoren.json", "--formaat", "docx", "--sjabloon", template, "--out", tmp_path / "o"],
        exit_code=2,
    )
    assert text in result.stderr.lower() or text in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "o" / "informatienota.docx").exists()


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice Writer (.ci/run installs it)")
def test_libreoffice_opens_the_word_files(sample_run, tmp_path):
    """Both .docx convert to PDF in LibreOffice without error and show the note's figures."""
    profile = tmp_path / "profiel"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *(str(sample_run / n) for n in DOCX),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in DOCX:
        pdf = tmp_path / name.replace(".docx", ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 10_000, name
    text = subprocess.run(["pdftotext", str(tmp_path / "informatienota.pdf"), "-"], capture_output=True, text=True).stdout
    assert "59,3%" in text and "Kerncijfers" in text


def test_help_and_note_stay_light():
    """The Word and PDF libraries are imported only where those formats are made."""
    code = (
        "import sys, nazorg_cli.cli.app, nazorg_cli.report.informatienota; "
        "print('weasyprint' in sys.modules, 'docx' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_word_bytes_are_ordered_with_fixed_times(sample_run):
    with zipfile.ZipFile(io.BytesIO((sample_run / "monitor.docx").read_bytes())) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}


def test_a_wide_tables_first_column_keeps_its_words_whole():
    """The comparison per gemeente has nine columns: the names of the gemeenten and the region
    stay whole words in Word (the figures' columns share the rest of the width)."""
    from docx import Document
    from docx.shared import Cm

    from nazorg_cli.report.word import CHAR_CM, docx_bytes

    heads = " | ".join(f"Kolom met een lange kop {i}" for i in range(8))
    markdown = f"# Titel\n\n| Gemeente | {heads} |\n|---|{'--:|' * 8}\n| Regio Zuid-Kennemerland |{' 60,3% |' * 8}\n"
    context = {"titel": "Titel", "band": "", "voet": "", "kopregel": "", "nummer": "", "gemeente": "", "periode": ""}
    data, _ = docx_bytes(markdown, context, {}, None)
    document = Document(io.BytesIO(data))
    table, section = document.tables[0], document.sections[-1]
    assert table.columns[0].width >= 0.99 * Cm(CHAR_CM) * (len("Zuid-Kennemerland") + 2)  # stored in twips
    assert sum(c.width for c in table.columns) <= section.page_width - section.left_margin - section.right_margin + Cm(0.1)
