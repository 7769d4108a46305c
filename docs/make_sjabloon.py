"""Make templates/sjabloon.docx, the default house template for the Word documents: python-docx's
own template on A4 with sober, high-contrast styles (run again after changing this script)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    from nazorg_cli.report.word import _fixed_zip

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.0)
    dark = RGBColor(0x1A, 0x1A, 0x1A)
    blue = RGBColor(0x1F, 0x38, 0x64)  # contrast 11:1 on white
    for name, size, colour, bold in (
        ("Normal", 10, dark, False),
        ("Title", 20, blue, True),
        ("Heading 1", 14, blue, True),
        ("Heading 2", 12, blue, True),
        ("Heading 3", 11, blue, True),
        ("Quote", 10, dark, False),
    ):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = bold
    buffer = io.BytesIO()
    document.core_properties.author = document.core_properties.last_modified_by = ""
    document.core_properties.title = "nazorg: standaardsjabloon"
    document.save(buffer)
    (REPO / "templates" / "sjabloon.docx").write_bytes(_fixed_zip(buffer.getvalue()))


if __name__ == "__main__":
    main()
