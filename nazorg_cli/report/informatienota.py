"""Build both note files from the indicator document: the one entry point for evaluate and render."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from nazorg_cli.report.charts import data_uri, draw_charts
from nazorg_cli.report.context import chart_specs, note_context
from nazorg_cli.report.notabestand import Nota
from nazorg_cli.report.render import render_html, render_markdown


def render_note(
    document: dict,
    nota: Nota,
    quality: dict | None,
    templates: Path | None = None,
    draw: Callable[[list[dict]], Callable[[], dict[str, str]]] | None = None,
) -> tuple[str, str]:
    """(informatienota.md, informatienota.html) for ``document`` (the content of indicatoren.json).

    The charts are drawn while the text is rendered: ``draw`` takes the chart specs and returns
    a function that waits for their SVGs (evaluate draws them in a helper process; by default
    they are drawn here). Meanwhile the templates see a per-run placeholder for each chart's
    SVG and data URI, replaced by the real ones at the end.
    """
    specs = chart_specs(document)
    collect = (draw or _draw_here)(specs)
    nonce = secrets.token_hex(8)
    marks = {
        spec["key"]: {"svg": f"nazorg-grafiek-{nonce}-{spec['key']}-svg", "data_uri": f"nazorg-grafiek-{nonce}-{spec['key']}-uri"}
        for spec in specs
    }
    charts = {
        spec["key"]: {"key": spec["key"], "titel": spec["titel"], "beschrijving": spec["beschrijving"], **marks[spec["key"]]}
        for spec in specs
    }
    context = note_context(document, nota, quality, charts)
    markdown_text = render_markdown(context, templates)
    html_text = render_html(context, markdown_text, templates)
    for key, svg in collect().items():
        uri = data_uri(svg)
        markdown_text = markdown_text.replace(marks[key]["data_uri"], uri)
        html_text = html_text.replace(marks[key]["svg"], svg).replace(marks[key]["data_uri"], uri)
    return markdown_text, html_text


def _draw_here(specs: list[dict]) -> Callable[[], dict[str, str]]:
    return lambda: draw_charts(specs)
