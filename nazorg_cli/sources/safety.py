"""Refuse unsafe or misnamed files before any parser sees them (DOMAIN §6).

Checks are bounded in time and memory: only zip directories, the first bytes of XML members,
and a chunked scan of worksheet cell references are read. Spreadsheet parsers (calamine) abort
the whole process when a sheet's cell extents are huge (python-calamine#130, calamine#693), so
the extents are bounded here first.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nazorg_cli.codes import refusal

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
HEAD = 65536
CHUNK = 8 << 20


@dataclass(frozen=True)
class Limits:
    max_uncompressed: int = 2 << 30  # declared uncompressed bytes of all zip members
    max_ratio: int = 200  # declared uncompressed / compressed, per large member
    ratio_floor: int = 1 << 20  # members smaller than this are not ratio-checked
    max_members: int = 10_000
    max_cells: int = 20_000_000  # rows x columns a parser would allocate for one sheet
    max_repeat: int = 10_000  # ods: repeated cells or rows that carry a value


LIMITS = Limits()
# What a damaged member raises while it is being unpacked.
UNPACK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
)  # RuntimeError covers unsupported methods


def _getal(n: int) -> str:
    """A whole number in Dutch style (12.000)."""
    return f"{n:,}".replace(",", ".")


def check_file(path: Path, limits: Limits = LIMITS) -> None:
    """Raise InputError (exit 2) when ``path`` is empty, misnamed, encrypted, or unsafe to parse."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD)
    except OSError:
        raise refusal("onleesbaar", bestand=path.name) from None
    if size == 0:
        raise refusal("leeg-bestand", bestand=path.name)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        _check_text(path, head)
    elif suffix in (".xlsx", ".xlsm"):
        _check_container(path, head, "xlsx")
        _check_zip(path, limits, expect="xlsx")
    elif suffix == ".ods":
        _check_container(path, head, "ods")
        _check_zip(path, limits, expect="ods")
    elif suffix == ".xls":
        if head.startswith(ZIP_MAGIC):
            raise refusal("verkeerd-type", "zip-als-xls", bestand=path.name)
        if not head.startswith(OLE_MAGIC):
            raise refusal("verkeerd-type", "nep-xls", bestand=path.name, lijkt_op=_looks_like(head))


def _looks_like(head: bytes) -> str:
    text = head[:512].lstrip().lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return "het is HTML of XML"
    if b"\x00" not in head and all(b >= 0x20 or b in (9, 10, 13) for b in head[:512]):
        return "het is tekst"
    return "onbekende inhoud"


def _check_text(path: Path, head: bytes) -> None:
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise refusal("verkeerd-type", "werkboek-als-tekst", bestand=path.name)
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 13))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise refusal("binair-bestand", bestand=path.name)


def _check_container(path: Path, head: bytes, kind: str) -> None:
    if head.startswith(ZIP_MAGIC):
        return
    if head.startswith(OLE_MAGIC):
        if _contains(path, ENCRYPTED_PACKAGE):
            raise refusal("versleuteld", bestand=path.name)
        raise refusal("verkeerd-type", "oud-xls", bestand=path.name, soort=kind)
    raise refusal("verkeerd-type", "geen-werkboek", bestand=path.name, soort=kind, lijkt_op=_looks_like(head))


def _contains(path: Path, needle: bytes) -> bool:
    overlap = len(needle)
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            if needle in tail + block:
                return True
            tail = block[-overlap:]
    return False


def _check_zip(path: Path, limits: Limits, expect: str) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refusal("beschadigd", "zip", bestand=path.name) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise refusal(
                "zip-bom", "onderdelen", bestand=path.name, aantal=_getal(len(members)), grens=_getal(limits.max_members)
            )
        total = 0
        for info in members:
            if info.flag_bits & 0x1:
                raise refusal("versleuteld", bestand=path.name)
            total += info.file_size
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise refusal("zip-bom", "verhouding", bestand=path.name, grens=limits.max_ratio)
        if total > limits.max_uncompressed:
            raise refusal("zip-bom", "omvang", bestand=path.name, omvang=f"{total / (1 << 30):.1f}".replace(".", ","))
        names = {info.filename for info in members}
        _check_kind(path, archive, names, expect)
        for info in members:
            if info.filename.endswith((".xml", ".rels")) or info.filename == "[Content_Types].xml":
                _check_xml_prolog(path, archive, info)
        try:
            if expect == "xlsx":
                for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
                    _check_sheet_extent(path, archive, name, limits)
            else:
                _check_ods_repeats(path, archive, limits)
        except UNPACK_ERRORS as exc:
            if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
                raise refusal("versleuteld", bestand=path.name) from None
            raise refusal("beschadigd", bestand=path.name) from None


