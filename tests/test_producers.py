"""Exports from several producers read with zero false findings and identical values.

The same detenties and casussen, written by openpyxl (title rows, alias headers, an 8-digit BSN
stored as a number, native dates, an Excel serial and a text date in one column), converted by
LibreOffice to xlsx, ods and xls, and written as cp1252 ';' csv and utf-8-sig ',' csv.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nazorg_cli.privacy.pseudonym import Pseudonymiser
from nazorg_cli.sources.loading import load_sources

FIXTURES = Path(__file__).parent / "fixtures"
spec = importlib.util.spec_from_file_location("make_producers", FIXTURES / "make_producers.py")
producers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(producers)

KEY = Pseudonymiser(b"producers-test-key-0123456789")
PRODUCERS = sorted(p.name for p in (FIXTURES / "producers").iterdir())
WORKBOOK_ROWS = [4, 5, 6, 7]  # title row, blank row, header on row 3
CSV_ROWS = [2, 3, 4, 5]


def expected_detenties() -> list[tuple]:
    sex = {"M": "man", "V": "vrouw", "X": "anders"}
    return [
        (KEY.code_of(p), sex[s], pd.Timestamp(a), pd.Timestamp(b) if b else None, g or None, t.lower().replace(" ", "_"))
        for p, s, a, b, g, t in producers.DETENTIES
    ]


def expected_casussen() -> list[tuple]:
    yes = {"ja": True, "nee": False, "": None}
    status = {
        "op orde": "op_orde",
        "geregeld": "op_orde",
        "niet op orde": "niet_op_orde",
        "onvoldoende": "niet_op_orde",
        "?": "onbekend",
        "": "onbekend",
    }
    return [(KEY.code_of(p), pd.Timestamp(a), yes[w], yes[g], status[i], status[h]) for p, a, w, g, i, h, _ in producers.CASUSSEN]


def plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    return value


@pytest.mark.parametrize("producer", PRODUCERS)
def test_producer_reads_cleanly_and_identically(producer):
    assert len(PRODUCERS) == 6
    data = load_sources(FIXTURES / "producers" / producer, KEY)
    problems = [(f.code, f.rij, f.kolom) for f in data.report.bevindingen if f.ernst != "info" and f.code != "bron-ontbreekt"]
    assert problems == []
    det = data.frames["detenties"]
    got = [
        tuple(plain(v) for v in row)
        for row in det[["persoon", "geslacht", "datum_insluiting", "datum_ontslag", "gemeente", "titel"]].itertuples(index=False)
    ]
    assert got == expected_detenties()
    cas = data.frames["casussen"]
    got = [
        tuple(plain(v) for v in row)
        for row in cas[
            ["persoon", "datum_aanmelding", "nazorg_geweigerd", "psychisch", "id_ontslag", "huisvesting_ontslag"]
        ].itertuples(index=False)
    ]
    assert got == expected_casussen()
    rows = CSV_ROWS if producer.startswith("csv") else WORKBOOK_ROWS
    assert det["_rij"].tolist() == rows
    accounts = {b.bron: b for b in data.report.bronnen}
    assert accounts["casussen"].onbekende_kolommen == ["Opmerking"]
    for b in data.report.bronnen:
        assert b.rijen_gelezen == b.rijen_geaccepteerd + b.rijen_afgekeurd + b.duplicaten
