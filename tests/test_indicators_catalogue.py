"""Hand-computed cases for every other indicator of DOMAIN §4, P = 2018 unless a test says otherwise.
Each fixture's reasoning is in its docstring; figures are compared as (teller, noemer, waarde)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bsn, invoke, write_csv

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports

A, B, C, D = (bsn(i) for i in range(20, 24))
P2018 = Period.year(2018)


def figures(folder, peildatum=date(2020, 12, 31), period=P2018):
    """The unprotected records of ``period``, computed directly (the pipeline's period checks,
    tested apart, would refuse the partial fixtures some tests use)."""
    return {
        (r["id"], r["uitsplitsing"], r["categorie"]): r
        for r in computed(folder, period, peildatum)
        if r["periode"] == period.label
    }


def computed(folder, period, peildatum) -> list[dict]:
    from nazorg_cli.indicators.compute import compute

    prepared = read_exports(folder)
    defs = catalog()
    return [
        r.as_record(defs[r.id].naam, defs[r.id].eenheid)
        for r in compute(prepared.data.frames, period, peildatum, prepared.config.gemeente)
    ]


def triple(r):
    return (r["teller"], r["noemer"], r["waarde"])


def det(p, ti, t0="", sex="", born=""):
    return {"BSN": p, "Geslacht": sex, "Geboortedatum": born, "Insluitingsdatum": ti, "Ontslagdatum": t0}


@pytest.fixture
def cohort(tmp_path):
    """Episodes (insluiting -> ontslag), person traits and re-detentions:

        A  2017-11-01 -> 2018-01-01 (61 days)  M, born 2000-01-01: 18 on t0 -> 18-24
           again 2020-01-01 = t0 + 730        -> re-detained within two years (inclusive)
        B  2018-03-01 -> 2018-06-30 (121 days) V, born 1993-07-01: 24 on t0 -> 18-24
           again 2020-06-30 = t0 + 731        -> not within two years
        C  2018-05-01 -> 2018-12-31 (244 days) sex empty here, V on an earlier episode
           (2016-01-01 -> 2016-03-01) -> vrouw; no birth date -> onbekend
        D  2018-07-01 -> 2018-08-10 (40 days)  M, born 1968-08-10: 50 on t0 -> 50+
           again 2018-08-10 -> 2018-09-01: insluiting on t0 is not in (t0, t0 + 730]

    insluitingen in 2018: B, C, D, D again = 4. uitstroom 4 (D twice, index the first).
    detentieduur_mediaan over 40, 61, 121, 244 (even count): (61 + 121) / 2 = 91.
    wederopsluiting_2jaar, peildatum 2020-12-31: all four followed up (C's t0 + 730 = 2020-12-30),
    only A re-detained: 1 / 4 = 25.0%.

    Casussen (all linked; D has none, so L = {A, B, C}):
        A  2017-11-15 contact 2017-12-20, geweigerd nee, lvb ja
           2018-01-10 contact 2018-01-15, geweigerd ja, lvb ?, verslaving nee, psychisch ?   <- latest
              ontslag: all five op orde; intake: id and huisvesting niet op orde, rest op orde
        B  2018-06-30 (= t0) contact 2018-06-30 (= t0, not before), geweigerd ?,
              lvb nee, verslaving ja, psychisch nee;
              ontslag: id op orde, huisvesting niet, inkomen ?, schulden op orde, zorg op orde;
              intake: huisvesting niet, inkomen niet
        C  2018-05-01 (= ti) no contact, geweigerd nee, flags unknown;
              ontslag: inkomen niet op orde, the other four op orde; intake unknown

    contact_voor_ontslag (v2: over persons with a casus aangemeld in [ti, t0)): A's casus of
    2017-11-15 has contact 2017-12-20, before t0; B's casus is aangemeld on t0 (not before it),
    so B is not in the base; C's casus at ti has no contact -> onbekend; D has none -> 1 / 1, onbekend 1.
    nazorg_geweigerd (latest casus): A ja, B unknown, C nee -> 1 / 2, onbekend 1.
    alle_vijf: A all op orde, B not all known, C known but inkomen niet -> 1 / 2, onbekend 1.
    verbeterd_id: A (niet -> op orde) -> 1 / 1. verbeterd_huisvesting: A yes, B (niet -> niet) -> 1 / 2.
    verbeterd_inkomen: B (niet -> unknown) -> noemer 0, onbekend 1: geen_gegevens.
    kwetsbaar: A known (verslaving nee) not vulnerable, B verslaving ja, C all unknown -> 1 / 2, onbekend 1;
    by vlag: lvb 0 / 1 (B), verslaving 1 / 2 (A, B), psychisch 0 / 1 (B).
    """
    write_csv(
        tmp_path,
        "detenties",
        [
            det(A, "2017-11-01", "2018-01-01", "M", "2000-01-01"),
            det(A, "2020-01-01", "2020-02-01", "M", "2000-01-01"),
            det(B, "2018-03-01", "2018-06-30", "V", "1993-07-01"),
            det(B, "2020-06-30", "", "V", "1993-07-01"),
            det(C, "2016-01-01", "2016-03-01", "V"),
            det(C, "2018-05-01", "2018-12-31"),
            det(D, "2018-07-01", "2018-08-10", "M", "1968-08-10"),
            det(D, "2018-08-10", "2018-09-01", "M", "1968-08-10"),
        ],
    )
    ok, bad, unk = "op orde", "niet op orde", ""

    def casus(p, aanmelding, contact, geweigerd, flags, ontslag, intake=(unk,) * 5):
        row = {
            "BSN": p,
            "Aanmelddatum": aanmelding,
            "Eerste contact": contact,
            "Weigert nazorg": geweigerd,
            "LVB": flags[0],
            "Verslaving": flags[1],
            "Psychisch": flags[2],
        }
        for domain, at_release, at_intake in zip(("ID", "Huisvesting", "Inkomen", "Schulden", "Zorg"), ontslag, intake):
            row[f"{domain} bij ontslag"] = at_release
            row[f"{domain} bij intake"] = at_intake
        return row

    write_csv(
        tmp_path,
        "casussen",
        [
            casus(A, "2017-11-15", "2017-12-20", "nee", ("ja", "", ""), (ok,) * 5, (ok,) * 5),
            casus(A, "2018-01-10", "2018-01-15", "ja", ("", "nee", ""), (ok,) * 5, (bad, bad, ok, ok, ok)),
            casus(B, "2018-06-30", "2018-06-30", "", ("nee", "ja", "nee"), (ok, bad, unk, ok, ok), (unk, bad, bad, unk, unk)),
            casus(C, "2018-05-01", "", "nee", ("", "", ""), (ok, ok, bad, ok, ok)),
        ],
    )
    return tmp_path


def test_insluitingen_and_detentieduur(cohort):
    f = figures(cohort)
    assert f[("insluitingen", None, None)]["waarde"] == 4
    assert f[("uitstroom", None, None)]["waarde"] == 4
    r = f[("detentieduur_mediaan", None, None)]
    assert (r["waarde"], r["teller"], r["noemer"]) == (91, None, 4)  # a median carries its count in noemer (v2)


def test_uitstroom_breakdowns(cohort):
    """By geslacht (C's sex from another episode) and leeftijdsklasse at t0 (birthdays on t0 count)."""
    f = figures(cohort)
    got = {(u, c): f[("uitstroom", u, c)]["waarde"] for (i, u, c) in f if i == "uitstroom" and u}
    assert got == {
        ("geslacht", "man"): 2,
        ("geslacht", "vrouw"): 2,
        ("geslacht", "anders"): 0,
        ("geslacht", "onbekend"): 0,
        ("leeftijdsklasse", "18-24"): 2,
        ("leeftijdsklasse", "25-34"): 0,
        ("leeftijdsklasse", "35-49"): 0,
        ("leeftijdsklasse", "50+"): 1,
        ("leeftijdsklasse", "onbekend"): 1,
        # no titel column: every index episode's titel is onbekend
        ("titel", "voorlopige_hechtenis"): 0,
        ("titel", "veroordeeld"): 0,
        ("titel", "isd"): 0,
        ("titel", "overig"): 0,
        ("titel", "onbekend"): 4,
    }
    assert triple(f[("bereik_nazorg", "geslacht", "vrouw")]) == (2, 2, 100.0)
    assert triple(f[("bereik_nazorg", "leeftijdsklasse", "50+")]) == (0, 1, 0.0)
    assert f[("bereik_nazorg", "geslacht", "anders")]["status"] == "geen_gegevens"


def test_contact_and_geweigerd(cohort):
    f = figures(cohort)
    assert (*triple(f[("contact_voor_ontslag", None, None)]), f[("contact_voor_ontslag", None, None)]["onbekend"]) == (
        1,
        1,
        100.0,
        1,
    )
    assert (*triple(f[("nazorg_geweigerd", None, None)]), f[("nazorg_geweigerd", None, None)]["onbekend"]) == (1, 2, 50.0, 1)


def test_alle_vijf_and_verbeterd(cohort):
    f = figures(cohort)
    r = f[("alle_vijf_op_orde_bij_ontslag", None, None)]
    assert (*triple(r), r["onbekend"]) == (1, 2, 50.0, 1)
    assert triple(f[("verbeterd_id", None, None)]) == (1, 1, 100.0)
    assert triple(f[("verbeterd_huisvesting", None, None)]) == (1, 2, 50.0)
    r = f[("verbeterd_inkomen", None, None)]
    assert (r["noemer"], r["onbekend"], r["status"], r["waarde"]) == (0, 1, "geen_gegevens", None)
    assert f[("verbeterd_schulden", None, None)]["status"] == "geen_gegevens"


def test_kwetsbaar_and_flags(cohort):
    f = figures(cohort)
    r = f[("kwetsbaar", None, None)]
    assert (*triple(r), r["onbekend"]) == (1, 2, 50.0, 1)
    assert triple(f[("kwetsbaar", "vlag", "lvb")]) == (0, 1, 0.0)
    assert triple(f[("kwetsbaar", "vlag", "verslaving")]) == (1, 2, 50.0)
    assert triple(f[("kwetsbaar", "vlag", "psychisch")]) == (0, 1, 0.0)


def test_wederopsluiting(cohort):
    """Peildatum 2020-12-31: 1 / 4. Peildatum 2020-12-29: C (t0 + 730 = 2020-12-30) is open:
    out of teller and noemer, counted in open, and the figure is voorlopig: 1 / 3, open 1.
    Peildatum 2020-12-30: C's window closes on the peildatum, so it counts again: 1 / 4.
    A re-detention counts in any gemeente (DOMAIN §2 v2): see test_attribution.py."""
    r = figures(cohort)[("wederopsluiting_2jaar", None, None)]
    assert (*triple(r), r["open"], r["status"]) == (1, 4, 25.0, 0, "ok")
    r = figures(cohort, peildatum=date(2020, 12, 30))[("wederopsluiting_2jaar", None, None)]
    assert (*triple(r), r["open"], r["status"]) == (1, 4, 25.0, 0, "ok")
    r = figures(cohort, peildatum=date(2020, 12, 29))[("wederopsluiting_2jaar", None, None)]
    assert (*triple(r), r["open"], r["status"]) == (1, 3, 33.3, 1, "voorlopig")


@pytest.fixture
def hands_on(cohort):
    """Trajecten on the cohort above (t0: A 2018-01-01, B 2018-06-30, C 2018-12-31, D 2018-08-10):

        X  A  2017-12-31 .. 2018-01-31 afgerond      (starts before A's t0: during detention)
        X  A  2018-02-01 .. (open)    lopend
        Y  B  2018-06-30 .. 2018-12-31 uitgevallen   (starts on t0: not during detention)
        Y  -  C  2019-07-01 ..         (t0 + 182: does not qualify)
        Z  D  2017-01-01 .. 2017-12-31 afgerond      (ends before D's ti: does not qualify)
        Z  C  2018-09-01 .. 2018-10-01 lopend        (ends in P but lopend: left out of afgerond)
        Z  C  2018-10-02 .. 2018-11-01 (no uitkomst) (ends in P, uitkomst unknown)

    hands_on_bereik: A, B, C of 4 -> 75.0%. hands_on_tijdens_detentie, the earliest qualifying
    traject before t0: A (2017-12-31) yes, B (on t0) no, C (2018-09-01, C is detained until
    2018-12-31) yes -> 2 / 3.
    hands_on_gestart in 2018: A's second, B's, C's two -> 4.
    hands_on_beeindigd (v2): trajecten ending in 2018: A's first, B's, C's two -> 4; by uitkomst
    afgerond 1, uitgevallen 1, onbekend 2 (C's lopend with an einde, and C's empty one).
    hands_on_afgerond (v2: afgerond or overgedragen): of the two with a known uitkomst other than
    lopend, A's (afgerond) -> 1 / 2, onbekend 2.
    """
    write_csv(
        cohort,
        "begeleiding",
        [
            {"BSN": A, "Coach": "X", "Startdatum": "2017-12-31", "Einddatum": "2018-01-31", "Resultaat": "afgerond"},
            {"BSN": A, "Coach": "X", "Startdatum": "2018-02-01", "Einddatum": "", "Resultaat": "lopend"},
            {"BSN": B, "Coach": "Y", "Startdatum": "2018-06-30", "Einddatum": "2018-12-31", "Resultaat": "uitgevallen"},
            {"BSN": C, "Coach": "Y", "Startdatum": "2019-07-01", "Einddatum": "", "Resultaat": ""},
            {"BSN": D, "Coach": "Z", "Startdatum": "2017-01-01", "Einddatum": "2017-12-31", "Resultaat": "afgerond"},
            {"BSN": C, "Coach": "Z", "Startdatum": "2018-09-01", "Einddatum": "2018-10-01", "Resultaat": "lopend"},
            {"BSN": C, "Coach": "Z", "Startdatum": "2018-10-02", "Einddatum": "2018-11-01", "Resultaat": ""},
        ],
    )
    return cohort


def test_hands_on_family(hands_on):
    f = figures(hands_on)
    assert triple(f[("hands_on_bereik", None, None)]) == (3, 4, 75.0)
    assert triple(f[("hands_on_tijdens_detentie", None, None)]) == (2, 3, 66.7)
    assert f[("hands_on_gestart", None, None)]["waarde"] == 4
    r = f[("hands_on_afgerond", None, None)]
    assert (*triple(r), r["onbekend"]) == (1, 2, 50.0, 2)
    by_uitkomst = {
        c: f[("hands_on_beeindigd", "uitkomst", c)]["waarde"]
        for c in ("afgerond", "overgedragen", "uitgevallen", "overig", "onbekend")
    }
    assert f[("hands_on_beeindigd", None, None)]["waarde"] == 4
    assert by_uitkomst == {"afgerond": 1, "overgedragen": 0, "uitgevallen": 1, "overig": 0, "onbekend": 2}


def test_caseload(hands_on):
    """Peildatum 2018-06-30, so P' = 2018-01-01 .. 2018-06-30 (181 days).
    X: 31 days (Jan) + 150 days (Feb 1 .. Jun 30) = 181; Y: 1 day (Jun 30); Z: nothing in P'
    (its 2018 trajecten start in September), so Z is not active and not counted.
    Mean of (181 / 181, 1 / 181) = 182 / 362 = 0.503 -> 0.5. (The pipeline refuses a P that
    runs past the peildatum, DOMAIN §2 v2; computed directly, the mean covers P'.)"""
    r = figures(hands_on, peildatum=date(2018, 6, 30))[("caseload_gemiddeld", None, None)]
    assert (r["waarde"], r["teller"], r["noemer"], r["status"]) == (0.5, None, 2, "ok")  # noemer: X and Y


def test_huisvesting(tmp_path):
    """Rows (soort, voordracht, plaatsing):
        1 contingent 2017-12-01 2018-01-01   placed in P, 31 days
        2 contingent 2018-03-01 2018-03-11   nominated and placed in P, 10 days
        3 contingent 2018-12-31 -            nominated in P
        4 contingent -          2018-06-01   placed in P without a nomination date
        5 forensisch -          2018-12-31   placed in P
        6 forensisch -          2019-01-01   not in P
        7 beschermd wonen -     2018-05-05   placed in P
    voordrachten 2 (rows 2, 3); contingent plaatsingen 3 (1, 2, 4); doorlooptijd median of
    31 and 10 = 20.5; forensisch 1; plaatsingen 5, by soort 3 / 1 / 1 / 0 / 0."""
    write_csv(tmp_path, "detenties", [det(A, "2018-01-01")])
    rows = [
        ("Contingentwoning", "1-12-2017", "1-1-2018"),
        ("contingentwoning", "1-3-2018", "11-3-2018"),
        ("Contingentwoning", "31-12-2018", ""),
        ("Contingentwoning", "", "1-6-2018"),
        ("Forensisch", "", "31-12-2018"),
        ("Forensisch", "", "1-1-2019"),
        ("Beschermd wonen", "", "5-5-2018"),
    ]
    write_csv(
        tmp_path, "huisvesting", [{"BSN": A, "Woonvorm": s, "Voordrachtdatum": v, "Plaatsingsdatum": p} for s, v, p in rows]
    )
    f = figures(tmp_path, peildatum=date(2019, 6, 30))
    assert f[("contingent_voordrachten", None, None)]["waarde"] == 2
    assert f[("contingent_plaatsingen", None, None)]["waarde"] == 3
    assert f[("contingent_doorlooptijd_mediaan", None, None)]["waarde"] == 20.5
    assert f[("forensisch_plaatsingen", None, None)]["waarde"] == 1
    assert f[("plaatsingen", None, None)]["waarde"] == 5
    by_soort = {c: f[("plaatsingen", "soort", c)]["waarde"] for (i, u, c) in f if i == "plaatsingen" and u == "soort"}
    assert by_soort == {"contingentwoning": 3, "forensisch": 1, "beschermd_wonen": 1, "maatschappelijke_opvang": 0, "overig": 0}


def test_kostwinners(tmp_path):
    """Peildatum 2019-03-01. Rows (start, werk, duurzaam, einde, reden):
        1 2018-01-01 2018-02-01 ja  2018-12-31 afgerond
        2 2018-12-31 -          -   -
        3 2017-06-01 2018-08-30 nee 2018-10-01 uitval    (werk + 183 = 2019-03-01: just mature)
        4 2017-01-01 2018-09-01 -   2018-05-01 -         (werk + 183 = 2019-03-03: too young)
        5 2018-03-01 2018-04-01 ?   2019-01-01 uitval    (einde not in P)
    instroom 3 (1, 2, 5); werk (v2: within 183 days of the start, window 183 after the start):
    row 2's window closes 2019-07-02, after the peildatum: open; rows 1 and 5 found work within
    183 days -> 2 / 2, open 1, voorlopig; by soort_werk (none given) all in onbekend: 2 / 2.
    duurzaam over work in P (window 183 after the work): 1 ja, 3 nee (closes on the peildatum:
    counted), 5 unknown -> 1 / 2, onbekend 1; row 4 (closes 2019-03-03) is open: voorlopig, open 1.
    uitval over einde in P with a reden: 1 afgerond, 3 uitval, 4 unknown -> 1 / 2, onbekend 1."""
    write_csv(tmp_path, "detenties", [det(A, "2018-01-01")])
    rows = [
        ("1-1-2018", "1-2-2018", "ja", "31-12-2018", "afgerond"),
        ("31-12-2018", "", "", "", ""),
        ("1-6-2017", "30-8-2018", "nee", "1-10-2018", "uitval"),
        ("1-1-2017", "1-9-2018", "", "1-5-2018", ""),
        ("1-3-2018", "1-4-2018", "", "1-1-2019", "uitval"),
    ]
    write_csv(
        tmp_path,
        "kostwinners",
        [
            {"BSN": A, "Startdatum traject": s, "Datum plaatsing werk": w, "Duurzaam": d, "Datum einde": e, "Reden einde": r}
            for s, w, d, e, r in rows
        ],
    )
    f = figures(tmp_path, peildatum=date(2019, 3, 1))
    assert f[("kostwinners_instroom", None, None)]["waarde"] == 3
    r = f[("kostwinners_werk", None, None)]
    assert (*triple(r), r["open"], r["status"]) == (2, 2, 100.0, 1, "voorlopig")
    r = f[("kostwinners_werk", "soort_werk", "onbekend")]
    assert (*triple(r), r["open"]) == (2, 2, 100.0, 1)
    assert triple(f[("kostwinners_werk", "soort_werk", "betaald")]) == (0, 2, 0.0)
    r = f[("kostwinners_duurzaam", None, None)]
    assert (*triple(r), r["onbekend"], r["open"], r["status"]) == (1, 2, 50.0, 1, 1, "voorlopig")
    r = f[("kostwinners_uitval", None, None)]
    assert (*triple(r), r["onbekend"]) == (1, 2, 50.0, 1)


def test_schuldhulp_and_briefadres(tmp_path):
    """Schuldhulp (aanmelding, intake, traject): 2018-01-01 / 01-11 / 02-01; 2018-12-31 / 2019-01-30 / -;
    2018-06-01 / - / -; 2017-12-31 / 2018-01-05 / - (not in P). Aanmeldingen 3; wachttijd median
    of 10 and 30 = 20. Intake within 4 weeks (window 28): 10 days yes, 30 days no, none no -> 1 / 3.
    Traject gestart within 183 days (window 183): the aanmelding of 2018-12-31 closes 2019-07-02,
    after the peildatum: open -> 1 / 2, open 1, voorlopig. No uitkomst anywhere: resultaat has
    noemer 0 and onbekend 3: geen_gegevens. Nobody is released in 2018 (A is still detained), so
    briefadres_voor_ontslag has no base: geen_gegevens.
    Briefadres (aanvraag, besluit, besluitdatum): 2018-01-01 toegekend +7; 2018-05-01 afgewezen +3;
    2018-12-31 none; 2018-07-01 toegekend +1; 2019-01-01 (not in P). Aanvragen 4; toegekend 2 of 3
    known = 66.7, onbekend 1; doorlooptijd median of 7, 3, 1 = 3."""
    write_csv(tmp_path, "detenties", [det(A, "2018-01-01")])
    write_csv(
        tmp_path,
        "schuldhulp",
        [
            {"BSN": A, "Datum aanmelding": a, "Datum intake": i, "Datum start traject": t}
            for a, i, t in [
                ("2018-01-01", "2018-01-11", "2018-02-01"),
                ("2018-12-31", "2019-01-30", ""),
                ("2018-06-01", "", ""),
                ("2017-12-31", "2018-01-05", ""),
            ]
        ],
    )
    write_csv(
        tmp_path,
        "briefadres",
        [
            {"BSN": A, "Aanvraagdatum": a, "Besluitdatum": d, "Besluit": b}
            for a, d, b in [
                ("2018-01-01", "2018-01-08", "toegekend"),
                ("2018-05-01", "2018-05-04", "Afgewezen"),
                ("2018-12-31", "", ""),
                ("2018-07-01", "2018-07-02", "toegekend"),
                ("2019-01-01", "2019-01-02", "toegekend"),
            ]
        ],
    )
    f = figures(tmp_path, peildatum=date(2019, 6, 30))
    assert f[("schuldhulp_aanmeldingen", None, None)]["waarde"] == 3
    assert f[("schuldhulp_wachttijd_mediaan", None, None)]["waarde"] == 20
    assert triple(f[("schuldhulp_intake_binnen_4_weken", None, None)]) == (1, 3, 33.3)
    r = f[("schuldhulp_traject_gestart", None, None)]
    assert (*triple(r), r["open"], r["status"]) == (1, 2, 50.0, 1, "voorlopig")
    r = f[("schuldhulp_resultaat", None, None)]
    assert (r["noemer"], r["onbekend"], r["status"]) == (0, 3, "geen_gegevens")
    assert f[("briefadres_voor_ontslag", None, None)]["status"] == "geen_gegevens"
    assert f[("briefadres_aanvragen", None, None)]["waarde"] == 4
    r = f[("briefadres_toegekend", None, None)]
    assert (*triple(r), r["onbekend"]) == (2, 3, 66.7, 1)
    assert f[("briefadres_doorlooptijd_mediaan", None, None)]["waarde"] == 3


def test_every_catalogue_indicator_is_computed(cohort):
    from nazorg_cli.indicators.catalog import catalog

    ids = {i for (i, _, _) in figures(cohort)}
    assert ids == set(catalog())


def test_the_reeks_reaches_back_to_the_earliest_release(cohort):
    """The reeks (DOMAIN §2 v2) is P and up to four periods before it, back to the earliest period
    holding a release: the earliest release is C's of 2016-03-01. P = 2019: 2019 .. 2016 (four);
    P = 2021: 2021 .. 2017 (five: 2016 would be a sixth); P = 2017: 2017 and 2016; P = 2016: alone."""

    def periods(year):
        records = computed(cohort, Period.year(year), date(2022, 12, 31))
        return sorted({int(r["periode"][:4]) for r in records if r["id"] == "uitstroom"})

    assert periods(2019) == [2016, 2017, 2018, 2019]
    assert periods(2021) == [2017, 2018, 2019, 2020, 2021]
    assert periods(2017) == [2016, 2017]
    assert periods(2016) == [2016]


def test_period_options_and_peildatum(cohort, tmp_path):
    import json

    out = tmp_path / "t-VERTROUWELIJK.json"  # an intern table carries the mark in its name
    invoke(
        ["indicators", cohort, "--from", "1-7-2018", "--to", "31-12-2018", "--peildatum", "2020-12-31", "--intern", "--out", out]
    )
    doc = json.loads(out.read_text("utf-8"))
    assert doc["periode"] == {"van": "2018-07-01", "tot_en_met": "2018-12-31"} and doc["peildatum"] == "2020-12-31"
    current = {r["id"]: r for r in doc["indicatoren"] if r["periode"] == "2018-07-01/2018-12-31" and not r["uitsplitsing"]}
    assert current["uitstroom"]["waarde"] == 2  # C (2018-12-31) and D (2018-08-10)
    earlier = {r["periode"] for r in doc["indicatoren"] if r["id"] == "uitstroom"}
    assert "2018-01-01/2018-06-30" in earlier  # the previous half year
    # Default peildatum: the latest valid date in any date field (2020-06-30, B's last insluiting);
    # default period: the last calendar year ending on or before it, 2019, which holds no release.
    refused = invoke(["indicators", cohort, "--intern", "--out", out], exit_code=2)
    assert (
        "In de periode 2019 is volgens de detenties niemand ontslagen; de ontslagdata lopen van 1 maart 2016" in refused.stderr
        and "--period 2020" in refused.stderr
    )
    invoke(["indicators", cohort, "--intern", "--peildatum", "2020-12-31", "--out", out])
    doc = json.loads(out.read_text("utf-8"))
    assert doc["periode"]["van"] == "2020-01-01" and doc["peildatum"] == "2020-12-31"
    refused = invoke(["indicators", cohort, "--intern", "--period", "2020", "--out", out], exit_code=2)
    assert "De periode 2020 loopt tot na de peildatum (30 juni 2020)" in refused.stderr


@pytest.mark.parametrize(
    "van, tot, previous",
    [
        (date(2019, 1, 1), date(2019, 12, 31), (date(2018, 1, 1), date(2018, 12, 31))),
        (date(2017, 1, 1), date(2017, 12, 31), (date(2016, 1, 1), date(2016, 12, 31))),  # after a leap year
        (date(2018, 7, 1), date(2018, 12, 31), (date(2018, 1, 1), date(2018, 6, 30))),  # half year
        (date(2019, 1, 1), date(2019, 3, 31), (date(2018, 10, 1), date(2018, 12, 31))),  # quarter across a year
        (date(2018, 3, 10), date(2018, 3, 19), (date(2018, 2, 28), date(2018, 3, 9))),  # ten days back
    ],
)
def test_previous_period(van, tot, previous):
    assert Period(van, tot).previous() == Period(*previous)
