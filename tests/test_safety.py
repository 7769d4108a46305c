"""The extent scan before parsing: hostile sheets are refused whatever their XML spelling, and
legitimate formatting far below the data is not."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    from nazorg_cli.sources.sheetscan import cell_extent

    xml = b'<row r="900"><c r="AB12" s="1"/><c s="2" t="n" r="C7"><v>1</v></c></row><x:c r="A3"/>'
    assert cell_extent(xml) == (12, 28)  # row 900 has no cell beyond row 12
    assert cell_extent(b'<c r="XFD1048576"><v>1</v></c>') == (1048576, 16384)
    assert cell_extent(b"<sheetData/>") == (0, 0)


def data_rows(rows: int = 50, columns: int = 26) -> str:
    letters = [chr(65 + i) for i in range(columns)]
    return "".join(
        f'<row r="{i}">' + "".join(f'<c r="{c}{i}"><v>1</v></c>' for c in letters) + "</row>" for i in range(1, rows + 1)
    )


@pytest.mark.parametrize(
    "sheet_data",
    [
        "<row r=\"1\"><c r='A1'><v>1</v></c><c r='XFD1048576'><v>2</v></c></row>",  # single quotes
        '<row r="1"><c r="A1"><v>1</v></c><c\tr="XFD1048576"><v>2</v></c></row>',  # a tab before the attribute
        '<row r="1"><c r = "A1"><v>1</v></c><c r = "XFD1048576"><v>2</v></c></row>',  # spaces around '='
        data_rows() + '<row r="1048576"><c><v>1</v></c></row>',  # a cell without a position in a far row
        data_rows() + '<row r="1048575"/><row><c><v>1</v></c></row>',  # a row without a number after a far one
        data_rows(1) + "<row><c/>" + "<c/>" * 2500 + "</row>",  # too many columns
    ],
)
def test_every_spelling_of_a_far_cell_is_refused(tmp_path, sheet_data):
    with pytest.raises(InputError) as caught:
        check_file(workbook(tmp_path, sheet_data))
    assert caught.value.code == "bereik-absurd"


def write_zip(path, members: dict[str, bytes]) -> object:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_sheet_stored_anywhere_is_measured(tmp_path):
    far_row = '<row r="1048576"><c r="Z1048576"><v>1</v></c></row>'
    far = f'<worksheet xmlns="{NS}"><sheetData>{data_rows()}{far_row}</sheetData></worksheet>'
    path = write_zip(
        tmp_path / "detenties.xlsx",
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="r1" Target="../elders/blad.bin"/></Relationships>',
            "elders/blad.bin": far.encode(),
        },
    )
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert caught.value.code == "bereik-absurd"


SST_4G = f'<sst xmlns="{NS}" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si></sst>'


def test_a_declared_shared_strings_count_is_bounded(tmp_path):
    path = write_zip(
        tmp_path / "detenties.xlsx",
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/sharedStrings.xml": SST_4G.encode(),
        },
    )
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert caught.value.code == "bereik-absurd" and "4.000.000.000 teksten" in str(caught.value)


def test_dtd_and_nul_are_found_past_the_first_64_kib(tmp_path):
    padding = "<!-- " + "x" * 200_000 + " -->"
    for bad, code in [("<!DOCTYPE x [<!ENTITY a 'b'>]>", "xml-entiteiten"), ("\x00", "beschadigd")]:
        sheet = f'<?xml version="1.0"?>{padding}{bad}<worksheet xmlns="{NS}"><sheetData/></worksheet>'
        path = write_zip(
            tmp_path / "detenties.xlsx",
            {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet.encode()},
        )
        with pytest.raises(InputError) as caught:
            check_file(path)
        assert caught.value.code == code
    text = tmp_path / "detenties.csv"
    text.write_bytes(b"BSN;Insluitingsdatum\n" + b"123456782;1-2-2018\n" * 10_000 + b"\x00\x00")
    with pytest.raises(InputError) as caught:
        check_file(text)
    assert caught.value.code == "binair-bestand"


def test_a_zip_that_lies_about_its_sizes_is_refused(tmp_path):
    """1 MiB declared, 40 MiB real: the reader would inflate what is there, so the check does too
    (the member is read to its end and its CRC no longer matches)."""
    import struct

    real = b"<x>" + b"a" * (40 << 20) + b"</x>"
    path = write_zip(
        tmp_path / "detenties.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": real},
    )
    data = bytearray(path.read_bytes())
    lie = 1 << 20
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            length = struct.unpack_from("<H", data, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if data[name_at : name_at + length] == b"xl/worksheets/sheet1.xml":
                struct.pack_into("<I", data, start + offset, lie)
            start += 4
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == lie
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert caught.value.code in ("beschadigd", "zip-bom")


def ods(tmp_path, table: str) -> object:
    content = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f'<office:body><office:spreadsheet><table:table table:name="Blad1">{table}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "detenties.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return path


def test_nested_ods_repeats_are_multiplied(tmp_path):
    """Each repeat under the old limit of 10.000, together 99.9 million cells in a tiny file."""
    table = (
        '<table:table-row table:number-rows-repeated="9999">'
        '<table:table-cell table:number-columns-repeated="9999" office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    with pytest.raises(InputError) as caught:
        check_file(ods(tmp_path, table))
    assert caught.value.code == "bereik-absurd"
    fine = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>BSN</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"
    )
    check_file(ods(tmp_path, fine))  # repeated empty cells and rows, as LibreOffice writes them


def test_fast_and_exact_scans_agree_on_the_sample(sample_dir):
    from nazorg_cli.sources.safety import LIMITS
    from nazorg_cli.sources.sheetscan import scan_xlsx_part

    checked = 0
    for path in sample_dir.glob("*.xlsx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):

                    def chunks(name=name, z=z):
                        yield z.read(name)

                    assert scan_xlsx_part(chunks, LIMITS) == scan_xlsx_part(chunks, LIMITS, exact=True), (path, name)
                    checked += 1
    assert checked >= 4


def test_a_csv_with_100_000_columns_is_refused_at_once(tmp_path):
    import time

    from conftest import invoke

    (tmp_path / "detenties.csv").write_text(";".join(f"k{i}" for i in range(100_000)) + "\n", "utf-8")
    started = time.monotonic()
    result = invoke(["validate", tmp_path], exit_code=2)
    assert time.monotonic() - started < 10 and result.stderr.rstrip().endswith("[bereik-absurd]")
    assert "100.000 kolommen" in result.stderr


def test_a_tag_of_megabytes_goes_to_the_exact_parse_and_stays_bounded(tmp_path):
    import secrets
    import time

    filler = secrets.token_hex(3 << 20)  # 6 MiB that does not compress like a zip bomb
    huge = '<row r="1"><c r="A1" x="' + filler + '"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>'
    path = workbook(tmp_path, huge)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert caught.value.code == "bereik-absurd" and time.monotonic() - started < 10


@pytest.mark.parametrize("processes", ["1", "0"])
def test_what_made_the_reader_abort_is_refused_before_it_reads(tmp_path, processes):
    """With NAZORG_PROCESSEN=0 the reader runs in nazorg's own process: a file that made it abort
    (SIGABRT, exit 134) must be refused before it is read, with exit 2."""
    import os
    import subprocess
    import sys

    write_zip(
        tmp_path / "detenties.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": SST_4G.encode()},
    )
    result = subprocess.run(
        [sys.executable, "-m", "nazorg_cli", "validate", str(tmp_path)],
        capture_output=True,
        env={**os.environ, "NAZORG_PROCESSEN": processes},
        timeout=60,
    )
    assert result.returncode == 2 and b"[bereik-absurd]" in result.stderr


_REFERENCE = st.builds(
    lambda opening, letters, digits, end: opening + letters + digits + end,
    st.sampled_from(['<c r="', ' r="', '\tr="', 'r="', '<c r = "', "<c r='"]),
    st.text(alphabet="ABXYZa", max_size=4),
    st.text(alphabet="0123456789", max_size=10),
    st.sampled_from(['"', "", "'", '" ', '"/>', "x"]),
)
_PIECE = st.lists(
    st.one_of(
        _REFERENCE,
        st.sampled_from(['"', "<", ">", " ", "=", "\t", "<row>"]),
        st.text(alphabet="ABCXYZ0123456789az", max_size=11),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(_PIECE)
def test_the_vectorised_reference_scan_equals_a_regular_expression(text):
    """Every standard reference (whitespace, r=", 1-3 capitals, 1-8 digits, the closing quote) is
    found with its row and column, and nothing else, whatever surrounds it."""
    import re

    import numpy as np

    from nazorg_cli.sources.sheetscan import _cell_refs, column_number

    data = text.encode()
    (rows, columns), positions = _cell_refs(np.frombuffer(data, dtype=np.uint8))
    expected = [
        (m.start(1), int(m[2]), column_number(m[1].decode()))
        for m in re.finditer(rb'[ \t\r\n]r="(?=([A-Z]{1,3})([0-9]{1,8})")', data)
        if m.end() + 4 <= len(data)  # the scan looks at an '=' up to six bytes before the end
    ]
    found = list(zip(positions.tolist(), rows.tolist(), columns.tolist()))
    assert found == [(p, r, c) for p, r, c in expected]
