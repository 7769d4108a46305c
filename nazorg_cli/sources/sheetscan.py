"""What a spreadsheet reader will allocate for one XML part, measured before it reads it.

Spreadsheet parsers (calamine) size a sheet by the extent of its cells and abort the whole
process when that extent is huge, so the extent is bounded here first, on the bytes the parser
will read: every part of the workbook, streamed to its end, whatever its name.

- **xlsx parts**, fast path: a vectorised byte scan (numpy) finds the element names (any
  namespace prefix) and the standard cell references ``r="B12"`` after any whitespace. When every
  cell element (``c``) carries such a reference, the extent is the largest referenced row and
  column. When not (a cell without a position, single quotes, spaces around ``=``, a reference in
  a comment), the part is parsed exactly with expat: a cell without ``r`` takes the next column
  of its row, a row without ``r`` the next row, as the parser does.
- **ods content.xml**: parsed with expat; repeated rows times the columns up to each row's last
  value (nested repeats included) are what the parser materialises.
- Everywhere: no DTD or entity declaration (expansion bombs, external entities), no NUL byte,
  and a declared shared-strings count within bounds, anywhere in the part, not only its head.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np


class Refused(Exception):
    """The part is unsafe: ``variant`` of refusal bereik-absurd, xml-entiteiten or beschadigd."""

    def __init__(self, code: str, variant: str = "", **fields: object):
        super().__init__(code)
        self.code, self.variant, self.fields = code, variant, fields


@dataclass
class Extent:
    rows: int = 0
    columns: int = 0

    def widen(self, rows: int, columns: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)


WHITESPACE = (0x20, 0x09, 0x0A, 0x0D)
MAX_TAIL = 4 << 20
_SST = re.compile(rb"<(?:[\w.-]+:)?sst\b([^>]*)>", re.IGNORECASE)
_DIMENSION = re.compile(
    rb"""<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*["']\s*\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?"""
)
_COUNT_ATTR = re.compile(rb"""\b(?:uniqueCount|count)\s*=\s*["']\s*(\d+)""")


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


DELIMITERS = (*WHITESPACE, 0x3E, 0x2F)  # what ends an element's name: whitespace, '>' or '/'
_IS_DELIMITER = np.zeros(256, dtype=bool)
_IS_DELIMITER[list(DELIMITERS)] = True
_IS_WHITESPACE = np.zeros(256, dtype=bool)
_IS_WHITESPACE[list(WHITESPACE)] = True


def _cell_elements(a: np.ndarray, lt: np.ndarray) -> np.ndarray:
    """For each '<' at ``lt``: whether it opens a cell element, ``c`` with or without a
    namespace prefix (``<c``, ``<x:c``), by its local name."""
    # Gathers at the few positions that matter, never a pass of Python-level work per byte.
    padded = np.concatenate([a, np.zeros(4, dtype=np.uint8)])
    is_c = (padded[lt + 1] == 0x63) & _IS_DELIMITER[padded[lt + 2]]
    colons = np.flatnonzero(a == 0x3A)
    colons = colons[(padded[colons + 1] == 0x63) & _IS_DELIMITER[padded[colons + 2]]]
    if len(colons):
        owner = np.searchsorted(lt, colons, side="right") - 1
        known = owner >= 0
        opening = lt[np.clip(owner, 0, None)]
        ends = np.flatnonzero(_IS_DELIMITER[a])
        # a prefixed name when nothing ends the name between its '<' and the colon
        inside = np.searchsorted(ends, colons) == np.searchsorted(ends, opening)
        is_c[owner[known & inside]] = True
    return is_c


def cell_extent(data: bytes) -> tuple[int, int]:
    """(largest row, largest column) over the standard cell references ``r="B12"`` in a piece of
    sheet XML (rows carry digits alone and are not cells)."""
    refs, _ = _cell_refs(np.frombuffer(data, dtype=np.uint8))
    return (int(refs[0].max()), int(refs[1].max())) if len(refs[0]) else (0, 0)


