"""Refuse unsafe or misnamed files before any parser sees them (DOMAIN §6).

Every check looks at what the parser will read: each zip member is inflated to its real end
(a member whose header lies about its size fails its CRC), every XML part is scanned whole for
DTDs, NUL bytes and declared counts, and every part the workbook points at is measured for the
cells a parser would allocate (sheetscan.py). Spreadsheet parsers (calamine) abort the whole
process when a sheet's cell extents are huge (python-calamine#130, calamine#693), so the extents
are bounded here first. Time and memory stay bounded: members are streamed in 8 MiB pieces.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nazorg_cli.codes import refusal
from nazorg_cli.sources.sheetscan import Refused, scan_ods_content, scan_xlsx_part

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
HEAD = 65536
CHUNK = 8 << 20
SCAN_CHUNK = 256 << 10  # pieces of an XML part: small enough that the scan's passes stay in cache


@dataclass(frozen=True)
class Limits:
    max_uncompressed: int = 2 << 30  # declared uncompressed bytes of all zip members
    max_ratio: int = 200  # declared uncompressed / compressed, per large member
    ratio_floor: int = 1 << 20  # members smaller than this are not ratio-checked
    max_members: int = 10_000
    max_cells: int = 20_000_000  # rows x columns a parser would allocate for one sheet
    max_columns: int = 2_000  # an export has tens of columns; 100,000 is an attack on time and memory
    max_strings: int = 20_000_000  # declared shared strings a parser would allocate for


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


def getal(n: int) -> str:
    """A whole number in Dutch style (12.000)."""
    return f"{n:,}".replace(",", ".")


def _head(path: Path) -> bytes:
    """The first bytes of a file that must exist and hold something."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD)
    except OSError:
        raise refusal("onleesbaar", bestand=path.name) from None
    if size == 0:
        raise refusal("leeg-bestand", bestand=path.name)
    return head


def check_file(path: Path, limits: Limits = LIMITS) -> None:
    """Raise InputError (exit 2) when ``path`` is empty, misnamed, encrypted, or unsafe to parse."""
    head = _head(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        _check_text(path, head)
        _check_text_body(path)
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


def check_docx(path: Path, limits: Limits = LIMITS) -> None:
    """A Word template (--sjabloon): a real .docx, no macros, no zip bomb, no entity tricks."""
    head = _head(path)
    if path.suffix.lower() != ".docx" or not head.startswith(ZIP_MAGIC):
        raise refusal("verkeerd-type", "geen-docx", bestand=path.name)
    _check_zip(path, limits, expect="docx")


def _looks_like(head: bytes) -> str:
    text = head[:512].lstrip().lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return "het is HTML of XML"
    if b"\x00" not in head and all(b >= 0x20 or b in (9, 10, 13) for b in head[:512]):
        return "het is tekst"
    return "onbekende inhoud"


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _check_text(path: Path, head: bytes) -> None:
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise refusal("verkeerd-type", "werkboek-als-tekst", bestand=path.name)
    if head.startswith(UTF16_BOMS):
        return  # UTF-16 text has a NUL in every other byte: checked after decoding (_check_text_body)
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 13))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise refusal("binair-bestand", bestand=path.name)


def _check_text_body(path: Path) -> None:
    """Binary content anywhere in a text file, not only in its first 64 KiB."""
    controls = 0
    size = 0
    with path.open("rb") as handle:
        if handle.read(2) in UTF16_BOMS:
            try:
                text = path.read_bytes().decode("utf-16")
            except UnicodeDecodeError:
                raise refusal("codering-onbekend", bestand=path.name) from None
            bad = sum(1 for ch in text if ch < " " and ch not in "\t\n\r")
            if "\x00" in text or bad > max(2, len(text) // 100):
                raise refusal("binair-bestand", bestand=path.name)
            return
        handle.seek(0)
        while block := handle.read(CHUNK):
            a = np.frombuffer(block, dtype=np.uint8)
            if (a == 0).any():
                raise refusal("binair-bestand", bestand=path.name)
            controls += int(((a < 0x20) & (a != 9) & (a != 10) & (a != 13)).sum())
            size += len(block)
    if controls > max(2, size // 100):
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
            raise refusal("zip-bom", "onderdelen", bestand=path.name, aantal=getal(len(members)), grens=getal(limits.max_members))
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
        try:
            _check_members(path, archive, members, limits, expect)
        except Refused as refused:
            raise _refusal_of(path, refused) from None
        except UNPACK_ERRORS as exc:
            if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
                raise refusal("versleuteld", bestand=path.name) from None
            raise refusal("beschadigd", bestand=path.name) from None


def _check_members(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: Limits, expect: str) -> None:
    """Read every member to its end, as the parser would: its real size is what counts (Python
    stops at the declared size and the CRC then exposes a member that holds more), XML parts are
    scanned whole, and a workbook's sheets wherever the workbook says they are."""
    sheets = _workbook_targets(archive) if expect == "xlsx" else set()
    inflated = [0]

    def opener(info: zipfile.ZipInfo):
        def chunks():
            with archive.open(info) as member:
                while block := member.read(SCAN_CHUNK):
                    inflated[0] += len(block)
                    if inflated[0] > limits.max_uncompressed:
                        raise Refused("zip-bom", "omvang", omvang=f"{inflated[0] / (1 << 30):.1f}".replace(".", ","))
                    yield block

        return chunks

    for info in members:
        name = info.filename
        if info.is_dir():
            continue
        if expect == "ods" and name == "content.xml":
            scan_ods_content(opener(info)(), limits)
        elif name.endswith((".xml", ".rels")) or name in sheets:
            scan_xlsx_part(opener(info), limits)  # refuses what is out of bounds
        else:
            for _ in opener(info)():
                pass  # binary parts (images, macros): read to the end for their real size and CRC


def _workbook_targets(archive: zipfile.ZipFile) -> set[str]:
    """The parts the workbook points at (its sheets among them), wherever they are stored."""
    import posixpath

    rels = "xl/_rels/workbook.xml.rels"
    try:
        info = archive.getinfo(rels)
    except KeyError:
        return set()
    if info.file_size > 10 << 20:
        return set()  # the member scan refuses it anyway
    targets = set()
    for target in re.findall(rb"""Target\s*=\s*["']([^"']+)["']""", archive.read(info)):
        text = target.decode("utf-8", "replace")
        targets.add(text.lstrip("/") if text.startswith("/") else posixpath.normpath(posixpath.join("xl", text)))
    return targets


def _refusal_of(path: Path, refused: Refused):
    fields = {k: getal(v) if isinstance(v, int) else v for k, v in refused.fields.items()}
    return refusal(refused.code, refused.variant, bestand=path.name, **fields)


def _check_kind(path: Path, archive: zipfile.ZipFile, names: set[str], expect: str) -> None:
    if expect == "docx":
        macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        if "[Content_Types].xml" not in names or "word/document.xml" not in names or macros:
            raise refusal("verkeerd-type", "geen-docx", bestand=path.name)
        return
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
