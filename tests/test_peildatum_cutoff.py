"""The peildatum as a real cut-off (DOMAIN §2 "Peildatum", v2), worked out by hand.

Peildatum 15 January 2020 throughout: a row dated on the peildatum exists, a row dated the day
after does not; a later date inside a kept row reads as empty, and so does what was recorded with it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from nazorg_cli.sources.cutoff import cut_at

PEIL = date(2020, 1, 15)


def dates(*values):
    return pd.to_datetime(pd.Series(values, dtype="str"), format="%d-%m-%Y")


def test_a_row_on_the_peildatum_stays_and_the_day_after_goes():
    det = pd.DataFrame(
        {
            "persoon": ["a", "b", "c"],
            # a: on the peildatum (stays); b: the day after (goes); c: well before (stays).
            "datum_insluiting": dates("15-01-2020", "16-01-2020", "01-06-2019"),
            # c was released after the peildatum: on 15 January c is still detained.
            "datum_ontslag": dates(None, None, "20-01-2020"),
        }
    )
    frames, cuts = cut_at({"detenties": det}, PEIL)
    assert list(frames["detenties"]["persoon"]) == ["a", "c"]
    assert frames["detenties"]["datum_ontslag"].isna().all()
    assert cuts["detenties"].rijen == 1
    assert cuts["detenties"].waarden == {"datum_ontslag": 1}
    assert list(det["persoon"]) == ["a", "b", "c"]  # the input frame is not changed


def test_an_outcome_recorded_after_the_peildatum_reads_as_lopend():
    beg = pd.DataFrame(
        {
            "persoon": ["a", "b", "c"],
            "datum_start": dates("01-12-2019", "01-12-2019", "01-12-2019"),
            # a ended on the peildatum (outcome known); b the day after (still running); c runs on.
            "datum_einde": dates("15-01-2020", "16-01-2020", None),
            "uitkomst": pd.Series(["afgerond", "overgedragen", "lopend"], dtype="str"),
        }
    )
    frames, cuts = cut_at({"begeleiding": beg}, PEIL)
    out = frames["begeleiding"]
    assert list(out["uitkomst"]) == ["afgerond", "lopend", "lopend"]
    assert out["datum_einde"].isna().tolist() == [False, True, True]
    assert cuts["begeleiding"].rijen == 0
    assert cuts["begeleiding"].waarden == {"datum_einde": 1, "uitkomst": 1}


def test_an_outcome_column_read_as_categories_can_read_lopend():
    """A column the reader kept as categories without 'lopend' among them (an export where no
    traject runs on) still reads as lopend where its end is cut (found by the v2 cases)."""
    beg = pd.DataFrame(
        {
            "persoon": ["a"],
            "datum_start": dates("01-12-2019"),
            "datum_einde": dates("16-01-2020"),
            "uitkomst": pd.Series(["afgerond"], dtype="category"),
        }
    )
    frames, _ = cut_at({"begeleiding": beg}, PEIL)
    assert list(frames["begeleiding"]["uitkomst"]) == ["lopend"]


def test_a_placement_after_the_peildatum_is_still_a_voordracht():
    hv = pd.DataFrame(
        {
            "persoon": ["a", "b", "c"],
            # a: voordracht before, plaatsing after -> voorgedragen on the peildatum.
            # b: no voordracht; its plaatsing (the defining date) is after -> the row goes.
            # c: no voordracht, plaatsing on the peildatum -> stays geplaatst.
            "datum_voordracht": dates("10-01-2020", None, None),
            "datum_plaatsing": dates("20-01-2020", "16-01-2020", "15-01-2020"),
            "status": pd.Series(["geplaatst", "geplaatst", "geplaatst"], dtype="str"),
        }
    )
    frames, cuts = cut_at({"huisvesting": hv}, PEIL)
    out = frames["huisvesting"]
    assert list(out["persoon"]) == ["a", "c"]
    assert list(out["status"]) == ["voorgedragen", "geplaatst"]
    assert out["datum_plaatsing"].isna().tolist() == [True, False]
    assert cuts["huisvesting"].rijen == 1
    assert cuts["huisvesting"].waarden == {"datum_plaatsing": 1, "status": 1}


def test_work_and_its_kind_go_with_datum_werk_and_the_reason_with_datum_einde():
    kw = pd.DataFrame(
        {
            "persoon": ["a", "b"],
            "datum_start": dates("01-10-2019", "01-10-2019"),
            "datum_werk": dates("16-01-2020", "15-01-2020"),
            "soort_werk": pd.Series(["regulier", "regulier"], dtype="str"),
            "werk_na_6_maanden": pd.Series(["ja", None], dtype="str"),
            "datum_einde": dates("01-02-2020", None),
            "reden_einde": pd.Series(["werk", None], dtype="str"),
        }
    )
    frames, cuts = cut_at({"kostwinners": kw}, PEIL)
    out = frames["kostwinners"]
    assert out["soort_werk"].isna().tolist() == [True, False]
    assert out["werk_na_6_maanden"].isna().tolist() == [True, True]
    assert out["reden_einde"].isna().all()
    assert cuts["kostwinners"].waarden == {
        "datum_werk": 1,
        "soort_werk": 1,
        "werk_na_6_maanden": 1,
        "datum_einde": 1,
        "reden_einde": 1,
    }


def test_a_besluit_after_the_peildatum_is_no_besluit_yet():
    ba = pd.DataFrame(
        {
            "persoon": ["a", "b"],
            "datum_aanvraag": dates("02-01-2020", "17-01-2020"),
            "datum_besluit": dates("16-01-2020", "20-01-2020"),
            "besluit": pd.Series(["toegekend", "afgewezen"], dtype="str"),
        }
    )
    frames, cuts = cut_at({"briefadres": ba}, PEIL)
    out = frames["briefadres"]
    assert list(out["persoon"]) == ["a"]
    assert out["besluit"].isna().all() and out["datum_besluit"].isna().all()
    assert cuts["briefadres"].rijen == 1


def test_nothing_is_cut_at_the_latest_date():
    det = pd.DataFrame({"persoon": ["a"], "datum_insluiting": dates("01-01-2020"), "datum_ontslag": dates("15-01-2020")})
    frames, cuts = cut_at({"detenties": det}, PEIL)
    assert cuts["detenties"].empty
    assert frames["detenties"] is det  # unchanged: no copy needed


def test_the_sample_on_15_january_2020_gives_the_figures_of_that_day():
    """The issue's own example: hands-on reach 2019 with the data of 15 January 2020. The v1
    figure was 102/246 (later records still counted); cut at the peildatum it would be 96/246;
    with the follow-up windows of v2 the 96 persons released after 19 July 2019, whose 180 days
    have not passed on 15 January 2020, are open: 63/150, open 96, voorlopig. And
    datakwaliteit.json says what was cut."""
    from conftest import REPO

    from nazorg_cli.indicators.period import Period
    from nazorg_cli.pipeline import indicator_document, quality_document, read_exports

    prepared = read_exports(REPO / "sample_data")
    document = indicator_document(prepared, Period(date(2019, 1, 1), date(2019, 12, 31)), PEIL, intern=True)
    reach = next(
        r
        for r in document["indicatoren"]
        if r["id"] == "hands_on_bereik" and r["uitsplitsing"] is None and r["periode"].startswith("2019")
    )
    assert (reach["teller"], reach["noemer"], reach["open"], reach["status"]) == (63, 150, 96, "voorlopig")
    assert reach["noemer"] + reach["open"] == 246

    _, cuts = cut_at(prepared.data.frames, PEIL)
    found = {f["bron"]: f for f in quality_document(prepared, PEIL)["bevindingen"] if f["code"] == "na-peildatum"}
    assert set(found) == {name for name, cut in cuts.items() if not cut.empty}
    assert found["begeleiding"]["ernst"] == "info"
    assert f"{cuts['begeleiding'].rijen} rijen weggelaten" in found["begeleiding"]["melding"]
    assert "15 januari 2020" in found["begeleiding"]["melding"]
    # At the default peildatum (the latest date in the data) nothing is cut.
    assert not any(f["code"] == "na-peildatum" for f in quality_document(prepared, prepared.data.latest_date())["bevindingen"])
