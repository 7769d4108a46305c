"""The informatienota: structure, Dutch style, charts, golden files, CommonMark, a real browser."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import REPO, invoke

GOLDEN = Path(__file__).parent / "golden"
HEADER_FIELDS = [
    "Onderwerp",
    "Nummer",
    "Portefeuillehouder",
    "Programma/beleidsveld",
    "Afdeling",
    "Auteur",
    "Telefoonnummer",
    "Email",
    "Kernboodschap",
    "Behandelvoorstel voor commissie",
    "Relevante eerdere besluiten",
    "Besluit College d.d.",
]
SECTIONS = [
    "1. Inleiding",
    "2. Kernboodschap",
    "Kerncijfers",
    "3. Consequenties",
    "3.1 Succesvolle aanpak hands-on begeleiders",
    "3.2 Gebrek aan passende huisvesting",
    "3.3 Re-integratie naar arbeid",
    "3.4 Door met het verbeteren van vrijwillige nazorg",
    "4. Vervolg",
    "5. Bijlagen",
]
MONITOR_SECTIONS = [
    "Monitor nazorg na detentie 2019",
    "Leeswijzer",
    "1. Uitstroom en bereik",
    "2. Hands-on begeleiding",
    "3. Basisvoorwaarden",
    "4. Huisvesting",
    "5. Re-integratie naar arbeid",
    "6. Schulden en briefadres",
    "7. Kwetsbare groepen",
    "Definities en bronnen",
    "Datakwaliteit",
]
DOCUMENTS = ["informatienota.md", "informatienota.html", "monitor.md", "monitor.html"]


@pytest.fixture(scope="module")
def note(sample_run):
    return sample_run


def test_structure_style_and_charts(note):
    md = (note / "informatienota.md").read_text("utf-8")
    html = (note / "informatienota.html").read_text("utf-8")
    for text in (md, html):
        for field in HEADER_FIELDS:
            assert field in text, field
        for section in SECTIONS:
            assert section in text, section
        assert "Synthetische voorbeelddata" in text
        assert re.search(r"\b\d{1,3},\d%", text)  # 59,3% in the Kerncijfers
        assert "31 maart 2020" in text  # Dutch dates
        assert "Conceptzinnen op basis van de cijfers:" in text and "Monitor nazorg na detentie 2019" in text
    assert "<svg" not in html and "figuren/" not in md  # the note is text; the charts are in the monitor
    monitor_md = (note / "monitor.md").read_text("utf-8")
    monitor_html = (note / "monitor.html").read_text("utf-8")
    for text in (monitor_md, monitor_html):
        for section in MONITOR_SECTIONS:
            assert section in text, section
    figures = sorted(p.name for p in (note / "figuren").iterdir())
    assert figures and all(name.endswith(".svg") for name in figures)
    for name in figures:  # the Markdown refers to the file, the HTML holds the picture itself
        assert f"](figuren/{name})" in monitor_md
    assert "data:image" not in monitor_md and len(monitor_md) < 80_000
    assert monitor_html.count("<svg") == len(figures) and '<title id="grafiek-' in monitor_html
    assert 'href="#def-bereik_nazorg"' in monitor_html and 'id="def-bereik_nazorg"' in monitor_html  # traceable
    assert "[^bereik_nazorg]" in monitor_md  # footnotes


def test_charts_show_the_reeks_and_mark_voorlopig_points(note):
    svg = (note / "figuren" / "hands_on.svg").read_text("utf-8")
    for year in ("2015", "2016", "2017", "2018", "2019"):
        assert f">{year}<" in svg
    assert "open punt: voorlopig (*)" in svg and "Bereik hands-on begeleiding" in svg
    assert "een open punt is een voorlopig cijfer" in svg  # said in the description too
    assert "<desc" in svg and 'role="img"' in svg


def test_no_chart_label_is_clipped(note):
    """Every text of every chart lies inside the picture, its width estimated generously
    (0,62 em per character of DejaVu Sans): tick labels, the legend's wrapped lines, the
    voorlopig key."""
    for path in (note / "figuren").iterdir():
        svg = path.read_text("utf-8")
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
        texts = re.findall(r"<text ([^>]*)>([^<]+)</text>", svg)
        assert len(texts) >= 12, path.name
        for attributes, content in texts:
            size = float(re.search(r"font-size: ([\d.]+)px", attributes).group(1))
            anchor = re.search(r"text-anchor: (\w+)", attributes)
            place = re.search(r'x="([-\d.]+)" y="([-\d.]+)"', attributes) or re.search(
                r"translate\(([-\d.]+) ([-\d.]+)\)", attributes
            )
            x, y = float(place.group(1)), float(place.group(2))
            span = 0.62 * size * len(content.strip())
            left = {"middle": x - span / 2, "end": x - span}.get(anchor.group(1) if anchor else "start", x)
            assert left >= 0 and left + span <= width + 1, (path.name, content)
            assert size * 0.7 <= y <= height, (path.name, content)


def test_no_code_words_for_people(note):
    """Everything a civil servant reads is words: no code of the catalogue (geen_gegevens,
    beschermd_wonen, an indicator id) in the text of the note or the monitor."""
    from nazorg_cli.indicators.catalog import catalog

    codes = {"geen_gegevens", "onderdrukt", "beschermd_wonen", "maatschappelijke_opvang", "voorlopige_hechtenis"}
    codes |= set(catalog())
    for name in ("informatienota.md", "monitor.md"):
        text = (note / name).read_text("utf-8")
        text = re.sub(r"\[\^[a-z0-9_]+\]", "", text)  # footnote labels are links, not text
        text = re.sub(r"figuren/[a-z_]+\.svg", "", text)
        words = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", text))
        assert not words & codes, (name, words & codes)
        assert not words, (name, words)


def test_markdown_parses_as_commonmark_with_tables(note):
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse((note / "informatienota.md").read_text("utf-8"))
    types = [t.type for t in tokens]
    assert types.count("table_open") == 2  # the header and the Kerncijfers
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    for section in ("1. Inleiding", "2. Kernboodschap", "3. Consequenties", "4. Vervolg", "5. Bijlagen"):
        assert section in headings
    monitor = parser.parse((note / "monitor.md").read_text("utf-8"))
    assert [t.type for t in monitor].count("table_open") >= 20


@pytest.mark.parametrize("name", DOCUMENTS)
def test_golden(note, name):
    """Both documents on the sample equal the golden files (refresh with UPDATE_GOLDEN=1 after a
    deliberate change, and read the diff). They have no volatile fields: no run time."""
    produced = (note / name).read_text("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(produced, "utf-8")
    assert produced == (GOLDEN / name).read_text("utf-8")


def test_render_gives_the_documents_of_evaluate(note, tmp_path):
    """DOMAIN §5: render from indicatoren.json (and datakwaliteit.json beside it) gives the same
    note, monitor and figures as evaluate."""
    for name in ("indicatoren.json", "datakwaliteit.json"):
        shutil.copy(note / name, tmp_path / name)
    invoke(
        ["render", tmp_path / "indicatoren.json", "--nota", REPO / "sample_data" / "nota.toml", "--out", tmp_path / "o"],
        all_formats=True,
    )
    for name in DOCUMENTS:
        assert (tmp_path / "o" / name).read_text("utf-8") == (note / name).read_text("utf-8"), name
    for svg in (note / "figuren").iterdir():
        assert (tmp_path / "o" / "figuren" / svg.name).read_bytes() == svg.read_bytes(), svg.name


def test_templates_override(tmp_path, note):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "informatienota.md.j2").write_text("# Eigen sjabloon voor {{ gemeente }}\n\n{{ periode }}\n", "utf-8")
    shutil.copy(note / "indicatoren.json", tmp_path / "indicatoren.json")
    invoke(["render", tmp_path / "indicatoren.json", "--templates", custom, "--out", tmp_path / "o"])
    assert (tmp_path / "o" / "informatienota.md").read_text("utf-8") == "# Eigen sjabloon voor Haarlem\n\n2019\n"
    assert "Eigen sjabloon voor Haarlem" in (tmp_path / "o" / "informatienota.html").read_text("utf-8")


def test_note_file_texts_and_markers(tmp_path):
    nota = tmp_path / "nota.toml"
    nota.write_text(
        '[kop]\nnummer = "2019/123456"\nbesluit_college_datum = "2019-02-05"\n'
        '[[eerdere_besluiten]]\ntitel = "Plan van aanpak 2017-2018"\nnummer = "2017/435701"\n'
        '[tekst]\nvervolg = "We gaan door met de hands-on begeleiding."\n',
        "utf-8",
    )
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "o", "--nota", nota])
    md = (tmp_path / "o" / "informatienota.md").read_text("utf-8")
    assert "2019/123456" in md and "5 februari 2019" in md and "Plan van aanpak 2017-2018 (2017/435701)" in md
    assert "We gaan door met de hands-on begeleiding." in md
    assert "[in te vullen: Portefeuillehouder]" in md and "[in te vullen: inleiding]" in md


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class RecordingProxy:
    """A loopback listener standing in as Chromium's proxy: it records the host of every request
    and answers none."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.hosts: list[str] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.getsockname()[1]}"

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                line = conn.recv(1024).split(b"\r\n")[0].decode("latin-1")
            except OSError:
                line = ""
            conn.close()
            target = line.split(" ")[1] if line.count(" ") >= 2 else line
            self.hosts.append(re.sub(r"^[a-z]+://", "", target).split("/")[0].split(":")[0])

    def stop(self):
        self.running = False
        self.thread.join(timeout=2)
        self.server.close()


