"""Render the two documents: Markdown from a Jinja2 template, HTML as that Markdown rendered by
markdown-it-py (raw HTML disabled) inside an autoescaped page with a strict CSP.

Traceability: every indicator name in the monitor's tables carries a footnote ``[^id]`` whose
definition stands under Definities; in HTML the reference is a link to ``#def-<id>``. Charts are
files in ``figuren/`` referenced by the Markdown, and inline ``<svg>`` in the HTML.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from nazorg_cli.resources import templates_dir

HTML_TEMPLATE = "document.html.j2"
CSS = "nota.css"
STOPLICHT = re.compile(r"●\s(gehaald|bijna|niet gehaald|onbekend)(?=</td>)")


@lru_cache(maxsize=4)
def _environment(folder: Path):
    """The Jinja environment of a template folder, kept for the process: each template is
    compiled once (FileSystemLoader notices a changed file and compiles it again)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(str(folder))]
    if folder != templates_dir():
        loaders.append(FileSystemLoader(str(templates_dir())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(["html", "html.j2"]),
    )
    env.filters["css_string"] = css_string
    return env


def css_string(text: object):
    """Text for a double-quoted CSS string inside <style>: every character but letters, digits
    and plain punctuation becomes a CSS escape (``\\d `` for a carriage return), so no quote,
    backslash, line break or control character can end the string, and no '<' the style."""
    from markupsafe import Markup

    safe = " .,:;!?()[]/'&+=%·–-"
    return Markup("".join(ch if ch.isalnum() or ch in safe else f"\\{ord(ch):x} " for ch in str(text)))


DOCUMENT_TEMPLATES = ("informatienota.md.j2", "monitor.md.j2", HTML_TEMPLATE)


def compile_templates() -> None:
    """Compile the shipped templates (and load the sentence templates) ahead of rendering."""
    from nazorg_cli.report.sentences import templates

    env = _environment(templates_dir())
    for name in DOCUMENT_TEMPLATES:
        env.get_template(name)
    templates()


def render_markdown(context: dict, template: str, templates: Path | None = None) -> str:
    """``template``: informatienota.md.j2 or monitor.md.j2."""
    env = _environment(templates or templates_dir())
    with _template_errors(template):
        return env.get_template(template).render(**context, md=md_cell, md_text=md_text)


@contextmanager
def _template_errors(name: str):
    """A user's own template (--templates) that names what the context has not, or whose Jinja
    does not parse, is refused with the template's name and line, not as an internal error."""
    import re

    from jinja2 import TemplateSyntaxError, UndefinedError

    from nazorg_cli import __version__
    from nazorg_cli.codes import refusal

    try:
        yield
    except UndefinedError as exc:
        found = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(exc))
        naam = (found.group(2) or found.group(1)) if found else "?"
        raise refusal("onleesbaar", "template-naam", bestand=name, naam=naam, versie=__version__) from None
    except TemplateSyntaxError as exc:
        raise refusal("onleesbaar", "template-opmaak", bestand=exc.name or name, regel=exc.lineno) from None


def markdown_parser(charts: dict[str, str] | None = None):
    """CommonMark with tables and footnotes, raw HTML off; ``charts`` maps our own chart files
    (figuren/...svg) to their inline SVG (nothing else may become an image)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    charts = charts or {}
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    parser.use(footnote_plugin, move_to_end=False)
    default_validate = parser.validateLink
    parser.validateLink = lambda url: url in charts or default_validate(url)  # type: ignore[method-assign]

    def footnote_ref(renderer, tokens, idx, options, env):
        meta = tokens[idx].meta
        label = html.escape(meta["label"], quote=True)
        return f'<sup class="voetnoot"><a href="#def-{label}" title="Definitie">{meta["id"] + 1}</a></sup>'

    def definition_open(renderer, tokens, idx, options, env):
        return f'<div class="definitie" id="def-{html.escape(tokens[idx].meta["label"], quote=True)}">\n'

    def image(renderer, tokens, idx, options, env):
        src = tokens[idx].attrGet("src")
        if src in charts:
            return f'<figure class="grafiek">{charts[src]}</figure>'
        # Any other image would be fetched from elsewhere: only its description is shown.
        return html.escape(tokens[idx].content or "")

    parser.add_render_rule("footnote_ref", footnote_ref)
    parser.add_render_rule("footnote_reference_open", definition_open)
    parser.add_render_rule("footnote_reference_close", lambda *a: "</div>\n")
    parser.add_render_rule("image", image)
    return parser


def render_html(context: dict, markdown_text: str, soort: str, templates: Path | None = None) -> str:
    """``soort``: informatienota or monitor (the body's class, for the print style)."""
    from markupsafe import Markup

    charts = {c["bestand"]: c["svg"] for c in context.get("grafieken", [])}
    rendered = markdown_parser(charts).render(markdown_text)  # raw HTML is off: escaped markup
    # A stoplicht is a word and a colour: the dot before the word takes the colour.
    rendered = STOPLICHT.sub(lambda m: f'<span class="stoplicht {m.group(1).replace(" ", "-")}">●</span> {m.group(1)}', rendered)
    body = Markup(rendered)
    folder = templates or templates_dir()
    css_path = folder / CSS if (folder / CSS).is_file() else templates_dir() / CSS
    env = _environment(folder)
    with _template_errors(HTML_TEMPLATE):
        return env.get_template(HTML_TEMPLATE).render(**context, body=body, soort=soort, css=Markup(css_path.read_text("utf-8")))


def md_text(text: object) -> str:
    """The college's own text from the note file: Markdown stays (paragraphs, lists, emphasis),
    but nothing that fetches, executes or leads out of the document: images, links and raw HTML
    become literal text (a web address stays readable as text)."""
    import re

    out = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out = "".join(ch if ch >= " " or ch in "\n\t" else " " for ch in out)
    out = out.replace("<", "\\<").replace("&", "\\&")
    out = re.sub(r"!(?=\[)", r"\\!", out)
    return re.sub(r"\](?=[(\[:])", r"\\]", out)


MD_SPECIAL = "\\`*_<>|#~&{}"


def md_cell(text: object) -> str:
    """Data as literal text inside Markdown (a table cell, a heading, inline): every character
    that could start markup (emphasis, a link or image, raw HTML, an entity, a table pipe) is
    escaped, and line breaks and other control characters become spaces, so data never becomes
    structure: ``![x](http://...)`` in a file name stays text."""
    text = str(text)
    out = []
    for i, ch in enumerate(text):
        after = text[i + 1 : i + 2]
        # A bracket pair is markup only as [text](url), [text][ref], [label]: or ![alt](url).
        if ch in MD_SPECIAL or (ch == "]" and after in ("(", "[", ":")) or (ch == "!" and after == "["):
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
