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
    "3. Consequenties",
    "4. Vervolg",
    "5. Bijlagen",
    "Hands-on begeleiding",
    "Basisvoorwaarden",
    "Huisvesting",
    "Re-integratie naar arbeid",
    "Schulden en briefadres",
    "Kwetsbare groepen",
    "Bijlage 1. Indicatorentabel",
    "Bijlage 2. Definities en bronnen",
    "Bijlage 3. Datakwaliteit",
]


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
        assert re.search(r"\b\d{1,3},\d%", text)  # 59,3%
        assert "31 maart 2020" in text  # Dutch dates
    assert "data:image/svg+xml;base64," in md
    assert html.count("<svg") >= 1 and '<title id="grafiek-' in html and '<desc id="grafiek-' in html
    assert 'href="#def-bereik_nazorg"' in html and 'id="def-bereik_nazorg"' in html  # traceable
    assert "[^bereik_nazorg]" in md  # footnotes


def test_markdown_parses_as_commonmark_with_tables(note):
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse((note / "informatienota.md").read_text("utf-8"))
    types = [t.type for t in tokens]
    assert types.count("table_open") >= 8
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    for section in ("1. Inleiding", "2. Kernboodschap", "3. Consequenties", "4. Vervolg", "5. Bijlagen"):
        assert section in headings


@pytest.mark.parametrize("name", ["informatienota.md", "informatienota.html"])
def test_golden(note, name):
    """The note on the sample equals the golden file (refresh with UPDATE_GOLDEN=1 after a
    deliberate change, and read the diff). The note has no volatile fields: no run time."""
    produced = (note / name).read_text("utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(produced, "utf-8")
    assert produced == (GOLDEN / name).read_text("utf-8")


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
