"""Vectorised parsing of raw cell text into typed columns (DOMAIN §3 types).

Each parser works on a column factorised once (a Column, or a Series it factorises), parses every
distinct value once, and spreads the result back over the rows with numpy indexing, so the cost
grows with the number of distinct values, not rows. Low-cardinality results (status, enum, text)
become pandas Categoricals built from codes, without a Python object per row. A parser returns
the typed values and an array of finding codes ('' where the cell is fine).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from nazorg_cli.privacy.pseudonym import elfproef
from nazorg_cli.sources.schema import Field, normalise_value

EXCEL_EPOCH = date(1899, 12, 30)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_SERIAL = re.compile(r"^\d{1,5}(?:\.\d+)?$")
_DIGITS = re.compile(r"^\d+$")
_FLOAT_INT = re.compile(r"^(\d+)\.0+$")

BOOL_WORDS = {
    "ja": True,
    "j": True,
    "1": True,
    "waar": True,
    "true": True,
    "x": True,
    "nee": False,
    "n": False,
    "0": False,
    "onwaar": False,
    "false": False,
    # Unknown, as for statuses: the value is missing, not wrong, so the row stays.
    "?": None,
    "onbekend": None,
}
STATUS_WORDS = {
    "op orde": "op_orde",
    "ja": "op_orde",
    "j": "op_orde",
    "1": "op_orde",
    "geregeld": "op_orde",
    "voldoende": "op_orde",
    "niet op orde": "niet_op_orde",
    "nee": "niet_op_orde",
    "n": "niet_op_orde",
    "0": "niet_op_orde",
    "niet geregeld": "niet_op_orde",
    "onvoldoende": "niet_op_orde",
    "?": "onbekend",
    "onbekend": "onbekend",
}
STATUS_VALUES = ("op_orde", "niet_op_orde", "onbekend")


def is_empty(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_text(value: object) -> str:
    """A raw cell as text, numbers without a spurious '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _two_digit_year(yy: int, today: date) -> int:
    return 2000 + yy if yy <= today.year % 100 else 1900 + yy


