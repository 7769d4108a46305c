"""Vectorised parsing of raw cells into typed columns (DOMAIN §3 types).

Each parser factorises the column, parses every distinct raw value once, and spreads the result
back with numpy indexing, so cost grows with the number of distinct values, not rows.
A parser returns the typed values and an array of finding codes ('' where the cell is fine).
"""

from __future__ import annotations

import math
import re
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
    "ja": True, "j": True, "1": True, "waar": True, "true": True, "x": True,
    "nee": False, "n": False, "0": False, "onwaar": False, "false": False,
}
STATUS_WORDS = {
    "op orde": "op_orde", "ja": "op_orde", "j": "op_orde", "1": "op_orde",
    "geregeld": "op_orde", "voldoende": "op_orde",
    "niet op orde": "niet_op_orde", "nee": "niet_op_orde", "n": "niet_op_orde", "0": "niet_op_orde",
    "niet geregeld": "niet_op_orde", "onvoldoende": "niet_op_orde",
    "?": "onbekend", "onbekend": "onbekend",
}
STATUS_VALUES = ("op_orde", "niet_op_orde", "onbekend")


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NA or value is pd.NaT:
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
    # Excel's 1900 date system; serial 60 is the phantom 29 February 1900, below 61 the
    # offset differs by one, but such dates are out of range for every field anyway.
    if not (1 <= serial < 2958466):
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _factorised(series: pd.Series):
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, list(uniques)


def _spread(codes: np.ndarray, parsed: list, bad: list[str], empty_value, dtype=object):
    """Spread per-unique results back over rows; sentinel -1 means an empty cell."""
    values = np.empty(len(parsed) + 1, dtype=dtype)
    values[: len(parsed)] = parsed
    values[len(parsed)] = empty_value
    errors = np.array([*bad, ""], dtype=object)
    return values[codes], errors[codes]


def parse_dates(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques = _factorised(series)
    parsed, bad = [], []
    for value in uniques:
        if is_empty(value):
            parsed.append(None)
            bad.append("")
            continue
        d = parse_date_value(value, today)
        if d is None:
            parsed.append(None)
            bad.append("datum-ongeldig")
        elif d > today:
            parsed.append(None)
            bad.append("datum-toekomst")
        elif d < fld.min_date:
            parsed.append(None)
            bad.append("datum-te-vroeg")
        else:
            parsed.append(np.datetime64(d, "D"))
            bad.append("")
    values, errors = _spread(codes, [p if p is not None else np.datetime64("NaT") for p in parsed], bad,
                             np.datetime64("NaT"), dtype="datetime64[D]")
    return pd.Series(values.astype("datetime64[s]"), index=series.index), errors


def normalise_bsn(value: object) -> str | None:
    """The 9-digit form of a raw identifier cell, or None when it is not digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        text = str(int(value))
    elif isinstance(value, int):
        text = str(value)
    else:
        text = str(value).strip().replace(" ", "")
        if m := _FLOAT_INT.match(text):
            text = m[1]
        if not _DIGITS.match(text):
            return None
    if len(text) == 8:
        text = "0" + text
    return text if len(text) == 9 else None


def parse_ids(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques = _factorised(series)
    normalised = [None if is_empty(v) else normalise_bsn(v) for v in uniques]
    valid = elfproef(np.array([n or "" for n in normalised], dtype=object))
    parsed, bad = [], []
    for value, norm, ok in zip(uniques, normalised, valid):
        if is_empty(value):
            parsed.append(None)
            bad.append("")
        elif ok:
            parsed.append(norm)
            bad.append("")
        else:
            parsed.append(None)
            bad.append("bsn-elfproef")
    values, errors = _spread(codes, parsed, bad, None)
    return pd.Series(values, index=series.index, dtype=object), errors


def _lookup_parser(table: dict[str, object], code: str):
    def parse(series: pd.Series, fld: Field, today: date):
        codes, uniques = _factorised(series)
        parsed, bad = [], []
        for value in uniques:
            if is_empty(value):
                parsed.append(None)
                bad.append("")
                continue
            key = normalise_value(_as_text(value))
            if key in table:
                parsed.append(table[key])
                bad.append("")
            else:
                parsed.append(None)
                bad.append(code)
        return _spread(codes, parsed, bad, None)

    return parse


def parse_bools(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    values, errors = _lookup_parser(BOOL_WORDS, "ja-nee-ongeldig")(series, fld, today)
    return pd.Series(values, index=series.index, dtype="boolean"), errors


def parse_statuses(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    values, errors = _lookup_parser(STATUS_WORDS, "status-ongeldig")(series, fld, today)
    values = np.where(pd.isna(values), "onbekend", values)
    return pd.Series(values, index=series.index, dtype="str"), errors


def parse_enums(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    values, errors = _lookup_parser(fld.enum_lookup(), "waarde-onbekend")(series, fld, today)
    return pd.Series(values, index=series.index, dtype="str"), errors


def parse_ints(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques = _factorised(series)
    parsed, bad = [], []
    for value in uniques:
        if is_empty(value):
            parsed.append(None)
            bad.append("")
            continue
        text = _as_text(value)
        if m := _FLOAT_INT.match(text):
            text = m[1]
        if _DIGITS.match(text) and not isinstance(value, bool):
            parsed.append(int(text))
            bad.append("")
        else:
            parsed.append(None)
            bad.append("getal-ongeldig")
    values, errors = _spread(codes, parsed, bad, None)
    return pd.Series(values, index=series.index, dtype="Int64"), errors


def parse_texts(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    codes, uniques = _factorised(series)
    parsed = [None if is_empty(v) else _as_text(v) for v in uniques]
    values, errors = _spread(codes, parsed, [""] * len(parsed), None)
    return pd.Series(values, index=series.index, dtype="str"), errors


PARSERS = {
    "id": parse_ids,
    "date": parse_dates,
    "bool": parse_bools,
    "status": parse_statuses,
    "enum": parse_enums,
    "int": parse_ints,
    "text": parse_texts,
}


def parse_column(series: pd.Series, fld: Field, today: date) -> tuple[pd.Series, np.ndarray]:
    """Typed values and per-row finding codes for one raw column."""
    return PARSERS[fld.type](series, fld, today)