def _cell_refs(a: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """((rows, columns), positions) of the standard cell references: whitespace, ``r="``, one
    to three capital letters and up to eight digits, then the closing quote."""
    empty = np.zeros(0, dtype=np.int64)
    if len(a) < 8:
        return (empty, empty), empty
    equals = np.flatnonzero(a[2:-5] == 0x3D) + 2  # every '=': far fewer than bytes
    keep = (a[equals - 1] == 0x72) & (a[equals + 1] == 0x22) & _IS_WHITESPACE[a[equals - 2]]
    hits = equals[keep] + 2
    if not len(hits):
        return (empty, empty), hits
    padded = np.concatenate([a, np.zeros(16, dtype=np.uint8)])

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
    going = n1.copy()
    digits = np.zeros(len(hits), dtype=np.int64)
    for k in range(9):
        d = at(letters + k)
        digit = going & (d >= 48) & (d <= 57)
        if not digit.any():
            break  # no reference has more digits
        row = np.where(digit, row * 10 + (d - 48), row)
        digits += digit
        going = digit
    closed = at(letters + digits) == 0x22  # the reference ends where it should
    cell = n1 & (digits > 0) & (digits <= 8) & closed
    return (row[cell], column[cell]), hits[cell]


def scan_xlsx_part(open_chunks: Callable[[], Iterable[bytes]], limits, exact: bool = False) -> Extent:
    """The cell extent of one xlsx part, read to its end; raises Refused. ``open_chunks`` gives
    the part's bytes from the start (called again when the exact parse must take over);
    ``exact`` skips the fast path."""
    if exact:
        return _expat_xlsx(open_chunks(), limits)
    extent = Extent()
    tail = b""
    first = True
    for block in _then_end(open_chunks()):
        data = tail + block
        if first and data:
            first = False
            _check_head(data[:65536], limits)
        _check_bytes(data, limits)
        # Cut before the last '<' so that no tag is split between two pieces.
        cut = data.rfind(b"<") if block else -1
        scan, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        if len(tail) > MAX_TAIL:
            return _expat_xlsx(open_chunks(), limits)  # one tag or text of megabytes: no sheet writes that
        if scan and not _fast_piece(scan, extent, limits):
            return _expat_xlsx(open_chunks(), limits)
        if not block:
            break
    return extent


def _fast_piece(scan: bytes, extent: Extent, limits) -> bool:
    """Widen ``extent`` by a piece of XML when every cell element in it carries exactly one
    standard reference (and no other element one); False when the exact parse must decide."""
    a = np.frombuffer(scan, dtype=np.uint8)
    (rows, columns), positions = _cell_refs(a)
    if _plain_cells(scan, a, positions):
        extent.widen(int(rows.max(initial=0)), int(columns.max(initial=0)))
        _within(extent, limits)
        return True
    lt = np.flatnonzero(a == 0x3C)
    if not len(lt):
        return not len(positions)
    is_c = _cell_elements(a, lt)
    owner = np.searchsorted(lt, positions, side="right") - 1
    if (owner < 0).any():
        return False
    owned = np.bincount(owner, minlength=len(lt))
    if owned[is_c].min(initial=1) != 1 or owned[~is_c].max(initial=0) != 0:
        return False
    extent.widen(int(rows.max(initial=0)), int(columns.max(initial=0)))
    _within(extent, limits)
    return True


def _plain_cells(scan: bytes, a: np.ndarray, positions: np.ndarray) -> bool:
    """The common shape, settled by counting alone: every reference opens its cell (``<c r="``),
    there are as many ``<c`` elements as references, and no prefixed ``c`` anywhere. Then every
    cell has exactly one standard reference."""
    if (positions < 6).any():
        return False
    if not ((a[positions - 6] == 0x3C) & (a[positions - 5] == 0x63)).all():
        return False
    padded = np.concatenate([a, np.zeros(2, dtype=np.uint8)])
    colons = np.flatnonzero(a == 0x3A)
    if ((padded[colons + 1] == 0x63) & _IS_DELIMITER[padded[colons + 2]]).any():
        return False  # a prefixed c somewhere: the general check decides
    opened = np.flatnonzero((a[:-1] == 0x3C) & (a[1:] == 0x63))
    return int(_IS_DELIMITER[padded[opened + 2]].sum()) == len(positions)


def _then_end(chunks: Iterable[bytes]):
    yield from chunks
    yield b""


def _within(extent: Extent, limits) -> None:
    if extent.columns > limits.max_columns:
        raise Refused("bereik-absurd", "kolommen", aantal=extent.columns, grens=limits.max_columns)
    if extent.rows * extent.columns > limits.max_cells:
        raise Refused("bereik-absurd", "beslagen", rijen=extent.rows, kolommen=extent.columns)


def _check_head(head: bytes, limits) -> None:
    """Declared sizes in a part's opening: the shared-strings count a parser allocates for."""
    if m := _SST.search(head):
        for count in _COUNT_ATTR.findall(m[1]):
            if int(count) > limits.max_strings:
                raise Refused("bereik-absurd", "teksten", aantal=int(count), grens=limits.max_strings)


def _check_bytes(data: bytes, limits) -> None:
    if b"\x00" in data:
        raise Refused("beschadigd", "nul-teken")
    # Every "<!" (a comment, CDATA or declaration): found from the rare '!' rather than by a text
    # search for "<!", which stops at every '<' of the XML.
    a = np.frombuffer(data, dtype=np.uint8)
    bangs = np.flatnonzero(a[1:] == 0x21)
    for at in bangs[a[bangs] == 0x3C].tolist():
        if data[at + 2 : at + 9].upper().startswith((b"DOCTYPE", b"ENTITY")):
            raise Refused("xml-entiteiten")
    if b"dimension" in data:
        # The sheet's declared range, which a parser may allocate for before it reads a cell.
        for m in _DIMENSION.finditer(data):
            column, row = (m[3], m[4]) if m[3] else (m[1], m[2])
            declared = column_number(column.decode()) * int(row)
            if declared > limits.max_cells:
                raise Refused("bereik-absurd", "gedeclareerd", aantal=declared)


def _parser(start, limits) -> xml.parsers.expat.XMLParserType:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*args):
        raise Refused("xml-entiteiten")

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.buffer_text = False
    return parser


