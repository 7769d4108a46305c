"""The documents as Word files (DOMAIN §7 v2), built with python-docx on a reference document (the
house template): its styles, page setup, header and footer are used.

One content, one layout: the Word file is built from the same Markdown as the HTML, walking its
markdown-it tokens, so Word, HTML and PDF never say different things. Headings take the
template's heading styles (h1 Titel, h2-h4 Kop 1-3), tables are real tables with a repeating
header row and right-aligned figures, charts are PNG pictures with their title and description as
alternative text, footnotes become numbered definitions, the page number is a field, and the
synthetic or VERTROUWELIJK band stands in the header of every page. Output is byte-identical for
the same input: fixed document dates, zip entries in a fixed order with a fixed timestamp.
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime
from pathlib import Path

from nazorg_cli.resources import templates_dir

DEFAULT_TEMPLATE = "sjabloon.docx"
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
# The styles the documents use, by their built-in names (Word shows them localised: Titel, Kop 1,
# Standaard, ...).
STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "List Bullet", "List Number", "Quote", "Table Grid")
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}


def default_template() -> Path:
    return templates_dir() / DEFAULT_TEMPLATE


CHAR_CM = 0.21  # about the width of a character of the table text


def docx_bytes(
    markdown_text: str,
    context: dict,
    pictures: dict[str, bytes],
    template: Path | None = None,
) -> tuple[bytes, list[str]]:
    """The Word file of one document, and the styles the template lacked (taken from the
    default template instead). ``pictures``: by the chart's file name in the Markdown
    (figuren/uitstroom.svg), its PNG."""
    from docx import Document

    document = Document(str(template or default_template()))
    missing = _ensure_styles(document, template)
    _clear_body(document)
    _set_language(document)
    _header_and_footer(document, context)
    _Writer(document, pictures, context).write(markdown_text)
    props = document.core_properties
    props.title = context["titel"] if context["titel"] != "Informatienota" else f"Informatienota: {context['kopregel']}"
    props.subject = f"Nazorg na detentie {context['gemeente']} {context['periode']}"
    props.language = "nl-NL"
    props.author = props.last_modified_by = props.comments = props.keywords = props.category = ""
    props.created = props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue()), missing


def _ensure_styles(document, template: Path | None) -> list[str]:
    """A house template lacking a style gets the default template's (a copy of its definition)."""
    if template is None:
        return []
    from docx import Document

    names = {style.name for style in document.styles}
    missing = [name for name in STYLES if name not in names]
    if missing:
        default = Document(str(default_template()))
        for name in missing:
            document.styles.element.append(copy.deepcopy(default.styles[name].element))
    return missing


def _clear_body(document) -> None:
    """The template's own body text goes; its section (page size, margins, header, footer) stays."""
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _set_language(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "nl-NL")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``: Word fills it in when it lays out the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _has_page_field(part) -> bool:
    return any("PAGE" in (t.text or "") for t in part._element.iter() if t.tag.endswith("}instrText"))


