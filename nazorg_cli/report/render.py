"""Render the informatienota: Markdown from a Jinja2 template, HTML as that Markdown rendered by
markdown-it-py (raw HTML disabled) inside an autoescaped page with a strict CSP."""

from __future__ import annotations

from pathlib import Path

from nazorg_cli.resources import templates_dir

MD_TEMPLATE = "informatienota.md.j2"
HTML_TEMPLATE = "informatienota.html.j2"


def _environment(folder: Path):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

    loaders = [FileSystemLoader(str(folder))]
    if folder != templates_dir():
        loaders.append(FileSystemLoader(str(templates_dir())))
    return Environment(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, autoescape=select_autoescape(["html", "html.j2"]))


def render_markdown(context: dict, templates: Path | None = None) -> str:
    env = _environment(templates or templates_dir())
    return env.get_template(MD_TEMPLATE).render(**context, md=md_cell)


def render_html(context: dict, markdown_text: str, templates: Path | None = None) -> str:
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    body = Markup(parser.render(markdown_text))  # raw HTML is disabled, so the output is escaped markup
    env = _environment(templates or templates_dir())
    css = (templates_dir() / "nota.css").read_text("utf-8") if not (templates and (templates / "nota.css").is_file()) \
        else (templates / "nota.css").read_text("utf-8")
    return env.get_template(HTML_TEMPLATE).render(**context, body=body, css=Markup(css))


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell or inline: pipes and markup characters escaped."""
    out = str(text)
    for ch in ("\\", "|", "*", "_", "`", "<", ">"):
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")