def _feed(parser, chunks: Iterable[bytes], limits, head_checked: bool = False) -> None:
    first = not head_checked
    try:
        for block in chunks:
            if first and block:
                first = False
                _check_head(block[:65536], limits)
            _check_bytes(block, limits)
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError:
        raise Refused("beschadigd", "xml") from None


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,9})$")


def _expat_xlsx(chunks: Iterable[bytes], limits) -> Extent:
    """The exact extent of an xlsx part: rows and cells as the parser places them."""
    extent = Extent()
    state = {"row": 0, "column": 0}

    def start(name: str, attrs: dict) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.strip().isdigit() else state["row"] + 1
            state["column"] = 0
        elif local == "c":
            ref = _REF.match((attrs.get("r") or "").strip())
            if ref:
                state["column"], row = column_number(ref[1]), int(ref[2])
            else:
                state["column"], row = state["column"] + 1, state["row"]
            extent.widen(row, state["column"])
            _within(extent, limits)

    _feed(_parser(start, limits), chunks, limits)
    return extent


ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def scan_ods_content(chunks: Iterable[bytes], limits) -> Extent:
    """The cells an ods parser materialises: per table, repeated rows times the columns up to
    each row's last cell with content (repeats within repeats multiply)."""
    extent = Extent()
    state = {"row": 0, "repeat": 1, "column": 0, "width": 0, "in_cell": False, "cell_repeat": 1, "filled": False}

    def repeated(attrs: dict, key: str) -> int:
        value = str(attrs.get(f"{ODS_TABLE} {key}", "1")).strip()
        return int(value) if value.isdigit() else 1

    def close_cell() -> None:
        if state["in_cell"]:
            state["column"] += state["cell_repeat"]
            if state["filled"]:
                state["width"] = state["column"]
            state["in_cell"] = False

    def close_row() -> None:
        close_cell()
        if state["width"]:
            extent.widen(state["row"] + state["repeat"], state["width"])
            _within(extent, limits)
        state["row"] += state["repeat"]

    def start(name: str, attrs: dict) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace == ODS_TABLE and local == "table":
            state.update(row=0, repeat=1)
        elif namespace == ODS_TABLE and local == "table-row":
            state.update(repeat=repeated(attrs, "number-rows-repeated"), column=0, width=0, in_cell=False)
        elif namespace == ODS_TABLE and local in ("table-cell", "covered-table-cell"):
            close_cell()
            state.update(
                in_cell=True, cell_repeat=repeated(attrs, "number-columns-repeated"), filled=f"{ODS_OFFICE} value-type" in attrs
            )
        elif state["in_cell"]:
            state["filled"] = True  # text or another element inside the cell

    def end(name: str) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace == ODS_TABLE and local in ("table-cell", "covered-table-cell"):
            close_cell()
        elif namespace == ODS_TABLE and local == "table-row":
            close_row()

    parser = _parser(start, limits)
    parser.EndElementHandler = end
    _feed(parser, chunks, limits)
    return extent