def print_to_pdf(page: Path, pdf: Path, profile: Path) -> list[str]:
    """Print ``page`` with headless Chromium; the hosts it tried to reach."""
    proxy = RecordingProxy()
    try:
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                f"--user-data-dir={profile}",
                f"--proxy-server=http://{proxy.address}",
                "--proxy-bypass-list=<-loopback>",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        proxy.stop()
    return proxy.hosts


@pytest.mark.skipif(chromium() is None and not os.environ.get("CI"), reason="Chromium is not installed here")
@pytest.mark.slow
def test_html_prints_to_a4_in_a_real_browser_without_network(note, tmp_path):
    """Headless Chromium prints the note to at least two A4 pages. Every request goes to a
    recording proxy; Chromium itself calls home (update and time services) even for an empty
    page, so the note may cause no request beyond that baseline."""
    assert chromium(), ".ci/run installs Debian's chromium for this test"
    blank = tmp_path / "leeg.html"
    blank.write_text("<!DOCTYPE html><html><body>leeg</body></html>", "utf-8")
    baseline = set(print_to_pdf(blank, tmp_path / "leeg.pdf", tmp_path / "p1"))
    leaky = tmp_path / "lek.html"
    leaky.write_text('<!DOCTYPE html><html><body><img src="http://extern.example/x.png"></body></html>', "utf-8")
    assert "extern.example" in print_to_pdf(leaky, tmp_path / "lek.pdf", tmp_path / "p0")  # the detector works
    pdf = tmp_path / "nota.pdf"
    hosts = print_to_pdf(note / "informatienota.html", pdf, tmp_path / "p2")
    assert set(hosts) <= baseline, set(hosts) - baseline
    data = pdf.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2
    sizes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", data)}
    assert sizes == {(595, 842)}  # A4 in points


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def pdf_text(pdf: Path) -> str:
    assert shutil.which("pdftotext"), ".ci/run installs poppler-utils for this test"
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


