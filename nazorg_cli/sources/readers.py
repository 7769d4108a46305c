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
    if suffix in TEXT_SUFFIXES:
        grid = _read_text(path)
        blad = None
    elif suffix in WORKBOOK_SUFFIXES:
        grid, blad = _read_workbook(path, sheet)
    else:
        raise InputError(f"{path.name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund.")
    return _to_table(path.name, blad, grid, known_headers)


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
        raise InputError(f"{name}: de tekencodering is niet utf-8 of cp1252.") from None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") >= first.count(",") else ","


def _read_text(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError(f"{path.name}: dit is geen tekstbestand (binaire inhoud).")
    text = _decode(data, path.name)
    try:
        grid = pd.read_csv(
            io.StringIO(text), sep=_delimiter(text), header=None, dtype=object,
            keep_default_na=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"{path.name}: het bestand kan niet als csv worden gelezen ({type(exc).__name__}).") from None
    return grid


def _read_workbook(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises its own error types for broken files
        raise InputError(f"{path.name}: het werkboek kan niet worden gelezen (beschadigd of geen {path.suffix}-bestand).") from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheet_names:
                raise InputError(f"{path.name}: blad '{sheet}' bestaat niet.")
            names = [sheet]
        else:
            names = workbook.sheet_names
        for name in names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(any(not _blank(c) for c in row) for row in rows):
                return pd.DataFrame(rows, dtype=object), name
    except InputError:
        raise
    except Exception:
        raise InputError(f"{path.name}: het werkboek kan niet worden gelezen.") from None
    finally:
        workbook.close()
    return pd.DataFrame(), names[0] if names else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(bestand: str, blad: str | None, grid: pd.DataFrame, known: set[str]) -> RawTable:
    if grid.empty:
        return RawTable(bestand, blad, [], pd.DataFrame(), np.array([], dtype=int))
    header_at = _header_row(grid, known)
    headers = ["" if _blank(h) else str(h).strip() for h in grid.iloc[header_at].tolist()]
    body = grid.iloc[header_at + 1 :].reset_index(drop=True)
    body.columns = range(body.shape[1])
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
    return next(i for i in range(len(grid)) if any(not _blank(v) for v in grid.iloc[i].tolist()))
