"""Hand-computed cases for the indicators that DOMAIN v2 adds or changes (§4 table, "(v2)").
P = 2018, peildatum 2020-12-31 (every window closed) unless a test says otherwise.

Persons (insluiting -> ontslag):
    A  2018-01-01 -> 2018-03-01
       casus 2018-02-01, first contact 2018-02-11 (10 days), nazorg_geweigerd nee;
         intake: id, huisvesting, inkomen niet op orde, schulden and zorg op orde (three: meervoudig);
         ontslag: huisvesting niet op orde (the rest unknown); six months: id and huisvesting op orde
       traject 2018-02-15 .. 2018-06-30 afgerond, 12 contacts  (started before t0: hands-on voor ontslag)
       contingentwoning: voordracht 2018-03-10, plaatsing 2018-04-09 (30 days; t0 + 39),
         vertrek 2019-04-09 = plaatsing + 365 (within the year: not kept), status geplaatst
       briefadres aanvraag 2018-02-20, before t0
    B  2018-04-01 -> 2018-06-01
       casus 2018-06-20 (t0 + 19: linked), first contact 2018-06-10 (before the aanmelding:
         counts as 0 days), nazorg_geweigerd ja; intake all five op orde; ontslag huisvesting op orde
       traject 2018-07-01 .. 2018-09-30 overgedragen, 5 contacts  (after t0: not voor ontslag)
       contingentwoning: voordracht 2018-07-01, afgewezen
       maatschappelijke opvang: plaatsing 2018-06-11 (t0 + 10)
       briefadres aanvraag 2018-06-15, after t0
    C  2018-05-01 -> 2018-10-01, no casus, no traject
       contingentwoning: voordracht 2018-09-01, still voorgedragen
       forensisch: plaatsing 2019-11-01 = t0 + 396 (not within 365 days)

uitstroom 3; L = {A, B}.
nazorg_bereikt: A yes; B refused; C not linked -> 1 / 3.
tijd_tot_eerste_contact_mediaan: A 10, B 0 -> 5.
op_orde_bij_intake: id 1 / 2, huisvesting 1 / 2, inkomen 1 / 2, schulden 2 / 2, zorg 2 / 2.
meervoudige_problematiek: A -> 1 / 2.
op_orde_bij_ontslag_huisvesting: B -> 1 / 2; by hands_on_voor_ontslag: ja (A) 0 / 1, nee (B) 1 / 1.
zonder_huisvesting_bij_ontslag: A -> 1.
op_orde_na_6_maanden_id: A op orde, B unknown -> 1 / 1, onbekend 1.
hands_on_bereik by kwetsbaar: no flags anywhere, so every person is onbekend: 2 / 3 there.
hands_on_beeindigd 2 (afgerond 1, overgedragen 1); hands_on_afgerond 2 / 2 (overgedragen is the aim).
hands_on_contacten_gemiddeld: (12 + 5) / 2 = 8.5.
contingent_voordrachten 3; contingent_afgewezen: A geplaatst, B afgewezen (C still pending) -> 1 / 2.
woning_behouden_12_maanden: A left within 365 days -> 0 / 1.
tijd_tot_huisvesting_mediaan: A 39, B 10, C none within 365 -> 24.5.
briefadres_voor_ontslag: A before, B not -> 1 / 2.
Costs, budget 2018 = 10001: hands_on_gestart 2 (A, B) -> 5000.5 -> 5001 per traject; the teller of
hands_on_bereik is 2 -> 5001 per person; Kostwinners has no export: geen_gegevens.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bsn, write_csv

from nazorg_cli.indicators.compute import compute
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports

A, B, C = (bsn(i) for i in range(60, 63))
OK, BAD = "op orde", "niet op orde"


@pytest.fixture
def folder(tmp_path):
    write_csv(
        tmp_path,
        "detenties",
        [
            {"BSN": A, "Insluitingsdatum": "2018-01-01", "Ontslagdatum": "2018-03-01"},
            {"BSN": B, "Insluitingsdatum": "2018-04-01", "Ontslagdatum": "2018-06-01"},
            {"BSN": C, "Insluitingsdatum": "2018-05-01", "Ontslagdatum": "2018-10-01"},
        ],
    )
    domains = ("ID", "Huisvesting", "Inkomen", "Schulden", "Zorg")

    def casus(p, aanmelding, contact, geweigerd, intake, ontslag, later):
        row = {"BSN": p, "Aanmelddatum": aanmelding, "Eerste contact": contact, "Weigert nazorg": geweigerd}
        for d, i, o, s in zip(domains, intake, ontslag, later):
            row.update({f"{d} bij intake": i, f"{d} bij ontslag": o, f"{d} na 6 maanden": s})
        return row

    write_csv(
        tmp_path,
        "casussen",
        [
            casus(A, "2018-02-01", "2018-02-11", "nee", (BAD, BAD, BAD, OK, OK), ("", BAD, "", "", ""), (OK, OK, "", "", "")),
            casus(B, "2018-06-20", "2018-06-10", "ja", (OK,) * 5, ("", OK, "", "", ""), ("",) * 5),
        ],
    )
    write_csv(
        tmp_path,
        "begeleiding",
        [
            {
                "BSN": A,
                "Coach": "K",
                "Startdatum": "2018-02-15",
                "Einddatum": "2018-06-30",
                "Resultaat": "afgerond",
                "Aantal contacten": "12",
            },
            {
                "BSN": B,
                "Coach": "K",
                "Startdatum": "2018-07-01",
                "Einddatum": "2018-09-30",
                "Resultaat": "overgedragen",
                "Aantal contacten": "5",
            },
        ],
    )
    write_csv(
        tmp_path,
        "huisvesting",
        [
            {"BSN": p, "Woonvorm": s, "Voordrachtdatum": v, "Plaatsingsdatum": pl, "Datum vertrek": vt, "Status": st}
            for p, s, v, pl, vt, st in [
                (A, "contingentwoning", "2018-03-10", "2018-04-09", "2019-04-09", "geplaatst"),
                (B, "contingentwoning", "2018-07-01", "", "", "afgewezen"),
                (B, "maatschappelijke opvang", "", "2018-06-11", "", "geplaatst"),
                (C, "contingentwoning", "2018-09-01", "", "", "voorgedragen"),
                (C, "forensisch", "", "2019-11-01", "", "geplaatst"),
            ]
        ],
    )
    write_csv(tmp_path, "briefadres", [{"BSN": A, "Aanvraagdatum": "2018-02-20"}, {"BSN": B, "Aanvraagdatum": "2018-06-15"}])
    (tmp_path / "nazorg.toml").write_text("[kosten.hands_on]\n2018 = 10001\n", "utf-8")
    return tmp_path


def figures(folder, peildatum=date(2020, 12, 31)):
    prepared = read_exports(folder)
    results = compute(prepared.data.frames, Period.year(2018), peildatum, kosten=prepared.config.kosten)
    return {(r.id, r.uitsplitsing, r.categorie): r for r in results if r.periode.startswith("2018")}


def tn(r):
    return (r.teller, r.noemer, r.onbekend, r.open, r.status)


def test_reach_and_contact(folder):
    f = figures(folder)
    assert tn(f[("bereik_nazorg", None, None)])[:2] == (2, 3)
    assert tn(f[("nazorg_bereikt", None, None)]) == (1, 3, 0, 0, "ok")
    assert (f[("tijd_tot_eerste_contact_mediaan", None, None)].waarde, f[("tijd_tot_eerste_contact_mediaan", None, None)].n) == (
        5,
        2,
    )


def test_basisvoorwaarden_at_intake_release_and_six_months(folder):
    f = figures(folder)
    got = {d: tn(f[(f"op_orde_bij_intake_{d}", None, None)])[:2] for d in ("id", "huisvesting", "inkomen", "schulden", "zorg")}
    assert got == {"id": (1, 2), "huisvesting": (1, 2), "inkomen": (1, 2), "schulden": (2, 2), "zorg": (2, 2)}
    assert tn(f[("meervoudige_problematiek", None, None)]) == (1, 2, 0, 0, "ok")
    assert tn(f[("op_orde_bij_ontslag_huisvesting", None, None)])[:2] == (1, 2)
    assert tn(f[("op_orde_bij_ontslag_huisvesting", "hands_on_voor_ontslag", "ja")])[:2] == (0, 1)
    assert tn(f[("op_orde_bij_ontslag_huisvesting", "hands_on_voor_ontslag", "nee")])[:2] == (1, 1)
    assert f[("zonder_huisvesting_bij_ontslag", None, None)].waarde == 1
    assert tn(f[("op_orde_na_6_maanden_id", None, None)]) == (1, 1, 1, 0, "ok")


def test_six_months_wait_for_their_window(folder):
    """Peildatum 2018-09-01: A's t0 + 183 = 2018-08-31 has passed, B's (2018-12-01) has not; C is
    still detained on the peildatum (its release of 2018-10-01 is cut), so C is not in C(P).
    op_orde_na_6_maanden_id over A alone -> 1 / 1, open 1 (B), voorlopig. B is open, not
    onbekend: the conditions that need the window are not applied to open cases."""
    f = figures(folder, peildatum=date(2018, 9, 1))
    assert tn(f[("op_orde_na_6_maanden_id", None, None)]) == (1, 1, 0, 1, "voorlopig")


def test_hands_on_outcomes_and_contrast(folder):
    f = figures(folder)
    assert tn(f[("hands_on_bereik", "kwetsbaar", "onbekend")])[:2] == (2, 3)
    assert f[("hands_on_bereik", "kwetsbaar", "ja")].status == "geen_gegevens"
    assert f[("hands_on_beeindigd", None, None)].waarde == 2
    assert f[("hands_on_beeindigd", "uitkomst", "overgedragen")].waarde == 1
    assert tn(f[("hands_on_afgerond", None, None)]) == (2, 2, 0, 0, "ok")
    assert f[("hands_on_contacten_gemiddeld", None, None)].waarde == 8.5


def test_housing(folder):
    f = figures(folder)
    assert f[("contingent_voordrachten", None, None)].waarde == 3
    assert tn(f[("contingent_afgewezen", None, None)]) == (1, 2, 0, 0, "ok")
    assert tn(f[("woning_behouden_12_maanden", None, None)]) == (0, 1, 0, 0, "ok")
    assert f[("tijd_tot_huisvesting_mediaan", None, None)].waarde == 24.5


def test_keeping_the_home_waits_a_year(folder):
    """Peildatum 2019-04-08: A's plaatsing + 365 = 2019-04-09 is after it: open. (The vertrek of
    2019-04-09 is not yet known either: the cut-off empties it.)"""
    f = figures(folder, peildatum=date(2019, 4, 8))
    assert tn(f[("woning_behouden_12_maanden", None, None)]) == (0, 0, 0, 1, "voorlopig")
    assert f[("woning_behouden_12_maanden", None, None)].waarde is None


def test_briefadres_before_release(folder):
    assert tn(figures(folder)[("briefadres_voor_ontslag", None, None)]) == (1, 2, 0, 0, "ok")


def test_costs(folder):
    f = figures(folder)
    assert (f[("kosten_per_traject_hands_on", None, None)].waarde, f[("kosten_per_traject_hands_on", None, None)].n) == (5001, 2)
    assert f[("kosten_per_persoon_hands_on", None, None)].waarde == 5001
    assert f[("kosten_per_traject_kostwinners", None, None)].status == "geen_gegevens"


def test_costs_need_a_budget_and_a_calendar_year(folder):
    prepared = read_exports(folder)
    half = compute(
        prepared.data.frames, Period(date(2018, 1, 1), date(2018, 6, 30)), date(2020, 12, 31), kosten=prepared.config.kosten
    )
    r = next(r for r in half if r.id == "kosten_per_traject_hands_on" and r.periode.startswith("2018-01"))
    assert (r.status, r.waarde) == ("geen_gegevens", None)
    other_year = compute(prepared.data.frames, Period.year(2019), date(2020, 12, 31), kosten=prepared.config.kosten)
    r = next(r for r in other_year if r.id == "kosten_per_traject_hands_on" and r.periode.startswith("2019"))
    assert r.status == "geen_gegevens"


def test_a_cost_goes_with_its_suppressed_count():
    """With the budget public, a published cost would give its count away: when the count is
    suppressed (here primary: 3 trajecten), the cost is too."""
    from nazorg_cli.indicators.protection import protect
    from nazorg_cli.indicators.results import Result

    label = Period.year(2018).label
    count = Result("hands_on_gestart", label, 3)
    cost = Result("kosten_per_traject_hands_on", label, 3334, n=3)
    per_person = Result("kosten_per_persoon_hands_on", label, 500, n=20)
    out = {r.id: r for r in protect([count, cost, per_person])}
    assert out["hands_on_gestart"].status == "onderdrukt"
    assert out["kosten_per_traject_hands_on"].status == "onderdrukt"
    assert out["kosten_per_persoon_hands_on"].status == "ok"  # its count (the bereik teller) is published


def test_a_cost_goes_with_a_count_suppressed_for_another_cell():
    """A count of 7 is not small, but when the audit hides it to protect another cell the cost
    of 7 trajecten (n = 7, not small either) must go with it."""
    from nazorg_cli.indicators.protection import _costs_of_hidden_counts

    label = Period.year(2018).label
    hidden = {("hands_on_gestart", label, None, None, None), ("uitstroom", label, "geslacht", "vrouw", None)}
    assert _costs_of_hidden_counts(hidden) == {("kosten_per_traject_hands_on", label, None, None, None)}


def test_person_day_keys_keep_persons_apart():
    """The sorted (person, day) keys behind re-detention, time to housing and briefadres before
    release: every day of person 0 sorts before every day of person 1, dates before 1970 too."""
    import numpy as np

    from nazorg_cli.indicators.cohort import person_day

    dates = np.array(["1960-01-01", "2090-12-31", "1990-01-01"], dtype="datetime64[ns]")
    zero = person_day(np.array([0, 0, 0]), dates)
    one = person_day(np.array([1, 1, 1]), dates)
    assert zero.max() < one.min()
    assert list(np.argsort(zero)) == [0, 2, 1]


def test_age_classes_follow_the_plain_birthday_rule():
    """The vectorised leeftijdsklasse equals whole years by the plain rule (a birthday counts on
    the day itself; 29 February born persons turn a year older on 1 March in other years) on
    2,000 random pairs of dates and every edge around 18, 24, 25, 34, 35, 49 and 50."""
    import random

    import pandas as pd

    from nazorg_cli.indicators.cohort import age_class

    rng = random.Random(7)
    births, moments = [], []
    for _ in range(2000):
        born = pd.Timestamp("1930-01-01") + pd.Timedelta(days=rng.randint(0, 30000))
        births.append(born)
        moments.append(born + pd.Timedelta(days=rng.randint(0, 30000)))
    for edge in ("2000-02-29", "1999-12-31", "2000-01-01", "1990-03-01"):
        born = pd.Timestamp(edge)
        for years in (18, 24, 25, 34, 35, 49, 50):
            day = pd.Timestamp(born.year + years, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)
            for shift in (-1, 0, 1, 2):
                births.append(born)
                moments.append(day + pd.Timedelta(days=shift))
    births.append(pd.NaT)
    moments.append(pd.Timestamp("2020-01-01"))

    def plain(born, at):
        if pd.isna(born):
            return "onbekend"
        age = at.year - born.year - ((at.month, at.day) < (born.month, born.day))
        for low, high, label in ((18, 24, "18-24"), (25, 34, "25-34"), (35, 49, "35-49"), (50, 200, "50+")):
            if low <= age <= high:
                return label
        return "onbekend"

    got = list(age_class(pd.Series(births), pd.Series(moments)))
    assert got == [plain(b, m) for b, m in zip(births, moments)]
