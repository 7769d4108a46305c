"""Read one export file into a raw table: original headers, raw cell text, spreadsheet rows.

Cells arrive as text (pandas ``str`` columns, missing = NA): workbooks through fastexcel
(calamine into Arrow, every cell as a string, native dates as ISO text), csv/txt through
pyarrow's reader. Typing is parsing.py's job. Files are opened read-only and never modified.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nazorg_cli.codes import refusal
from nazorg_cli.errors import InputError
from nazorg_cli.sources.safety import LIMITS, check_file, getal
from nazorg_cli.sources.schema import normalise_header

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt"}
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES
HEADER_SEARCH_ROWS = 20


@dataclass
class RawTable:
    """Raw cells of one sheet. ``rows`` holds the row number a spreadsheet program shows."""

    bestand: str
    blad: str | None
    headers: list[str]
    cells: pd.DataFrame  # columns 0..n-1, str dtype, NA for empty
    rows: np.ndarray
    other_sheets: tuple[str, ...] = ()  # the workbook's other sheets, as messages show them


MAX_CELL_CHARACTERS = 16 << 20


def read_table(path: Path, known_headers: set[str], sheet: str | None = None) -> RawTable:
    """Read ``path`` as one table; the header row is the top row naming the most known fields."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise refusal("verkeerd-type", bestand=path.name, extensie=suffix or "(geen)")
    check_file(path)
    line_numbers = None
    if suffix in TEXT_SUFFIXES:
        grid, line_numbers = _read_text(path)
        blad = None
    else:
        grid, blad, sheets = _read_workbook(path, sheet, known_headers)
        table = _to_table(path.name, shown_sheet_name(blad), grid, known_headers, line_numbers)
        table.other_sheets = tuple(shown_sheet_name(s) or "" for s in sheets if s != blad)
        return table
    return _to_table(path.name, None, grid, known_headers, line_numbers)


def shown_sheet_name(name: str | None) -> str | None:
    """A sheet name as messages and datakwaliteit.json show it: a run of five or more digits (a
    BSN, a client number, a birth date) becomes stars, whatever else the name says."""
    import re

    return None if name is None else re.sub(r"\d{5,}", lambda m: "*" * len(m[0]), name)


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _utf16(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        raise refusal("codering-onbekend", bestand=name) from None


def _encoding(data: bytes, name: str) -> tuple[str, str]:
    """(pyarrow encoding, decoded text) for utf-8 with or without BOM, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf8", data[3:].decode("utf-8")
    with contextlib.suppress(UnicodeDecodeError):
        return "utf8", data.decode("utf-8")
    try:
        return "cp1252", data.decode("cp1252")
    except UnicodeDecodeError:
        raise refusal("codering-onbekend", bestand=name) from None


def _delimiter(text: str) -> str:
    """';', ',' or a tab (Excel's "Unicode-tekst"): whichever the first line holds most of."""
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    return max((";", ",", "\t"), key=lambda d: (first.count(d), d == ";"))


def _first_line(text: str) -> str:
    """The first line that is not blank; looked for in the first 64 KiB before the whole text."""
    for chunk in (text[:65536], text):
        lines = chunk.splitlines()
        found = next((i for i, line in enumerate(lines) if line.strip()), None)
        # The head's last line may be cut off: only the whole text settles it.
        if found is not None and (found < len(lines) - 1 or len(chunk) == len(text)):
            return lines[found]
    return ""


def _read_text(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The cells of a csv/txt file, and each record's starting line when a quoted field spans lines."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # A cell may hold more than the csv module's default 131,072 characters (a long remark).
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARACTERS))
    data = path.read_bytes()
    if data.startswith(UTF16_BOMS):
        # Excel's "Unicode-tekst" is UTF-16 with tabs: read it as the UTF-8 it becomes.
        data = _utf16(data, path.name).encode("utf-8")
    encoding, text = _encoding(data, path.name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        # Old Mac exports end lines with CR alone, and mixed files both ways: one line end for all
        # (Windows line ends alone, CR LF, are what the csv reader takes as they are).
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        data, encoding = text.encode("utf-8"), "utf8"
    delimiter = _delimiter(text)
    first = _first_line(text)
    width = max(len(row) for row in csv.reader([first], delimiter=delimiter)) if first else 0
    if width == 0:
        return pd.DataFrame(), None
    if width > LIMITS.max_columns:
        raise refusal("bereik-absurd", "kolommen", bestand=path.name, aantal=getal(width), grens=getal(LIMITS.max_columns))
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, encoding=encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=None
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True, quoted_strings_can_be_null=True
            ),
        )
        grid = table.to_pandas()
        grid.columns = range(width)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        grid = _read_text_padded(path, text, delimiter)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines == len(grid):
        return grid, None
    # Some quoted field holds a line break: record numbers differ from line numbers.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    starts, previous = [], 0
    try:
        for _ in reader:
            starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error:
        raise refusal("csv-onleesbaar", bestand=path.name) from None
    return grid, np.array(starts[: len(grid)])


