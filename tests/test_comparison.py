"""The judged comparison (DOMAIN §4 v2 "Comparison"), case by case with the arithmetic written out,
and an independent judge over the whole sample."""

from __future__ import annotations

import math

import pytest

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.indicators.comparison import compare, judge
from nazorg_cli.indicators.period import Period
from nazorg_cli.indicators.results import Result

P19, P18 = Period.year(2019).label, Period.year(2018).label


def pct(t, n, status="ok"):
    return Result("bereik_nazorg", P19, 100 * t / n if n else None, t, n, 0, status)


def count(a, status="ok"):
    return Result("uitstroom", P19, a, status=status)


def days(v, n, status="ok"):
    return Result("detentieduur_mediaan", P19, v, status=status, n=n)


D = catalog()


@pytest.mark.parametrize(
    "now, before, z, oordeel",
    [
        # p = 120/200 = 0.6; z = (0.7 - 0.5) / sqrt(0.6 * 0.4 * (1/100 + 1/100)) = 0.2 / 0.069282 = 2.887
        (pct(70, 100), pct(50, 100), 2.887, "hoger"),
        (pct(50, 100), pct(70, 100), -2.887, "lager"),
        # p = 0.55; z = 0.1 / sqrt(0.2475 * 0.02) = 1.421: not a change; 10 points apart: onzeker
        (pct(60, 100), pct(50, 100), 1.421, "onzeker"),
        # 2 points apart, z = 0.283: gelijk
        (pct(51, 100), pct(49, 100), 0.283, "gelijk"),
        # exactly 3 points apart is not "under 3": onzeker (z = 0.425)
        (pct(53, 100), pct(50, 100), 0.424, "onzeker"),
        # p = 0: z is 0, and equal shares are gelijk
        (pct(0, 10), pct(0, 20), 0.0, "gelijk"),
        # on exact shares, not the rounded waarde: 33.33 vs 33.0; p = 34/103,
        # z = 0.003333 / sqrt(0.2211 * (1/3 + 1/100)) = 0.0121 -> gelijk
        (pct(1, 3), pct(33, 100), 0.012, "gelijk"),
    ],
)
def test_percentages_pooled_two_proportion_z(now, before, z, oordeel):
    got_z, got = judge(now, before, D["bereik_nazorg"])
    assert got == oordeel
    assert got_z == pytest.approx(z, abs=0.001)


@pytest.mark.parametrize(
    "now, before, z, oordeel",
    [
        (count(30), count(15), 15 / math.sqrt(45), "hoger"),  # 2.236
        (count(15), count(30), -15 / math.sqrt(45), "lager"),
        (count(110), count(100), 10 / math.sqrt(210), "onzeker"),  # 0.69; 10 is not under 10 % of 100
        (count(109), count(100), 9 / math.sqrt(209), "gelijk"),
        (count(0), count(0), 0.0, "gelijk"),
        (count(3), count(0), 3 / math.sqrt(3), "onzeker"),  # previous 0: only 0 is gelijk
        (count(0), count(4), -4 / math.sqrt(4), "lager"),  # z = -2.0
    ],
)
def test_counts_poisson_z(now, before, z, oordeel):
    got_z, got = judge(now, before, D["uitstroom"])
    assert (got, got_z) == (oordeel, pytest.approx(z))


@pytest.mark.parametrize(
    "now, before, oordeel",
    [
        (days(120, 20), days(100, 20), "hoger"),  # 20 >= 20 % of 100, both on 20 cases
        (days(80, 25), days(100, 30), "lager"),
        (days(120, 19), days(100, 20), "onzeker"),  # too few cases to call it; 20 is not under 10 %
        (days(119, 40), days(100, 40), "onzeker"),  # 19 < 20 % but not under 10 %
        (days(109.5, 40), days(100, 40), "gelijk"),
        (days(5, 40), days(0, 40), "hoger"),  # previous 0: any difference is at least 20 % of it
        (days(0, 40), days(0, 40), "gelijk"),
    ],
)
def test_medians_means_and_bedragen_by_the_20_percent_rule(now, before, oordeel):
    assert judge(now, before, D["detentieduur_mediaan"]) == (None, oordeel)


