"""The extent scan before parsing: hostile sheets are refused whatever their XML spelling, and
legitimate formatting far below the data is not."""

from __future__ import annotations

import io
import zipfile

import pytest

from nazorg_cli.errors import InputError
from nazorg_cli.sources.safety import check_file

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(tmp_path, sheet_data: str, prefix: str = "") -> object:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    sheet = f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    path = tmp_path / "detenties.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    "sheet_data, prefix",
    [
        ('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>', ""),
        ('<row r="1"><c s="2" t="n" r="A1"><v>1</v></c></row><row r="900000"><c s="1" r="ZZZ900000"><v>2</v></c></row>', ""),
        (
            '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"><x:c r="XFD2"><x:v>2</x:v></x:c></x:row>'
            '<x:row r="3"><x:c r="A1048576"><x:v>3</x:v></x:c></x:row>',
            "x",
        ),  # a cell pointing far below its row
    ],
)
def test_hostile_extents_are_refused(tmp_path, sheet_data, prefix):
    with pytest.raises(InputError) as caught:
        check_file(workbook(tmp_path, sheet_data, prefix))
    assert caught.value.code == "bereik-absurd"


def test_formatting_far_below_is_not_refused(tmp_path):
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="Z{i}"><v>1</v></c></row>' for i in range(1, 50))
    check_file(workbook(tmp_path, rows + '<row r="1048576" s="3" customFormat="1"/>'))


def test_cell_extent_reads_references_not_rows():
    from nazorg_cli.sources.safety import cell_extent

    xml = b'<row r="900"><c r="AB12" s="1"/><c s="2" t="n" r="C7"><v>1</v></c></row><x:c r="A3"/>'
    assert cell_extent(xml) == (12, 28)  # row 900 has no cell beyond row 12
    assert cell_extent(b'<c r="XFD1048576"><v>1</v></c>') == (1048576, 16384)
    assert cell_extent(b"<sheetData/>") == (0, 0)