def parse_date_value(value: object, today: date) -> date | None:
    """One raw cell as a date, day first; None when it cannot be read."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_serial(float(value))
    text = str(value).strip()
    if m := _DATE_ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DATE_DMY.match(text):
        d, mo, y = int(m[1]), int(m[3]), int(m[4])
        if len(m[4]) == 2:
            y = _two_digit_year(y, today)
    elif _SERIAL.match(text):
        return _from_serial(float(text))
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _from_serial(serial: float) -> date | None:
    # Excel's 1900 date system; below serial 61 the phantom 29 February 1900 shifts the count,
    # but such dates are out of range for every field anyway.
    if not (1 <= serial < 2958466):
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


@dataclass(frozen=True)
class Column:
    """One raw column as codes into its distinct values (-1 for an empty cell). Loading factorises
    each column once and finds blank rows, exact duplicates and typed values from the codes."""

    codes: np.ndarray
    uniques: pd.Index

    @classmethod
    def of(cls, series: pd.Series) -> Column:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return cls(codes.astype(np.int64, copy=False), uniques)

    def __len__(self) -> int:
        return len(self.codes)

    def take(self, rows: np.ndarray) -> Column:
        """The column at a boolean row selection (the distinct values stay as they are)."""
        return Column(self.codes[rows], self.uniques)

    def blank(self) -> np.ndarray:
        """Per row: empty or only whitespace."""
        text = pd.Series(self.uniques, dtype="str").str.strip()
        empty = (text == "").fillna(True).to_numpy(dtype=bool)
        return np.append(empty, True)[self.codes]

    def value(self, row: int) -> object:
        code = self.codes[row]
        return None if code < 0 else self.uniques[code]


def _distinct(raw: pd.Series | Column) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """Codes, distinct values and the row index of a raw column (a Series or a Column)."""
    if isinstance(raw, Column):
        return raw.codes, raw.uniques, pd.RangeIndex(len(raw))
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    return codes, uniques, raw.index


def _factorised(raw: pd.Series | Column) -> tuple[np.ndarray, list, pd.Index]:
    """Codes, distinct values as a list, and the row index, for the per-value parsers."""
    codes, uniques, index = _distinct(raw)
    return codes, uniques.tolist(), index


def _spread_errors(codes: np.ndarray, bad: list[str]) -> np.ndarray:
    table = np.array([*bad, ""], dtype=object)
    return table[codes]


def _categorical(codes: np.ndarray, parsed: list, index) -> pd.Series:
    """A Categorical from per-unique results (None = missing), several uniques may share a value."""
    categories = sorted({v for v in parsed if v is not None})
    position = {v: i for i, v in enumerate(categories)}
    remap = np.array([position.get(v, -1) if v is not None else -1 for v in parsed] + [-1], dtype=np.int64)
    return pd.Series(pd.Categorical.from_codes(remap[codes], categories=categories), index=index)


_ISO_PLAIN = r"\d{4}-\d{2}-\d{2}(?: 00:00:00)?"
_DMY_PLAIN = r"\d{1,2}-\d{1,2}-\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"


def parse_dates(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _distinct(raw)
    parsed = np.full(len(uniques) + 1, np.datetime64("NaT"), dtype="datetime64[D]")
    fast = np.zeros(len(uniques), dtype=bool)
    if isinstance(uniques, pd.Index) and uniques.dtype == "str" and len(uniques):
        # Spreadsheet dates arrive as ISO text: one vectorised conversion for all of them.
        # Exports write d-m-yyyy: the same, after one separator. Whatever these miss (two-digit
        # years, times, impossible dates) goes to the per-value parser below.
        text = pd.Series(uniques, dtype="str")
        iso = text.str.fullmatch(_ISO_PLAIN).fillna(False).to_numpy(dtype=bool, copy=True)
        dmy = ~iso & text.str.fullmatch(_DMY_PLAIN).fillna(False).to_numpy(dtype=bool)
        converted = pd.to_datetime(text[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
        parsed[: len(uniques)][iso] = converted.to_numpy(dtype="datetime64[D]")
        converted = pd.to_datetime(text[dmy].str.replace(r"[/.]", "-", regex=True), format="%d-%m-%Y", errors="coerce")
        parsed[: len(uniques)][dmy] = converted.to_numpy(dtype="datetime64[D]")
        fast = (iso | dmy) & ~np.isnat(parsed[: len(uniques)])
    for i, value in enumerate(uniques):
        if fast[i] or is_empty(value):
            continue
        d = parse_date_value(value, today)
        parsed[i] = np.datetime64(d, "D") if d is not None else np.datetime64("NaT")
    bad = np.full(len(uniques), "", dtype=object)
    readable = ~np.isnat(parsed[: len(uniques)])
    missing = np.array([is_empty(v) for v in uniques], dtype=bool) if not fast.all() else np.zeros(len(uniques), bool)
    bad[~readable & ~missing] = "datum-ongeldig"
    bad[readable & (parsed[: len(uniques)] > np.datetime64(today, "D"))] = "datum-toekomst"
    bad[readable & (parsed[: len(uniques)] < np.datetime64(fld.min_date, "D"))] = "datum-te-vroeg"
    parsed[: len(uniques)][bad != ""] = np.datetime64("NaT")
    return pd.Series(parsed[codes].astype("datetime64[s]"), index=index), _spread_errors(codes, bad.tolist())


def _texts(uniques) -> pd.Series:
    """Distinct raw values as stripped text (NA for missing); native numbers without '.0'."""
    if isinstance(uniques, pd.Index) and uniques.dtype == "str":
        return pd.Series(uniques, dtype="str").str.strip()
    return pd.Series([None if is_empty(v) else ("" if isinstance(v, bool) else _as_text(v)) for v in uniques], dtype="str")


def normalise_bsns(values) -> np.ndarray:
    """The 9-digit form of each raw identifier, or '' when it is not digits (vectorised)."""
    text = _texts(values)
    ok = text.str.fullmatch(r"\d{8,9}").fillna(False).to_numpy(dtype=bool, copy=True)
    if not ok.all():
        # Spaces, a float written as text (123456782.0), or the official notation with dots
        # (1234.56.782); only the values that are not plain digits already.
        other = text[~ok].str.replace(" ", "", regex=False).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
        other = other.str.replace(r"^(\d{4})\.(\d{2})\.(\d{3})$", r"\1\2\3", regex=True)
        text = text.copy()
        text[~ok] = other
        ok[~ok] = other.str.fullmatch(r"\d{8,9}").fillna(False).to_numpy(dtype=bool)
    padded = text.str.zfill(9).to_numpy(dtype=object)
    return np.where(ok, padded, "")


def parse_ids(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _distinct(raw)
    text = _texts(uniques)
    empty = (text.isna() | (text == "")).to_numpy(dtype=bool)
    normalised = normalise_bsns(uniques) if len(uniques) else np.array([], dtype=object)
    valid = elfproef(normalised) if len(uniques) else np.array([], dtype=bool)
    parsed = np.where(valid & ~empty, normalised, np.array(None, dtype=object))
    bad = np.where(empty | valid, "", "bsn-elfproef").tolist()
    table = np.array([*parsed, None], dtype=object)
    return pd.Series(table[codes], index=index, dtype=object), _spread_errors(codes, bad)


def _lookup(uniques: list, table: dict, code: str) -> tuple[list, list]:
    parsed: list[object] = []
    bad: list[str] = []
    for value in uniques:
        if is_empty(value):
            parsed.append(None)
            bad.append("")
            continue
        key = normalise_value(_as_text(value))
        if key in table:
            parsed.append(table[key])  # None: an explicit 'unknown'
            bad.append("")
        else:
            parsed.append(None)
            bad.append(code)
    return parsed, bad


def parse_bools(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _factorised(raw)
    parsed, bad = _lookup(uniques, BOOL_WORDS, "ja-nee-ongeldig")
    values = np.array([1 if v is True else 0 if v is False else -1 for v in parsed] + [-1], dtype=np.int8)[codes]
    array = pd.arrays.BooleanArray(values == 1, values == -1)
    return pd.Series(array, index=index), _spread_errors(codes, bad)


def parse_statuses(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _factorised(raw)
    parsed, bad = _lookup(uniques, STATUS_WORDS, "status-ongeldig")
    parsed = [v if v is not None else "onbekend" for v in parsed]
    values = _categorical(codes, parsed, index)
    return values.cat.set_categories(STATUS_VALUES).fillna("onbekend"), _spread_errors(codes, bad)


def parse_enums(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _factorised(raw)
    parsed, bad = _lookup(uniques, fld.enum_lookup(), "waarde-onbekend")
    return _categorical(codes, parsed, index), _spread_errors(codes, bad)


MAX_INT_DIGITS = 9


def parse_ints(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _factorised(raw)
    parsed: list[int | None] = []
    bad: list[str] = []
    for value in uniques:
        if is_empty(value):
            parsed.append(None)
            bad.append("")
            continue
        text = _as_text(value)
        if m := _FLOAT_INT.match(text):
            text = m[1]
        # A count of contacts runs to hundreds; more than nine digits is a slip (and would not fit).
        if _DIGITS.match(text) and not isinstance(value, bool) and len(text.lstrip("0")) <= MAX_INT_DIGITS:
            parsed.append(int(text))
            bad.append("")
        else:
            parsed.append(None)
            bad.append("getal-ongeldig")
    table = pd.array([*parsed, None], dtype="Int64")
    return pd.Series(table.take(codes), index=index), _spread_errors(codes, bad)


def parse_texts(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques, index = _factorised(raw)
    parsed = [None if is_empty(v) else _as_text(v) for v in uniques]
    return _categorical(codes, parsed, index), _spread_errors(codes, [""] * len(parsed))


PARSERS = {
    "id": parse_ids,
    "date": parse_dates,
    "bool": parse_bools,
    "status": parse_statuses,
    "enum": parse_enums,
    "int": parse_ints,
    "text": parse_texts,
}


def parse_column(raw: pd.Series | Column, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    """Typed values and per-row finding codes for one raw column. Surrounding whitespace is
    ignored (each parser strips the distinct values it reads)."""
    return PARSERS[fld.type](raw, fld, today)