def _read_text_padded(path: Path, text: str, delimiter: str) -> pd.DataFrame:
    """The slower reader for files whose rows differ in length (exports often drop trailing empty
    fields): every row is padded to the widest one."""
    try:
        width = max((len(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)), default=0)
        if width > LIMITS.max_columns:
            raise refusal("bereik-absurd", "kolommen", bestand=path.name, aantal=getal(width), grens=getal(LIMITS.max_columns))
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(max(width, 1)),
            dtype="str",
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (csv.Error, pd.errors.ParserError, ValueError):
        raise refusal("csv-onleesbaar", bestand=path.name) from None
    grid.columns = range(grid.shape[1])
    return grid


def _read_workbook(
    path: Path,
    sheet: str | None,
    known: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[pd.DataFrame, str | None, list[str]]:
    """A sheet's cells as text. ``skip_rows=0`` keeps the empty rows above the data, so row i
    of the grid is spreadsheet row i + 1 (without it fastexcel drops them silently).

    Without a sheet named in nazorg.toml: the sheet whose top rows name the most known fields
    (an explanation sheet "Toelichting" in front is passed by), else the first with data."""
    import fastexcel

    try:
        workbook = fastexcel.read_excel(str(path))
        if sheet is not None and sheet not in workbook.sheet_names:
            raise refusal(
                "blad-ontbreekt",
                bestand=path.name,
                blad=shown_sheet_name(sheet),
                bladen=", ".join(f"'{shown_sheet_name(n)}'" for n in workbook.sheet_names),
            )
        names = [sheet] if sheet is not None else _by_headers(workbook, known)
        for name in names:
            table = workbook.load_sheet(name, header_row=None, skip_rows=0, dtypes="string").to_arrow()
            if table.num_rows and any(column.null_count < len(column) for column in table.columns):
                grid = table.to_pandas()
                grid.columns = range(grid.shape[1])
                return grid, name, list(workbook.sheet_names)
    except InputError:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine errors and Rust panics (a PanicException is a BaseException)
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise refusal("versleuteld", bestand=path.name) from None
        raise refusal("beschadigd", "lezen", bestand=path.name, soort=path.suffix) from None
    raise refusal("leeg-bestand", "werkboek", bestand=path.name)


def _by_headers(workbook, known: set[str]) -> list[str]:
    """The workbook's sheets, the one naming the most known fields in its top rows first."""
    names = list(workbook.sheet_names)
    if len(names) < 2 or not known:
        return names

    def hits(name: str) -> int:
        top = workbook.load_sheet(name, header_row=None, skip_rows=0, n_rows=HEADER_SEARCH_ROWS, dtypes="string")
        rows = top.to_arrow().to_pylist()  # a few rows: one dict per row
        return max(
            (sum(1 for v in row.values() if isinstance(v, str) and normalise_header(v) in known) for row in rows), default=0
        )

    scores = {name: hits(name) for name in names}
    return sorted(names, key=lambda name: -scores[name])  # stable: ties keep the workbook's order


def blank_cells(grid: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is empty or only whitespace (vectorised per column)."""
    return pd.DataFrame(
        {c: grid[c].isna().to_numpy() | (grid[c].str.strip() == "").fillna(True).to_numpy() for c in grid.columns},
        index=grid.index,
    )


def _has_data(grid: pd.DataFrame) -> bool:
    """Whether any cell holds more than whitespace: the top rows first, where data usually is."""
    return any(not blank_cells(part).to_numpy().all() for part in (grid.iloc[:HEADER_SEARCH_ROWS], grid))


def _to_table(
    bestand: str, blad: str | None, grid: pd.DataFrame, known: set[str], line_numbers: np.ndarray | None = None
) -> RawTable:
    if grid.empty or not _has_data(grid):
        raise refusal("leeg-bestand", "geen-gegevens", bestand=bestand)
    header_at = _header_row(grid, known)
    headers = ["" if pd.isna(h) or not str(h).strip() else str(h).strip() for h in grid.iloc[header_at].tolist()]
    body = grid.iloc[header_at + 1 :].reset_index(drop=True)
    body.columns = range(body.shape[1])
    if line_numbers is not None:
        rows = line_numbers[header_at + 1 :]
    else:
        rows = np.arange(header_at + 2, header_at + 2 + len(body))
    return RawTable(bestand, blad, headers, body, rows)


def _header_row(grid: pd.DataFrame, known: set[str]) -> int:
    """The first row among the top rows that names the most known fields (title rows skipped)."""
    top = grid.iloc[:HEADER_SEARCH_ROWS]
    best, best_hits = None, 0
    for i, row in enumerate(top.itertuples(index=False)):
        hits = sum(1 for v in row if isinstance(v, str) and normalise_header(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is not None:
        return best
    blank = blank_cells(top).to_numpy()
    return next((i for i in range(len(top)) if not blank[i].all()), 0)