@pytest.mark.parametrize("status", ["voorlopig", "onderdrukt", "geen_gegevens"])
def test_no_judgement_unless_both_are_ok(status):
    assert judge(pct(70, 100, status), pct(50, 100), D["bereik_nazorg"]) == (None, "geen")
    assert judge(pct(70, 100), pct(50, 100, status), D["bereik_nazorg"]) == (None, "geen")
    assert judge(pct(70, 100), None, D["bereik_nazorg"]) == (None, "geen")


def test_only_the_totals_of_p_carry_a_comparison():
    before = Result("uitstroom", P18, 15)
    now = Result("uitstroom", P19, 30)
    category = Result("uitstroom", P19, 10, uitsplitsing="geslacht", categorie="vrouw")
    compare([now, before, category], Period.year(2019))
    assert now.vergelijking == {"periode": P18, "waarde": 15, "z": 2.24, "oordeel": "hoger"}
    assert before.vergelijking is None and category.vergelijking is None


def independent_oordeel(kind, now, before):
    """The rule of §4 written out again on plain numbers (kind: pct, count, or cases)."""
    if now is None or before is None or now["status"] != "ok" or before["status"] != "ok":
        return "geen"
    if kind == "pct":
        t1, n1, t0, n0 = now["teller"], now["noemer"], before["teller"], before["noemer"]
        p = (t1 + t0) / (n1 + n0)
        z = 0 if p in (0, 1) else (t1 / n1 - t0 / n0) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n0))
        if abs(z) >= 1.96:
            return "hoger" if z > 0 else "lager"
        return "gelijk" if abs(100 * t1 * n0 - 100 * t0 * n1) < 3 * n1 * n0 else "onzeker"
    a1, a0 = now["waarde"], before["waarde"]
    if kind == "count":
        z = 0 if a1 + a0 == 0 else (a1 - a0) / math.sqrt(a1 + a0)
        if abs(z) >= 1.96:
            return "hoger" if z > 0 else "lager"
    elif min(now["noemer"], before["noemer"]) >= 20 and a1 != a0 and abs(a1 - a0) >= 0.2 * abs(a0) - 1e-12:
        return "hoger" if a1 > a0 else "lager"
    if a0 == 0:
        return "gelijk" if a1 == 0 else "onzeker"
    return "gelijk" if abs(a1 - a0) < 0.1 * abs(a0) - 1e-12 else "onzeker"


@pytest.mark.parametrize("intern", [True, False])
def test_every_comparison_of_the_sample_matches_an_independent_judge(intern):
    """On the published (or intern) records of the sample: every total record of P carries a
    vergelijking whose oordeel an independent reading of the rule gives too, from the values
    as published."""
    from conftest import REPO

    from nazorg_cli.pipeline import indicator_document, read_exports

    document = indicator_document(read_exports(REPO / "sample_data"), intern=intern)
    records = document["indicatoren"]
    p = f"{document['periode']['van']}/{document['periode']['tot_en_met']}"
    by_key = {(r["id"], r["periode"]): r for r in records if r["uitsplitsing"] is None}
    judged = 0
    for r in records:
        if r["periode"] != p or r["uitsplitsing"] is not None:
            assert r["vergelijking"] is None
            continue
        v = r["vergelijking"]
        before = by_key.get((r["id"], v["periode"]))
        kind = (
            "pct"
            if r["eenheid"] == "percentage"
            else ("count" if r["eenheid"] == "aantal" and not D[r["id"]].decimalen else "cases")
        )
        assert v["oordeel"] == independent_oordeel(kind, r, before), r["id"]
        assert v["waarde"] == (before or {}).get("waarde")
        judged += v["oordeel"] != "geen"
    assert judged >= 20
