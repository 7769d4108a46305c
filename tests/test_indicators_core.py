"""Hand-computed cases for the cohort indicators: uitstroom, bereik_nazorg, hands_on_bereik and
op_orde_bij_ontslag_*, period P = 2018.

The persons (episodes as insluiting -> ontslag):

    A  2017-11-01 -> 2018-01-01  release on the first day of P
       casus aanmelding 2018-04-01 = t0 + 90            -> linked
    B  2018-02-01 -> 2018-03-01  and 2018-06-01 -> 2018-12-31: two releases in P;
       the index episode is the first (t0 = 2018-03-01)
       casus aanmelding 2018-06-15 = t0 + 106           -> not linked (it would be for the 2nd episode)
       traject start 2018-08-28 = t0 + 180, no einde    -> hands-on
    C  2018-10-01 -> 2018-12-31  release on the last day of P
       casus at ti (2018-10-01), id_ontslag empty       -> linked, id unknown
       casus at 2019-04-01 = t0 + 91                    -> not linked (so not the latest linked)
       traject 2018-06-01 .. 2018-10-01 (einde = ti)    -> hands-on
    D  2017-06-01 -> 2017-12-31  release before P       -> not in C(P)
    E  2018-11-01 -> 2019-01-01  release after P        -> not in C(P)
    F  2018-03-01 -> (empty)     still detained         -> not in C(P)
    G  2018-01-10 -> 2018-07-01
       casus aanmelding 2018-01-09 = ti - 1             -> not linked
       traject start 2018-12-29 = t0 + 181              -> no hands-on
    H  2018-02-01 -> 2018-05-01
       casus 2018-03-01 (id op orde) and 2018-05-10 (id niet op orde): the latest linked wins
       traject 2017-01-01 .. 2018-01-31 (einde = ti - 1) -> no hands-on

So C(P) = {A, B, C, G, H}: uitstroom 5.
L = {A, C, H}: bereik_nazorg 3 / 5 = 60.0%.
hands_on_bereik: B and C, 2 / 5 = 40.0%.
Latest linked casus: A (op orde / niet op orde / onbekend / ja / nee), C (all empty), H (nee / ja / ja / ja / onbekend):
    id:          A op_orde, H niet_op_orde, C unknown -> 1 / 2 = 50.0%, onbekend 1
    huisvesting: A niet, H op_orde, C unknown          -> 1 / 2 = 50.0%, onbekend 1
    inkomen:     A unknown, H op_orde, C unknown       -> 1 / 1 = 100.0%, onbekend 2
    schulden:    A op_orde ("ja"), H op_orde           -> 2 / 2 = 100.0%, onbekend 1
    zorg:        A niet ("nee"), H unknown ("?")       -> 0 / 1 = 0.0%, onbekend 2
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import bsn, write_csv

from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import indicator_document, read_exports

A, B, C, D, E, F, G, H = (bsn(i) for i in range(8))


def det(p, ti, t0=""):
    return {"BSN": p, "Insluitingsdatum": ti, "Ontslagdatum": t0, "Geslacht": "M"}


def casus(p, aanmelding, **status):
    row = {"BSN": p, "Aanmelddatum": aanmelding}
    for domain in ("id", "huisvesting", "inkomen", "schulden", "zorg"):
        row[f"{domain} bij ontslag"] = status.get(domain, "")
    return row


def traject(p, start, einde=""):
    return {"BSN": p, "Coach": "Coach Een", "Startdatum": start, "Einddatum": einde}


@pytest.fixture
def cohort_dir(tmp_path):
    write_csv(
        tmp_path,
        "detenties",
        [
            det(A, "1-11-2017", "1-1-2018"),
            det(B, "1-2-2018", "1-3-2018"),
            det(B, "1-6-2018", "31-12-2018"),
            det(C, "1-10-2018", "31-12-2018"),
            det(D, "1-6-2017", "31-12-2017"),
            det(E, "1-11-2018", "1-1-2019"),
            det(F, "1-3-2018"),
            det(G, "10-1-2018", "1-7-2018"),
            det(H, "1-2-2018", "1-5-2018"),
        ],
    )
    write_csv(
        tmp_path,
        "casussen",
        [
            casus(A, "2018-04-01", id="op orde", huisvesting="niet op orde", schulden="ja", zorg="nee"),
            casus(B, "2018-06-15", id="op orde"),
            casus(C, "2018-10-01"),
            casus(C, "2019-04-01", id="op orde", huisvesting="op orde"),
            casus(G, "2018-01-09", id="op orde"),
            casus(H, "2018-03-01", id="op orde"),
            casus(H, "2018-05-10", id="nee", huisvesting="ja", inkomen="geregeld", schulden="ja", zorg="?"),
        ],
    )
    write_csv(
        tmp_path,
        "begeleiding",
        [
            traject(B, "28-8-2018"),
            traject(C, "1-6-2018", "1-10-2018"),
            traject(G, "29-12-2018"),
            traject(H, "1-1-2017", "31-1-2018"),
        ],
    )
    return tmp_path


def figures(folder, peildatum=date(2019, 12, 31)):
    doc = indicator_document(read_exports(folder), Period.year(2018), peildatum, intern=True)
    return {r["id"]: r for r in doc["indicatoren"] if r["periode"].startswith("2018") and r["uitsplitsing"] is None}


def triple(record):
    return (record["teller"], record["noemer"], record["waarde"])


def test_uitstroom_counts_distinct_persons_released_in_p(cohort_dir):
    """A (first day), B (twice), C (last day), G, H; not D (before), E (after), F (detained)."""
    assert figures(cohort_dir)["uitstroom"]["waarde"] == 5


def test_bereik_nazorg_links_casus_from_ti_to_t0_plus_90(cohort_dir):
    """A at t0+90 and C at ti count; B (t0+106 of its index episode) and G (ti-1) do not: 3 / 5."""
    assert triple(figures(cohort_dir)["bereik_nazorg"]) == (3, 5, 60.0)


def test_hands_on_bereik_window(cohort_dir):
    """B starts at t0+180 and C ends on ti: counted; G starts at t0+181 and H ends at ti-1: not."""
    assert triple(figures(cohort_dir)["hands_on_bereik"]) == (2, 5, 40.0)


@pytest.mark.parametrize(
    "domain, expected",
    [
        ("id", (1, 2, 50.0, 1)),
        ("huisvesting", (1, 2, 50.0, 1)),
        ("inkomen", (1, 1, 100.0, 2)),
        ("schulden", (2, 2, 100.0, 1)),
        ("zorg", (0, 1, 0.0, 2)),
    ],
)
def test_op_orde_bij_ontslag_uses_latest_linked_casus(cohort_dir, domain, expected):
    """See the module docstring: per domain over L = {A, C, H}, from each latest linked casus."""
    r = figures(cohort_dir)[f"op_orde_bij_ontslag_{domain}"]
    assert (*triple(r), r["onbekend"]) == expected


def test_follow_up_windows_leave_open_cases_out(cohort_dir):
    """C's t0 + 90 = 2019-03-31 and t0 + 180 = 2019-06-29 (DOMAIN §4 v2, follow-up windows).

    Peildatum 2019-06-29 (the window closes on the peildatum): nothing is open.
    Peildatum 2019-06-28: C's hands-on window is open. C leaves teller and noemer and is counted
    in open: B of {A, B, G, H} -> 1 / 4, open 1, voorlopig; the link window is closed for all.
    Peildatum 2019-03-30: C's link window is open too: bereik over {A, B, G, H} -> A and H, 2 / 4;
    op_orde_bij_ontslag_id over the closed part of L = {A, H}: A op orde, H not -> 1 / 2, and C,
    whose unknown id status needs the window, is open rather than onbekend."""
    f = figures(cohort_dir, peildatum=date(2019, 6, 29))
    assert (*triple(f["hands_on_bereik"]), f["hands_on_bereik"]["open"], f["hands_on_bereik"]["status"]) == (2, 5, 40.0, 0, "ok")
    f = figures(cohort_dir, peildatum=date(2019, 6, 28))
    r = f["hands_on_bereik"]
    assert (*triple(r), r["open"], r["status"]) == (1, 4, 25.0, 1, "voorlopig")
    assert (f["bereik_nazorg"]["open"], f["bereik_nazorg"]["status"]) == (0, "ok")
    f = figures(cohort_dir, peildatum=date(2019, 3, 30))
    r = f["bereik_nazorg"]
    assert (*triple(r), r["open"], r["status"]) == (2, 4, 50.0, 1, "voorlopig")
    r = f["op_orde_bij_ontslag_id"]
    assert (*triple(r), r["onbekend"], r["open"], r["status"]) == (1, 2, 50.0, 0, 1, "voorlopig")


def test_gemeente_filter_keeps_empty_and_matching(cohort_dir):
    """With gemeente = Haarlem, an episode of A marked Zandvoort no longer counts; empty ones do."""
    rows = (cohort_dir / "detenties.csv").read_text("utf-8").splitlines()
    rows[0] += ";Woongemeente"
    rows = [rows[0]] + [r + (";Zandvoort" if i == 0 else ";haarlem" if i == 1 else ";") for i, r in enumerate(rows[1:])]
    (cohort_dir / "detenties.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (cohort_dir / "nazorg.toml").write_text('gemeente = "Haarlem"\n', "utf-8")
    assert figures(cohort_dir)["uitstroom"]["waarde"] == 4


def test_zero_population_is_geen_gegevens(cohort_dir):
    """Nobody is released in 2010: the pipeline refuses the period (DOMAIN §2 v2); computed all
    the same, uitstroom is 0 (a figure) and bereik without a noemer is geen_gegevens."""
    from nazorg_cli.errors import UsageError
    from nazorg_cli.indicators.compute import compute

    prepared = read_exports(cohort_dir)
    with pytest.raises(UsageError, match="In de periode 2010 is volgens de detenties niemand ontslagen"):
        indicator_document(prepared, Period.year(2010), date(2019, 12, 31), intern=True)
    results = compute(prepared.data.frames, Period.year(2010), date(2019, 12, 31))
    by_id = {r.id: r for r in results if r.periode.startswith("2010") and r.uitsplitsing is None}
    assert (by_id["uitstroom"].status, by_id["uitstroom"].waarde) == ("ok", 0)  # an aantal of 0 is a figure (v2)
    assert (by_id["bereik_nazorg"].status, by_id["bereik_nazorg"].waarde) == ("geen_gegevens", None)


def test_missing_source_gives_geen_gegevens(cohort_dir):
    """Without begeleiding the hands-on indicator has no data; the others still compute."""
    (cohort_dir / "begeleiding.csv").unlink()
    f = figures(cohort_dir)
    assert f["hands_on_bereik"]["status"] == "geen_gegevens"
    assert f["uitstroom"]["waarde"] == 5
