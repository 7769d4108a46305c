"""Gemeente attribution (DOMAIN §2 "Gemeente", v2), worked out by hand. P = 2018, G = Haarlem,
peildatum 2020-12-31.

Episodes (gemeente, insluiting -> ontslag):
    A  E1 Haarlem    2017-01-01 -> 2018-03-01   counts for Haarlem: A is in C(2018), t0 = 2018-03-01
       E2 Zandvoort  2018-06-01 -> 2018-09-01   another gemeente's episode
    B  Zandvoort     2018-02-01 -> 2018-05-01
    D  Zandvoort     2018-08-01 -> 2018-10-01
    C  has no episode at all.

Begeleiding trajecten (start; own gemeente column):
    1  A 2018-05-31            latest episode on or before it: E1 -> Haarlem: counts
    2  A 2018-06-01            E2 starts on the row's defining date, so E2 is the latest -> Zandvoort
    3  A 2018-07-01 "zandvoort "  its own column (case and spaces ignored) -> Zandvoort
    4  B 2018-03-01 "Haarlem"  its own column wins over B's Zandvoort episode -> Haarlem: counts
    5  C 2018-04-01            C is absent from detenties: gemeente unknown -> counts
    6  D 2018-03-01            no episode before it: D's earliest (Zandvoort) -> out

hands_on_gestart (rows that count for Haarlem): 1, 4, 5 -> 3; without a gemeente: 6; for
Zandvoort 2, 3, 6 and C's unknown row 5 -> 4.
andere-gemeente: begeleiding 3 rows (2, 3, 6), detenties 3 episodes (E2, B, D).
hands_on_bereik (persons: all rows of A, whatever their gemeente): A has trajecten 1, 2 and 3
starting by t0 + 180 = 2018-08-28 -> 1 / 1. Without those of another gemeente it would still be
1 / 1 through row 1, so the contrast is in the re-detention: wederopsluiting_2jaar counts A's
Zandvoort episode E2 (insluiting 2018-06-01 in (t0, t0 + 730]) -> 1 / 1.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bsn, write_csv

from nazorg_cli.indicators.compute import compute, prepare
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports

A, B, C, D = (bsn(i) for i in range(40, 44))
PEIL = date(2020, 12, 31)


@pytest.fixture
def region(tmp_path):
    def det(p, g, ti, t0):
        return {"BSN": p, "Insluitingsdatum": ti, "Ontslagdatum": t0, "Woongemeente": g}

    write_csv(
        tmp_path,
        "detenties",
        [
            det(A, "Haarlem", "2017-01-01", "2018-03-01"),
            det(A, "Zandvoort", "2018-06-01", "2018-09-01"),
            det(B, "Zandvoort", "2018-02-01", "2018-05-01"),
            det(D, "Zandvoort", "2018-08-01", "2018-10-01"),
        ],
    )
    write_csv(
        tmp_path,
        "begeleiding",
        [
            {"BSN": p, "Coach": "K", "Startdatum": start, "Woongemeente": g}
            for p, start, g in [
                (A, "2018-05-31", ""),
                (A, "2018-06-01", ""),
                (A, "2018-07-01", "zandvoort "),
                (B, "2018-03-01", "Haarlem"),
                (C, "2018-04-01", ""),
                (D, "2018-03-01", ""),
            ]
        ],
    )
    return tmp_path


def totals(folder, gemeente):
    frames = read_exports(folder).data.frames
    results = compute(frames, Period.year(2018), PEIL, gemeente)
    return {r.id: r for r in results if r.periode.startswith("2018") and r.uitsplitsing is None}


def test_rows_count_for_their_own_or_their_episodes_gemeente(region):
    assert totals(region, "Haarlem")["hands_on_gestart"].waarde == 3
    assert totals(region, None)["hands_on_gestart"].waarde == 6
    # For Zandvoort: rows 2, 3 and 6, and C's row of unknown gemeente (the exports are taken to be
    # the gemeente's own, so an unknown row counts for whichever gemeente runs) -> 4.
    assert totals(region, "Zandvoort")["hands_on_gestart"].waarde == 4


def test_other_gemeenten_are_counted(region):
    known = prepare(read_exports(region).data.frames, PEIL, "Haarlem")
    assert known.andere_gemeente == {"detenties": 3, "begeleiding": 3}


def test_person_indicators_use_all_rows_and_re_detention_any_gemeente(region):
    f = totals(region, "Haarlem")
    assert f["uitstroom"].waarde == 1
    assert (f["hands_on_bereik"].teller, f["hands_on_bereik"].noemer) == (1, 1)
    assert (f["wederopsluiting_2jaar"].teller, f["wederopsluiting_2jaar"].noemer) == (1, 1)


def test_datakwaliteit_names_the_rows_of_other_gemeenten(region):
    """The rows left out for another gemeente are accounted for per source in datakwaliteit.json
    (info finding andere-gemeente): 3 episodes and 3 trajecten for Haarlem."""
    from nazorg_cli.pipeline import quality_document

    (region / "nazorg.toml").write_text('gemeente = "Haarlem"\n', "utf-8")
    findings = [f for f in quality_document(read_exports(region), PEIL)["bevindingen"] if f["code"] == "andere-gemeente"]
    assert {(f["bron"], f["ernst"], f["melding"]) for f in findings} == {
        ("detenties", "info", "3 rijen van een andere gemeente dan Haarlem; die tellen niet mee."),
        ("begeleiding", "info", "3 rijen van een andere gemeente dan Haarlem; die tellen niet mee."),
    }
