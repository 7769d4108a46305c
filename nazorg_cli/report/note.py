"""Build both note files from the indicator document: the one entry point for evaluate and render."""

from __future__ import annotations

from pathlib import Path

from nazorg_cli.report.context import note_context
from nazorg_cli.report.nota import Nota
from nazorg_cli.report.render import render_html, render_markdown


def render_note(document: dict, nota: Nota, quality: dict | None, templates: Path | None = None) -> tuple[str, str]:
    """(informatienota.md, informatienota.html) for ``document`` (the content of indicatoren.json)."""
    context = note_context(document, nota, quality)
    markdown_text = render_markdown(context, templates)
    return markdown_text, render_html(context, markdown_text, templates)


def check_document(document: object, name: str) -> dict:
    """Refuse anything that is not an indicatoren.json of this version."""
    from nazorg_cli.errors import InputError

    required = {"versie", "periode", "peildatum", "publicatie", "indicatoren"}
    if not isinstance(document, dict) or not required <= set(document):
        raise InputError(f"{name} is geen indicatoren.json van nazorg (velden ontbreken).")
    if document["versie"] != 1:
        raise InputError(f"{name} heeft versie {document['versie']!r}; deze nazorg leest versie 1.")
    return document
