"""Build both documents (the informatienota and the monitor) and their charts from the indicator
document, in the formats asked for: the one entry point for evaluate and render."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nazorg_cli.report import FORMATS
from nazorg_cli.report.charts import draw_charts
from nazorg_cli.report.context import Figures, chart_specs, monitor_context, note_context, region_comparison, regional_parts
from nazorg_cli.report.notabestand import Nota
from nazorg_cli.report.render import render_html, render_markdown

FIGURES = "figuren"


@dataclass
class Documents:
    files: dict[str, bytes] = field(default_factory=dict)
    # Styles the house template lacked (the default template's were used): a warning for people.
    missing_styles: list[str] = field(default_factory=list)


def render_documents(
    document: dict,
    nota: Nota,
    quality: dict | None,
    templates: Path | None = None,
    draw: Callable[[list[dict]], Callable[[], dict[str, dict]]] | None = None,
    name: Callable[[str], str] = lambda n: n,
    formats: tuple[str, ...] = FORMATS,
    sjabloon: Path | None = None,
    convert: Callable[[str], Callable[[], bytes]] | None = None,
) -> Documents:
    """The files of both documents, by name: informatienota and monitor in each of ``formats``
    (md, html, docx, pdf), and figuren/<thema>.svg with the Markdown. ``name`` gives an output
    its file name (intern ones are marked); ``sjabloon`` is the house template for Word.

    The charts are drawn while the text is rendered: ``draw`` takes the chart specs and returns
    a function that waits for them (evaluate draws them in a helper process; by default they are
    drawn here). Meanwhile the HTML holds a per-run placeholder for each chart's SVG, replaced by
    the real one at the end; the Markdown refers to the chart's file; Word gets a PNG. ``convert``
    takes a finished HTML page and returns a function that waits for its PDF (evaluate and render
    send them to the helper's two copies, so both PDFs are made at once while this process
    writes Word).
    """
    document, gemeenten = regional_parts(document)
    figures = Figures.of(document)  # the published totals by indicator and period, once
    specs = [dict(spec, png="docx" in formats) for spec in chart_specs(figures)]
    collect = (draw or _draw_here)(specs)
    nonce = secrets.token_hex(8)
    charts = {
        spec["key"]: {
            "key": spec["key"],
            "titel": spec["titel"],
            "beschrijving": spec["beschrijving"],
            "bestand": f"{FIGURES}/{name(spec['key'] + '.svg')}",
            "svg": f"nazorg-grafiek-{nonce}-{spec['key']}",
        }
        for spec in specs
    }
    listed = [name(f"monitor.{f}") for f in FORMATS if f in formats]
    note = note_context(document, figures, nota, listed)
    monitor = monitor_context(document, figures, nota, quality, charts)
    comparison = region_comparison(document, figures, gemeenten, nota) if gemeenten else None
    note["vergelijking_gemeenten"] = monitor["vergelijking_gemeenten"] = comparison
    texts = {}
    for kind, context, template in (("informatienota", note, "informatienota.md.j2"), ("monitor", monitor, "monitor.md.j2")):
        markdown_text = render_markdown(context, template, templates)
        texts[kind] = (context, markdown_text, render_html(context, markdown_text, kind, templates))
    drawn = collect()
    out = Documents()
    pages = {}
    for kind, (_, _, html_text) in texts.items():
        for key, chart in drawn.items():
            html_text = html_text.replace(charts[key]["svg"], chart["svg"])
        pages[kind] = html_text
    # The monitor's PDF takes longest: asked for first.
    pdfs = {kind: (convert or _convert_here)(pages[kind]) for kind in ("monitor", "informatienota") if "pdf" in formats}
    for kind, (context, markdown_text, _) in texts.items():
        html_text = pages[kind]
        if "md" in formats:
            out.files[name(f"{kind}.md")] = markdown_text.encode()
        if "html" in formats:
            out.files[name(f"{kind}.html")] = html_text.encode()
        if "docx" in formats:
            from nazorg_cli.report.word import docx_bytes

            pictures = {charts[key]["bestand"]: chart["png"] for key, chart in drawn.items() if chart.get("png")}
            data, missing = docx_bytes(markdown_text, context, pictures, sjabloon)
            out.files[name(f"{kind}.docx")] = data
            out.missing_styles = sorted(set(out.missing_styles) | set(missing))
    for kind, waiting in pdfs.items():
        out.files[name(f"{kind}.pdf")] = waiting()
    if "md" in formats:
        for key, chart in drawn.items():
            out.files[charts[key]["bestand"]] = chart["svg"].encode()
    return out


def _draw_here(specs: list[dict]) -> Callable[[], dict[str, dict]]:
    return lambda: draw_charts(specs)


def _convert_here(html_text: str) -> Callable[[], bytes]:
    from nazorg_cli.report.pdf import pdf_bytes

    return lambda: pdf_bytes(html_text)