FILLED_NOTE = """
[kop]
nummer = "2020/123456"
portefeuillehouder = "Wethouder Zorg"
programma = "Maatschappelijke ondersteuning"
afdeling = "Zorg en welzijn"
auteur = "Beleidsadviseur nazorg"
telefoonnummer = "023 000 0000"
email = "nazorg@example.nl"
kernboodschap = "De nazorg bereikt {bereik_nazorg} van wie vrijkomt; huisvesting blijft het knelpunt."
[tekst]
inleiding = "{tekst}"
kernboodschap = "{tekst}"
vervolg = "{tekst}"
[[consequentie]]
kop = "Succesvolle aanpak hands-on begeleiders"
tekst = "{tekst}"
indicatoren = ["hands_on_bereik", "hands_on_tijdens_detentie", "hands_on_afgerond", "alle_vijf_op_orde_bij_ontslag"]
[[consequentie]]
kop = "Gebrek aan passende huisvesting"
tekst = "{tekst}"
indicatoren = ["zonder_huisvesting_bij_ontslag", "contingent_plaatsingen", "forensisch_plaatsingen"]
[[consequentie]]
kop = "Re-integratie naar arbeid"
tekst = "{tekst}"
indicatoren = ["kostwinners_instroom", "kostwinners_werk", "kostwinners_duurzaam"]
[[consequentie]]
kop = "Door met het verbeteren van vrijwillige nazorg"
tekst = "{tekst}"
indicatoren = ["bereik_nazorg", "nazorg_bereikt", "nazorg_geweigerd", "contact_voor_ontslag"]
[streefwaarden]
hands_on_bereik = { waarde = 50, richting = "minimaal" }
nazorg_geweigerd = { waarde = 10, richting = "maximaal" }
[weergave]
conceptzinnen = false
"""
PARAGRAPH = (
    "Het college heeft in deze periode met de ketenpartners gewerkt aan een sluitende aanpak voor wie uit detentie "
    "terugkeert. De hands-on begeleiders zijn daarin de spil: zij leggen al tijdens de detentie contact en blijven "
    "na het ontslag betrokken tot de basisvoorwaarden op orde zijn."
)


