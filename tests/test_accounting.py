"""Properties of reading: synonyms parse whatever their case and spacing; every row is accounted
for (read = accepted + rejected + duplicates) whatever mix of good, bad and duplicate rows."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import bsn
from hypothesis import given, settings
from hypothesis import strategies as st

from nazorg_cli.privacy.pseudonym import Pseudonymiser
from nazorg_cli.sources.loading import _duplicates, load_sources
from nazorg_cli.sources.parsing import BOOL_WORDS, STATUS_WORDS, Column, parse_column
from nazorg_cli.sources.schema import load_schema

TODAY = date(2026, 11, 28)


def spelled(word: str):
    """A word as a partner's system might spell it: any case, spaces or underscores, padding."""
    return st.tuples(
        st.lists(st.booleans(), min_size=len(word), max_size=len(word)),
        st.sampled_from([" ", "_"]),
        st.sampled_from(["", " ", "  "]),
    ).map(lambda t: t[2] + "".join(c.upper() if up else c for c, up in zip(word, t[0])).replace(" ", t[1]) + t[2])


@given(st.sampled_from(sorted(BOOL_WORDS)).flatmap(lambda w: st.tuples(st.just(w), spelled(w))))
def test_bool_synonyms(pair):
    word, text = pair
    values, errors = parse_column(pd.Series([text], dtype=object), load_schema("casussen").field("lvb"), TODAY)
    expected = pd.NA if BOOL_WORDS[word] is None else BOOL_WORDS[word]
    assert errors.tolist() == [""] and values.tolist() == [expected]


@given(st.sampled_from(sorted(STATUS_WORDS)).flatmap(lambda w: st.tuples(st.just(w), spelled(w))))
def test_status_synonyms(pair):
    word, text = pair
    values, errors = parse_column(pd.Series([text], dtype=object), load_schema("casussen").field("id_ontslag"), TODAY)
    assert errors.tolist() == [""] and values.tolist() == [STATUS_WORDS[word]]


GOOD_BSN = st.integers(0, 30).map(bsn)
ROW = st.tuples(
    st.one_of(GOOD_BSN, st.sampled_from(["123456789", "", "abc"])),  # persoon
    st.sampled_from(["1-2-2018", "2018-03-04", "31-2-2018", "", "1-1-2099"]),  # insluiting
    st.sampled_from(["", "1-6-2018", "1-1-2017"]),  # ontslag
)


def is_good(row) -> bool:
    person, start, end = row
    ok_person = len(person) == 9 and person != "123456789"
    ok_start = start in ("1-2-2018", "2018-03-04")
    ordered = end != "1-1-2017"  # 1-1-2017 lies before both good start dates
    return ok_person and ok_start and ordered


@settings(max_examples=40, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=25), st.data())
def test_row_accounting(rows, data):
    extra = data.draw(st.lists(st.sampled_from(rows), max_size=5))  # exact duplicates of earlier rows
    all_rows = rows + extra
    with tempfile.TemporaryDirectory() as folder:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(["BSN", "Insluitingsdatum", "Ontslagdatum"])
        writer.writerows(all_rows)
        (Path(folder) / "detenties.csv").write_text(buffer.getvalue(), "utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NAZORG_PROCESSEN", "0")  # threads: forking a worker per example adds only time
            loaded = load_sources(Path(folder), Pseudonymiser(b"k" * 32), today=TODAY)
    account = loaded.report.bronnen[0]
    nonblank = [r for r in all_rows if any(r)]
    unique = list(dict.fromkeys(nonblank))
    assert account.rijen_gelezen == len(nonblank)
    assert account.rijen_gelezen == account.rijen_geaccepteerd + account.rijen_afgekeurd + account.duplicaten
    assert account.duplicaten == len(nonblank) - len(unique)
    assert account.rijen_geaccepteerd == sum(is_good(r) for r in unique)


@given(st.lists(st.lists(st.sampled_from(["a", "b", " ", "", None, "a "]), min_size=3, max_size=3), max_size=30))
def test_duplicates_and_blank_rows_from_codes(rows):
    """Exact duplicates (raw text, empty equals empty) and blank rows, found from the columns'
    codes, agree with pandas on the cells themselves."""
    cells = pd.DataFrame(rows, columns=range(3), dtype="str") if rows else pd.DataFrame(columns=range(3), dtype="str")
    columns = [Column.of(cells[c]) for c in cells.columns]
    assert list(_duplicates(columns, len(cells))) == list(cells.duplicated(keep="first"))
    blank = np.ones(len(cells), dtype=bool)
    for column in columns:
        blank &= column.blank()
    assert list(blank) == [all(v is None or not v.strip() for v in row) for row in rows]


def test_duplicates_when_the_codes_product_would_overflow():
    rng = np.random.default_rng(1)
    cells = pd.DataFrame({c: rng.integers(0, 1500, 3000).astype(str) for c in range(8)}, dtype="str")
    cells = pd.concat([cells, cells.iloc[::7]], ignore_index=True)  # 1501^8 > 2^62: renumbered on the way
    columns = [Column.of(cells[c]) for c in cells.columns]
    assert list(_duplicates(columns, len(cells))) == list(cells.duplicated(keep="first"))
    assert _duplicates(columns, len(cells)).sum() == 429  # the copied rows 0, 7, ..., 2996