def _check_kind(path: Path, archive: zipfile.ZipFile, names: set[str], expect: str) -> None:
    is_ods = "mimetype" in names and archive.read("mimetype")[: len(ODS_MIME)] == ODS_MIME
    is_xlsx = "[Content_Types].xml" in names and "xl/workbook.xml" in names
    if expect == "xlsx" and not is_xlsx:
        what = "een ods-werkboek" if is_ods else "een zip-archief zonder werkboek"
        raise refusal("verkeerd-type", "ander-werkboek", bestand=path.name, wat=what, soort="xlsx")
    if expect == "ods":
        if not is_ods:
            what = "een xlsx-werkboek" if is_xlsx else "een zip-archief zonder werkboek"
            raise refusal("verkeerd-type", "ander-werkboek", bestand=path.name, wat=what, soort="ods")
        if "content.xml" not in names:
            raise refusal("beschadigd", "geen-inhoud", bestand=path.name)
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
        if b"encryption-data" in manifest:
            raise refusal("versleuteld", bestand=path.name)


def _check_xml_prolog(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DTDs: entity definitions enable expansion bombs and external entities (XXE)."""
    try:
        with archive.open(info) as member:
            start = member.read(HEAD)
    except UNPACK_ERRORS:
        raise refusal("beschadigd", bestand=path.name) from None
    upper = start.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise refusal(
            "xml-entiteiten",
            bestand=path.name,
        )


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def cell_extent(data: bytes) -> tuple[int, int]:
    """(largest row, largest column) over the cell references (r="B12") in a piece of sheet XML.

    Only cells carry an r attribute that starts with letters (rows carry digits alone), whatever
    the attribute order or namespace prefix. Vectorised over the bytes with numpy, so a sheet of
    millions of cells costs a few passes over memory and no Python object per cell.
    """
    a = np.frombuffer(data, dtype=np.uint8)
    if len(a) < 8:
        return 0, 0
    hits = np.flatnonzero((a[:-7] == 0x20) & (a[1:-6] == 0x72) & (a[2:-5] == 0x3D) & (a[3:-4] == 0x22)) + 4
    if not len(hits):
        return 0, 0
    padded = np.concatenate([a, np.zeros(12, dtype=np.uint8)])

    def at(offset) -> np.ndarray:
        return padded[hits + offset].astype(np.int64)

    def letter(x):
        return (x >= 65) & (x <= 90)

    c0, c1, c2 = at(0), at(1), at(2)
    n1 = letter(c0)
    n2 = n1 & letter(c1)
    n3 = n2 & letter(c2)
    column = np.where(
        n3, (c0 - 64) * 676 + (c1 - 64) * 26 + (c2 - 64), np.where(n2, (c0 - 64) * 26 + (c1 - 64), np.where(n1, c0 - 64, 0))
    )
    letters = n1.astype(np.int64) + n2 + n3
    row = np.zeros(len(hits), dtype=np.int64)
    going = n1.copy()  # cell references only: a row element's r starts with a digit
    for k in range(8):
        d = at(letters + k)
        digit = going & (d >= 48) & (d <= 57)
        row = np.where(digit, row * 10 + (d - 48), row)
        going = digit
    return int(row.max()), int(column.max())


def _check_sheet_extent(path: Path, archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Bound the declared dimension and the real extents of the sheet's cells."""
    sheet = name.rsplit("/", 1)[-1]
    max_row = max_col = 0
    tail = b""
    first = True
    with archive.open(name) as member:
        while True:
            block = member.read(CHUNK)
            data = tail + block
            if not data:
                break
            if first:
                first = False
                if m := _DIMENSION.search(data[:HEAD]):
                    end_col, end_row = (m[3], m[4]) if m[3] else (m[1], m[2])
                    declared = _column_number(end_col) * int(end_row)
                    if declared > limits.max_cells:
                        raise refusal("bereik-absurd", "gedeclareerd", bestand=path.name, blad=sheet, aantal=_getal(declared))
            # Keep the last partial tag for the next block, so no reference is cut in two.
            cut = data.rfind(b"<", max(0, len(data) - 4096)) if block else -1
            scan, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            rows, columns = cell_extent(scan)
            max_row, max_col = max(max_row, rows), max(max_col, columns)
            if max_row * max_col > limits.max_cells:
                raise refusal(
                    "bereik-absurd", "beslagen", bestand=path.name, blad=sheet, rijen=_getal(max_row), kolommen=_getal(max_col)
                )
            if not block:
                break


_REPEATED_CELL = re.compile(rb'<table:table-cell\b[^>]*?number-columns-repeated="(\d+)"[^>]*>')
_REPEATED_ROW = re.compile(rb'<table:table-row\b[^>]*?number-rows-repeated="(\d+)"[^>]*>')


def _check_ods_repeats(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    """LibreOffice repeats empty cells and rows freely; a repeated cell or row with a value would
    make the parser materialise every repetition."""
    with archive.open("content.xml") as member:
        tail = b""
        while block := member.read(CHUNK):
            data = tail + block
            for m in _REPEATED_CELL.finditer(data):
                if int(m[1]) > limits.max_repeat and b"value-type" in m[0]:
                    raise refusal("bereik-absurd", "cel-herhaald", bestand=path.name, aantal=_getal(int(m[1])))
            for m in _REPEATED_ROW.finditer(data):
                if int(m[1]) > limits.max_repeat:
                    end = data.find(b"</table:table-row>", m.end())
                    body = data[m.end() : end if end >= 0 else len(data)]
                    if b"value-type" in body:
                        raise refusal("bereik-absurd", "rij-herhaald", bestand=path.name, aantal=_getal(int(m[1])))
            tail = data[-65536:]