@pytest.mark.skipif(chromium() is None and not os.environ.get("CI"), reason="Chromium is not installed here")
@pytest.mark.slow
def test_printed_note_fits_four_pages_and_the_monitor_keeps_its_headers(note, tmp_path):
    """DOMAIN §7 v2: the note prints on at most four A4 pages, header included, as drafted and
    with the college's texts filled in; the monitor's table headers and chart labels come
    through printing whole (no header broken mid-word)."""
    assert chromium(), ".ci/run installs Debian's chromium for this test"
    pdf = tmp_path / "nota.pdf"
    print_to_pdf(note / "informatienota.html", pdf, tmp_path / "p1")
    assert 2 <= pages(pdf) <= 4, pages(pdf)
    nota = tmp_path / "nota.toml"
    nota.write_text(FILLED_NOTE.replace("{tekst}", PARAGRAPH), "utf-8")
    shutil.copy(note / "indicatoren.json", tmp_path / "indicatoren.json")
    invoke(["render", tmp_path / "indicatoren.json", "--nota", nota, "--out", tmp_path / "gevuld"])
    filled = tmp_path / "gevuld.pdf"
    print_to_pdf(tmp_path / "gevuld" / "informatienota.html", filled, tmp_path / "p2")
    assert pages(filled) <= 4, pages(filled)
    text = pdf_text(filled)
    assert "Streefwaarde" in text and "Stoplicht" in text and "● bijna" in text

    monitor = tmp_path / "monitor.pdf"
    print_to_pdf(note / "monitor.html", monitor, tmp_path / "p3")
    text = pdf_text(monitor)
    words = set(re.findall(r"[\w-]+", text))
    for header in (
        "Indicator",
        "Teller",
        "Noemer",
        "Onbekend",
        "Uitsplitsing",
        "Categorie",
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
    ):
        assert header in words, header
    assert "Nog open" in text and "Bereik hands-on begeleiding" in text
    # Labels in the charts are text in the PDF: every series name and the voorlopig legend.
    assert "open punt: voorlopig (*)" in text


@pytest.mark.parametrize(
    "text, message",
    [
        ("# {{ secties[0].titel }}\n", "de naam 'secties' bestaat niet"),
        ("# {{ kop.onbekend_veld }}\n", "de naam 'onbekend_veld' bestaat niet"),
        ("# {% if x %} zonder einde\n", "regel 1: de Jinja-opmaak klopt niet"),
    ],
)
def test_a_broken_own_template_is_named_not_an_internal_error(note, tmp_path, text, message):
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "informatienota.md.j2").write_text(text, "utf-8")
    shutil.copy(note / "indicatoren.json", tmp_path / "indicatoren.json")
    result = invoke(["render", tmp_path / "indicatoren.json", "--templates", custom, "--out", tmp_path / "o"], exit_code=2)
    assert message in result.stderr and "Interne fout" not in result.stderr and "Traceback" not in result.stderr
