"""Build both documents (the informatienota and the monitor) and their charts from the indicator
document: the one entry point for evaluate and render."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from nazorg_cli.report.charts import draw_charts
from nazorg_cli.report.context import chart_specs, monitor_context, note_context
from nazorg_cli.report.notabestand import Nota
from nazorg_cli.report.render import render_html, render_markdown

FIGURES = "figuren"


def render_documents(
    document: dict,
    nota: Nota,
    quality: dict | None,
    templates: Path | None = None,
    draw: Callable[[list[dict]], Callable[[], dict[str, str]]] | None = None,
    name: Callable[[str], str] = lambda n: n,
) -> dict[str, str]:
    """The files of both documents, by name: informatienota.md/.html, monitor.md/.html and
    figuren/<thema>.svg. ``name`` gives an output its file name (intern ones are marked).

    The charts are drawn while the text is rendered: ``draw`` takes the chart specs and returns
    a function that waits for their SVGs (evaluate draws them in a helper process; by default
    they are drawn here). Meanwhile the HTML holds a per-run placeholder for each chart's SVG,
    replaced by the real one at the end; the Markdown refers to the chart's file.
    """
    specs = chart_specs(document)
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
    monitor_name = name("monitor.md"), name("monitor.html")
    files = {}
    note = note_context(document, nota, [monitor_name[1], monitor_name[0]])
    note_md = render_markdown(note, "informatienota.md.j2", templates)
    files[name("informatienota.md")] = note_md
    files[name("informatienota.html")] = render_html(note, note_md, "informatienota", templates)
    monitor = monitor_context(document, nota, quality, charts)
    monitor_md = render_markdown(monitor, "monitor.md.j2", templates)
    monitor_html = render_html(monitor, monitor_md, "monitor", templates)
    for key, svg in collect().items():
        monitor_html = monitor_html.replace(charts[key]["svg"], svg)
        files[charts[key]["bestand"]] = svg
    files[monitor_name[0]] = monitor_md
    files[monitor_name[1]] = monitor_html
    return files


def _draw_here(specs: list[dict]) -> Callable[[], dict[str, str]]:
    return lambda: draw_charts(specs)