def _header_and_footer(document, context: dict) -> None:
    """The band (synthetic data, VERTROUWELIJK) on top of every page, the document's title in the
    header, and a page number field in the footer, unless the template's footer has one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        if context["band"]:
            band = first.insert_paragraph_before() if first.text.strip() else first
            run = band.add_run(context["band"])
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
            band.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line = header.add_paragraph()
        else:
            line = first if not first.text.strip() else header.add_paragraph()
        run = line.add_run(f"{context['kopregel']} · {context['nummer']}")
        run.font.size = Pt(8)
        footer = section.footer
        footer.is_linked_to_previous = False
        if not _has_page_field(footer):
            paragraph = (
                footer.paragraphs[0] if footer.paragraphs and not footer.paragraphs[0].text.strip() else footer.add_paragraph()
            )
            paragraph.add_run(f"{context['voet']} · pagina ").font.size = Pt(8)
            _field(paragraph, "PAGE")
            paragraph.add_run(" van ")
            _field(paragraph, "NUMPAGES")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes for the same document: members in a fixed order, with a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    order = ["[Content_Types].xml", *sorted(n for n in names if n != "[Content_Types].xml")]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


class _Writer:
    """Walks the markdown-it tokens of a document and writes them with python-docx."""

    def __init__(self, document, pictures: dict[str, bytes], context: dict):
        self.document = document
        self.pictures = pictures
        self.context = context
        self.notes: dict[str, int] = {}

    def write(self, markdown_text: str) -> None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        parser = MarkdownIt("commonmark", {"html": False}).enable("table")
        parser.use(footnote_plugin, move_to_end=False)
        tokens = parser.parse(markdown_text)
        i = 0
        lists: list[str] = []
        quote = False
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                paragraph = self.document.add_paragraph(style=HEADINGS.get(token.tag, "Heading 3"))
                self.inline(paragraph, tokens[i + 1])
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append("List Bullet" if kind == "bullet_list_open" else "List Number")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote = True
            elif kind == "blockquote_close":
                quote = False
            elif kind == "table_open":
                i = self.table(tokens, i)
                continue
            elif kind == "footnote_reference_open":
                label = token.meta["label"]
                paragraph = self.document.add_paragraph(style="Normal")
                paragraph.add_run(f"[{self.note_number(label)}] ").bold = True
                i += 1
                while tokens[i].type != "footnote_reference_close":
                    if tokens[i].type == "inline":
                        self.inline(paragraph, tokens[i])
                    i += 1
            elif kind == "paragraph_open":  # (hidden in a tight list item: the item's text)
                inline = tokens[i + 1]
                if self.is_picture(inline):
                    self.picture((inline.children or [])[0])
                else:
                    style = lists[-1] if lists else ("Quote" if quote else "Normal")
                    self.inline(self.document.add_paragraph(style=style), inline)
                i += 3
                continue
            i += 1

    def note_number(self, label: str) -> int:
        return self.notes.setdefault(label, len(self.notes) + 1)

    @staticmethod
    def is_picture(inline) -> bool:
        children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
        return len(children) == 1 and children[0].type == "image"

    def inline(self, paragraph, token) -> None:
        bold = italic = False
        for child in token.children or []:
            kind = child.type
            if kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold, run.italic = bold or None, italic or None
            elif kind in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")
            elif kind == "footnote_ref":
                run = paragraph.add_run(str(self.note_number(child.meta["label"])))
                run.font.superscript = True
            elif kind == "image":
                paragraph.add_run(child.content)

    def picture(self, image) -> None:
        """A chart as a PNG picture with its title and description as alternative text."""
        from docx.shared import Cm

        source = image.attrGet("src")
        data = self.pictures.get(source)
        alt = image.content
        if data is None:
            self.document.add_paragraph(alt, style="Normal")
            return
        self.document.add_picture(io.BytesIO(data), width=Cm(16))
        inline = self.document.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")[0]
        title, _, description = alt.partition(": ")
        inline.set("title", title)
        inline.set("descr", description or title)

    def table(self, tokens, start: int) -> int:
        """A Markdown table as a Word table: the header row repeats on every page, figures are
        right-aligned as in the Markdown."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows: list[list[tuple[object, bool]]] = []
        header_rows = 0
        i = start + 1
        in_head = False
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif token.type in ("th_open", "td_open"):
                right = "text-align:right" in (token.attrGet("style") or "")
                rows[-1].append((tokens[i + 1], right))
            i += 1
        width = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, (inline, right) in enumerate(row):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                self.inline(paragraph, inline)
                if r < header_rows:
                    for run in paragraph.runs:
                        run.bold = True
                if right:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r < header_rows:
                properties = table.rows[r]._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                properties.append(repeat)
        self.widths(table, width)
        self.document.add_paragraph(style="Normal")
        return i + 1

    def widths(self, table, columns: int) -> None:
        """Columns as wide as their text asks (a long name or judgement more than a figure, the
        longest word always whole), within the page's text width."""
        from docx.shared import Cm, Emu

        section = self.document.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        needs = []
        for c in range(columns):
            texts = [row.cells[c].text for row in table.rows if c < len(row.cells)]
            longest_word = max((len(w) for t in texts for w in t.split()), default=1)
            needs.append(max(longest_word + 5, min(max((len(t) for t in texts), default=1), 30), 10))
        shares = [int(text_width * need / sum(needs)) for need in needs]
        # The first column names the rows (a gemeente, an indicator): its longest word stays whole
        # even in a wide table (the comparison per gemeente); the other columns share the rest.
        words = [w for row in table.rows for w in row.cells[0].text.split()]
        whole = int(Cm(CHAR_CM) * (max((len(w) for w in words), default=1) + 2))
        if columns > 1 and shares[0] < whole < text_width // 2:
            shares = [whole] + [int((text_width - whole) * need / sum(needs[1:])) for need in needs[1:]]
        table.autofit = False
        for c, column in enumerate(table.columns):  # the grid (LibreOffice reads it) and each cell (Word)
            column.width = Emu(shares[c])
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                cell.width = Emu(shares[c])
