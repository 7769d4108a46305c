"""Read one export file into a raw table: original headers, raw cell values, spreadsheet rows.

Nothing is typed here; parsing.py does that. Files are opened read-only and never modified.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nazorg_cli.errors import InputError
from nazorg_cli.sources.safety import check_file
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
    cells: pd.DataFrame  # columns 0..n-1, object dtype
    rows: np.ndarray


def read_table(path: Path, known_headers: set[str], sheet: str | None = None) -> RawTable:
    """Read ``path`` as one table; the header row is the first row naming known fields."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(f"{path.name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund.", "verkeerd-type")
    check_file(path)
    line_numbers = None
    if suffix in TEXT_SUFFIXES:
        grid, line_numbers = _read_text(path)
        blad = None
    else:
        grid, blad = _read_workbook(path, sheet)
    return _to_table(path.name, blad, grid, known_headers, line_numbers)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name}: de tekencodering is niet utf-8 of cp1252.", "codering-onbekend") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") else ","


def _read_text(path: Path) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The cells of a csv/txt file, and each record's starting line when a quoted field spans lines."""
    text = _decode(path.read_bytes(), path.name)
    delimiter = _delimiter(text)
    try:
        grid = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, dtype=object,
            keep_default_na=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), None
    except (pd.errors.ParserError, ValueError):
        raise InputError(f"{path.name}: het bestand kan niet als csv worden gelezen (ongelijke kolommen of "
                         f"een niet-afgesloten aanhalingsteken).", "csv-onleesbaar") from None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines == len(grid):
        return grid, None
    # Some quoted field holds a line break: record numbers differ from line numbers.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    starts, previous = [], 0
    for _ in reader:
        starts.append(previous + 1)
        previous = reader.line_num
    return grid, np.array(starts[: len(grid)])


def _read_workbook(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str | None]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            if sheet is not None and sheet not in workbook.sheet_names:
                raise InputError(f"{path.name}: blad '{sheet}' bestaat niet; bladen: {', '.join(workbook.sheet_names)}.",
                                 "blad-ontbreekt")
            names = [sheet] if sheet is not None else workbook.sheet_names
            for name in names:
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                if any(any(not _blank(c) for c in row) for row in rows):
                    return pd.DataFrame(rows, dtype=object), name
        finally:
            workbook.close()
    except InputError:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine errors and Rust panics (PanicException is a BaseException)
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise InputError(f"{path.name}: het werkboek is met een wachtwoord versleuteld; sla het zonder wachtwoord op.",
                             "versleuteld") from None
        raise InputError(f"{path.name}: het werkboek kan niet worden gelezen (beschadigd of geen {path.suffix}-bestand).",
                         "beschadigd") from None
    raise InputError(f"{path.name}: het werkboek bevat geen gegevens.", "leeg-bestand")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(bestand: str, blad: str | None, grid: pd.DataFrame, known: set[str],
              line_numbers: np.ndarray | None = None) -> RawTable:
    if grid.empty or all(_blank(v) for v in grid.to_numpy().ravel()):
        raise InputError(f"{bestand}: het bestand bevat geen gegevens.", "leeg-bestand")
    header_at = _header_row(grid, known)
    headers = ["" if _blank(h) else str(h).strip() for h in grid.iloc[header_at].tolist()]
    body = grid.iloc[header_at + 1 :].reset_index(drop=True)
    body.columns = range(body.shape[1])
    if line_numbers is not None:
        rows = line_numbers[header_at + 1:]
    else:
        rows = np.arange(header_at + 2, header_at + 2 + len(body))
    return RawTable(bestand, blad, headers, body, rows)


def _header_row(grid: pd.DataFrame, known: set[str]) -> int:
    """The first row among the top rows that names the most known fields (title rows skipped)."""
    best, best_hits = None, 0
    for i in range(min(HEADER_SEARCH_ROWS, len(grid))):
        hits = sum(1 for v in grid.iloc[i].tolist() if not _blank(v) and normalise_header(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    if best is not None:
        return best
    return next((i for i in range(len(grid)) if any(not _blank(v) for v in grid.iloc[i].tolist())), 0)
