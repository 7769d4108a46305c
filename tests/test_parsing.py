"""Cell parsing: dates day first, booleans, statuses, BSNs (11-proef), masking and pseudonyms."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from conftest import bsn
from hypothesis import given
from hypothesis import strategies as st

from nazorg_cli.privacy.pseudonym import Pseudonymiser, elfproef, mask
from nazorg_cli.sources.parsing import Column, parse_column, parse_date_value
from nazorg_cli.sources.schema import load_schema, normalise_header

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2018-03-05", date(2018, 3, 5)),
        ("2018-03-05 00:00:00", date(2018, 3, 5)),
        ("5-3-2018", date(2018, 3, 5)),
        ("05/03/2018", date(2018, 3, 5)),  # day first, never month first
        ("5-3-18", date(2018, 3, 5)),
        ("5-3-65", date(1965, 3, 5)),
        (43164, date(2018, 3, 5)),  # Excel serial
        (43164.0, date(2018, 3, 5)),
        ("43164", date(2018, 3, 5)),
        (datetime(2018, 3, 5, 13, 0), date(2018, 3, 5)),
        (date(2018, 3, 5), date(2018, 3, 5)),
        ("31-2-2018", None),
        ("13/25/2018", None),
        ("maart 2018", None),
        (True, None),
    ],
)
def test_parse_date_value(raw, expected):
    assert parse_date_value(raw, TODAY) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=TODAY))
def test_date_formats_round_trip(d):
    for text in (d.isoformat(), f"{d.day}-{d.month}-{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}"):
        assert parse_date_value(text, TODAY) == d
    serial = (d - date(1899, 12, 30)).days
    assert parse_date_value(serial, TODAY) == d


@given(
    st.lists(
        st.one_of(
            st.dates(min_value=date(900, 1, 1), max_value=date(2100, 1, 1)).flatmap(
                lambda d: st.sampled_from(
                    [
                        d.isoformat(),
                        f"{d.isoformat()} 00:00:00",
                        f"{d.day}-{d.month}-{d.year}",
                        f"{d.day:02d}/{d.month:02d}/{d.year}",
                        f"{d.day}.{d.month}.{d.year}",
                        f" {d.day}-{d.month}-{d.year % 100:02d} ",
                        f"{d.day}-{d.month}/{d.year}",
                    ]
                )
            ),
            st.sampled_from(
                ["31-2-2018", "29-2-2019", "0-1-2018", "13/25/2018", "43164", "", "  ", "maart 2018", "5-3-2018 12:30"]
            ),
        ),
        max_size=20,
    )
)
def test_vectorised_dates_agree_with_the_per_value_parser(texts):
    """Text columns (what the readers deliver) take vectorised paths for ISO and d-m-yyyy dates;
    every value must come out as the per-value parser reads it, range rules included."""
    fld = load_schema("detenties").field("datum_insluiting")
    series = pd.Series(texts, dtype="str")
    for raw in (series, Column.of(series)):
        parsed, errors = parse_column(raw, fld, TODAY)
        for text, value, error in zip(texts, parsed.tolist(), errors.tolist()):
            expected = parse_date_value(text, TODAY) if text.strip() else None
            if expected is not None and not (fld.min_date <= expected <= TODAY):
                assert error in ("datum-te-vroeg", "datum-toekomst") and pd.isna(value)
            elif expected is None:
                assert error == ("datum-ongeldig" if text.strip() else "") and pd.isna(value)
            else:
                assert error == "" and value.date() == expected


def codes(values, source, field):
    series = pd.Series(values, dtype=object)
    parsed, errors = parse_column(series, load_schema(source).field(field), TODAY)
    return parsed.tolist(), errors.tolist()


def test_date_range_rules():
    _, errors = codes(["1-1-1989", "1-1-1990", "1-1-2027", "", "xx"], "detenties", "datum_insluiting")
    assert errors == ["datum-te-vroeg", "", "datum-toekomst", "", "datum-ongeldig"]
    _, errors = codes(["1-1-1950", "31-12-1899"], "detenties", "geboortedatum")
    assert errors == ["", "datum-te-vroeg"]


def test_bools_and_statuses():
    values, errors = codes(["ja", "N", "x", 1, 0.0, "WAAR", "", "?", "Onbekend", "misschien"], "casussen", "lvb")
    assert values[:9] == [True, False, True, True, False, True, pd.NA, pd.NA, pd.NA]
    assert errors[:9] == [""] * 9
    assert errors[-1] == "ja-nee-ongeldig"
    values, errors = codes(["op orde", "Op_Orde", "niet op orde", "nee", "?", "", "Voldoende", "soms"], "casussen", "id_ontslag")
    assert values[:7] == ["op_orde", "op_orde", "niet_op_orde", "niet_op_orde", "onbekend", "onbekend", "op_orde"]
    assert errors[-1] == "status-ongeldig"


def test_enum_synonyms_and_case():
    values, errors = codes(["M", "v", "Vrouw", "X", "onzijdig"], "detenties", "geslacht")
    assert values[:4] == ["man", "vrouw", "vrouw", "anders"] and errors[-1] == "waarde-onbekend"
    values, _ = codes(["Voorlopige hechtenis", "voorlopige_hechtenis", "ISD"], "detenties", "titel")
    assert values == ["voorlopige_hechtenis", "voorlopige_hechtenis", "isd"]


def test_bsn_forms():
    valid = bsn(3)
    raw = [valid, int(valid), float(valid), f"{valid}.0", "123456789", "1.23456782E+08", "12345", ""]
    values, errors = codes(raw, "detenties", "persoon")
    assert values[:4] == [valid] * 4
    assert errors == ["", "", "", "", "bsn-elfproef", "bsn-elfproef", "bsn-elfproef", ""]
    # (8-digit BSNs that lost their leading 0: test_eight_digit_bsn_is_padded)


def test_eight_digit_bsn_is_padded():
    # 012345672 passes the 11-proef; exports that store it as a number lose the leading 0.
    assert elfproef(np.array(["012345672"], dtype=object))[0]
    values, errors = codes([12345672, "12345672"], "detenties", "persoon")
    assert values == ["012345672", "012345672"] and errors == ["", ""]


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_elfproef_matches_definition(n):
    text = f"{n:09d}"
    total = sum(int(d) * w for d, w in zip(text, [9, 8, 7, 6, 5, 4, 3, 2, -1]))
    assert elfproef(np.array([text], dtype=object))[0] == (total % 11 == 0 and n != 0)


def test_mask_and_pseudonym():
    assert mask("123456782") == "*****6782"
    p = Pseudonymiser(b"k" * 32)
    assert p.pseudonym("123456782") == p.pseudonym("123456782") != Pseudonymiser(b"j" * 32).pseudonym("123456782")
    assert "123456782" not in p.pseudonym("123456782")
    # DOMAIN §6: HMAC-SHA256(key, "nazorg:v1:" + bsn), the same whichever way it is computed.
    import hmac

    assert p.pseudonym("123456782") == hmac.new(b"k" * 32, b"nazorg:v1:123456782", "sha256").hexdigest()
    positions, pseudonyms = p.digest(pd.Series(["123456782", "111222333", "123456782"]))
    assert list(positions) == [0, 1, 0]
    assert pseudonyms.hex() == p.pseudonym("123456782") + p.pseudonym("111222333")
    # A key longer than SHA-256's block is hashed first, as hmac does.
    long_key = b"L" * 100
    assert Pseudonymiser(long_key).pseudonym("123456782") == hmac.new(long_key, b"nazorg:v1:123456782", "sha256").hexdigest()


def test_person_codes_across_sources():
    """Codes are the same for the same pseudonym in every source, new ones are numbered on."""
    p = Pseudonymiser(b"k" * 32)
    a, b, c = (p._hmac(x) for x in ("123456782", "111222333", "010000008"))
    assert list(p.codes(np.array([0, 1, 0]), a + b)) == [0, 1, 0]
    assert list(p.codes(np.array([1, 0, 1, 1]), b + c)) == [2, 1, 2, 2]
    assert p.code_of("010000008") == 2 and p.code_of("123456782") == 0 and p.code_of("999999990") is None


def test_person_codes_when_pseudonyms_share_their_first_bytes():
    """Pseudonyms are indexed by their first 8 bytes; equal first bytes must not merge persons."""
    p = Pseudonymiser(b"k" * 32)
    same = b"\x01" * 8
    a, b, c = same + b"a" * 24, same + b"b" * 24, b"\x02" * 8 + b"c" * 24
    assert list(p.codes(np.array([0, 1]), a + c)) == [0, 1]
    assert list(p.codes(np.array([0, 1, 2]), b + a + c)) == [2, 0, 1]
    assert list(p.codes(np.array([0]), b)) == [2]
    assert list(p.codes(np.array([0, 0]), same + b"d" * 24)) == [3, 3]
    q = Pseudonymiser(b"k" * 32)  # a new pseudonym whose first bytes match a known one
    assert list(q.codes(np.array([0, 1]), a + c)) == [0, 1] and list(q.codes(np.array([0]), b)) == [2]
    assert list(q.codes(np.array([0, 1, 2]), c + b + a)) == [1, 2, 0]


@pytest.mark.parametrize(
    "header, matches",
    [
        ("Ontslagdatum", True),
        ("ontslag-datum", True),
        ("ONTSLAG_DATUM", True),
        ("Datum.Ontslag", True),
        ("Datum ontslag", True),
        ("Uitstroomdatum", True),
        ("Éinddatum detentie", True),
        ("Ontslag", False),
    ],
)
def test_header_normalisation(header, matches):
    """Case, spaces, _, -, . and accents are ignored; the field name and its aliases match."""
    keys = load_schema("detenties").field("datum_ontslag").header_keys()
    assert (normalise_header(header) in keys) == matches


def test_bsn_in_official_dotted_notation():
    valid = bsn(4)
    dotted = f"{valid[:4]}.{valid[4:6]}.{valid[6:]}"
    values, errors = codes([dotted, " " + dotted + " "], "detenties", "persoon")
    assert values == [valid, valid] and errors == ["", ""]


def test_first_line_of_a_text_export():
    """The delimiter and width come from the first line that is not blank, wherever it is."""
    from nazorg_cli.sources.readers import _first_line

    assert _first_line("") == "" and _first_line("   \n  ") == ""
    assert _first_line("\n\n a;b\nc") == " a;b"
    assert _first_line("\n" * 70000 + "x;y\nz") == "x;y"
    assert _first_line("a" * 70000 + "\nb") == "a" * 70000  # cut off in the first 64 KiB


@pytest.mark.parametrize(
    "value, masked",
    [
        ("123456782", "*****6782"),
        (" 12345678 ", "****5678"),
        ("Jansen 123456782", "************6782"),  # letters never show, only the last four digits
        ("J. de Vries", "***********"),  # free text without a number shows nothing at all
        ("12345", "*****"),  # too few digits to be an identifier: none shown
        ("", "*"),
    ],
)
def test_mask_shows_only_the_last_four_digits(value, masked):
    assert mask(value) == masked


@pytest.mark.parametrize("ends", [["\n"], ["\r\n"], ["\r"], ["\r", "\r\n", "\n"]], ids=["LF", "CRLF", "CR", "gemengd"])
def test_every_line_end_reads_the_same_cells_and_rows(tmp_path, ends):
    """Unix, Windows, old Mac and mixed line ends: the same cells and spreadsheet row numbers."""
    from nazorg_cli.sources.readers import read_table

    lines = ["bsn;datum_insluiting", "123456782;01-02-2019", "", "111222333;03-04-2019", '010000008;"05-06-2019"']
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    (tmp_path / "detenties.csv").write_bytes(text.encode("utf-8"))
    table = read_table(tmp_path / "detenties.csv", {"bsn", "datum_insluiting"})
    assert table.headers == ["bsn", "datum_insluiting"]
    assert table.cells[0].fillna("").tolist() == ["123456782", "", "111222333", "010000008"]
    assert table.cells[1].tolist()[-1] == "05-06-2019"
    assert table.rows.tolist() == [2, 3, 4, 5]
