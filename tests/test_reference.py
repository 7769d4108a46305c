"""Differential test: the vectorised indicators equal a naive per-record implementation of
DOMAIN v2 (tests/reference.py) on the whole synthetic sample: every record (totals and every
category) of several periods, at several peildata, with and without a gemeente."""

from __future__ import annotations

from datetime import date

import pytest
import reference
from conftest import REPO

from nazorg_cli.indicators.compute import compute, compute_period
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports

FIELDS = ("waarde", "teller", "noemer", "onbekend", "open", "status")
KOSTEN = {"hands_on": {2018: 250_000, 2019: 262_500}, "kostwinners": {2019: 99_999}}


@pytest.fixture(scope="module")
def sample():
    return read_exports(REPO / "sample_data")


def assert_same(ours: list, theirs: dict, periode: str):
    """Every record the reference computes equals ours, and we publish no record it lacks."""
    mine = {(r.id, r.uitsplitsing, r.categorie): r for r in ours if r.periode == periode}
    mine = {k: r for k, r in mine.items() if r.status != "geen_gegevens" or k in theirs}
    assert set(mine) == set(theirs)
    mismatches = {}
    for key, expected in theirs.items():
        got = {k: getattr(mine[key], k) for k in expected if k in FIELDS}
        if got != {k: v for k, v in expected.items() if k in FIELDS}:
            mismatches[key] = (got, expected)
    assert mismatches == {}


@pytest.mark.parametrize(
    "van, tot",
    [
        (date(2019, 1, 1), date(2019, 12, 31)),
        (date(2018, 1, 1), date(2018, 12, 31)),
        (date(2017, 4, 1), date(2017, 9, 30)),
        (date(2016, 1, 1), date(2016, 12, 31)),
    ],
)
def test_vectorised_equals_reference(sample, van, tot):
    frames = sample.data.frames
    peildatum = sample.data.latest_date()
    ours = compute_period(frames, Period(van, tot), peildatum, sample.config.gemeente, kosten=KOSTEN)
    assert_same(ours, reference.compute(frames, van, tot, peildatum, sample.config.gemeente, KOSTEN), Period(van, tot).label)


@pytest.mark.parametrize("gemeente", [None, "Haarlem", "Zandvoort"])
@pytest.mark.parametrize(
    "van, tot, peildatum",
    [
        (date(2019, 1, 1), date(2019, 12, 31), date(2020, 1, 15)),
        (date(2019, 1, 1), date(2019, 12, 31), date(2019, 12, 31)),
        (date(2018, 1, 1), date(2018, 12, 31), date(2019, 3, 1)),
        (date(2019, 1, 1), date(2019, 6, 30), date(2019, 8, 31)),
    ],
)
def test_vectorised_equals_reference_at_an_earlier_peildatum(sample, van, tot, peildatum, gemeente):
    """With an earlier peildatum both implementations cut the data on their own (DOMAIN §2
    "Peildatum") and attribute rows to the gemeente on their own (§2 "Gemeente"), and agree on
    every record of P and of the periods of the reeks before it."""
    frames = sample.data.frames
    period = Period(van, tot)
    ours = compute(frames, period, peildatum, gemeente, kosten=KOSTEN)
    periods = sorted({r.periode for r in ours})
    assert period.label in periods
    for label in periods:
        start, end = (date.fromisoformat(x) for x in label.split("/"))
        assert_same(ours, reference.compute(frames, start, end, peildatum, gemeente, KOSTEN), label)


@pytest.fixture(scope="module")
def other_sample(tmp_path_factory):
    """Another synthetic region (seed 7): other people, other gemeenten' shares, other dates."""
    from conftest import invoke

    folder = tmp_path_factory.mktemp("seed7")
    invoke(["sample", "--out", folder / "data", "--seed", "7", "--personen", "300", "--jaren", "2015-2019"])
    return read_exports(folder / "data")


@pytest.mark.parametrize(
    "gemeente, van, tot, peildatum",
    [
        ("Zandvoort", date(2019, 1, 1), date(2019, 12, 31), date(2020, 2, 29)),
        ("Heemstede", date(2018, 7, 1), date(2019, 6, 30), date(2019, 9, 30)),
        (None, date(2017, 1, 1), date(2017, 12, 31), date(2018, 5, 1)),
    ],
)
def test_vectorised_equals_reference_on_another_region(other_sample, gemeente, van, tot, peildatum):
    """Exports the code was not tuned on, with rows after the peildatum and open windows."""
    frames = other_sample.data.frames
    ours = compute(frames, Period(van, tot), peildatum, gemeente, kosten=KOSTEN)
    for label in sorted({r.periode for r in ours}):
        start, end = (date.fromisoformat(x) for x in label.split("/"))
        assert_same(ours, reference.compute(frames, start, end, peildatum, gemeente, KOSTEN), label)
    assert any(r.status == "voorlopig" for r in ours)


def test_the_periods_computed_on_two_cores_equal_those_computed_in_turn(sample, monkeypatch):
    """Large exports compute the reeks on two cores (a forked copy takes the older half);
    the records are the same, in the same order, as computed one after the other."""
    import nazorg_cli.indicators.compute as computing

    frames, peildatum = sample.data.frames, sample.data.latest_date()
    in_turn = compute(frames, Period.year(2019), peildatum, "Haarlem", kosten=KOSTEN)
    monkeypatch.setattr(computing, "FORK_FROM_EPISODES", 0)
    together = compute(frames, Period.year(2019), peildatum, "Haarlem", kosten=KOSTEN)
    assert [r.as_record("", "") for r in together] == [r.as_record("", "") for r in in_turn]
    assert len({r.periode for r in together}) == 5


def test_protecting_period_by_period_equals_protecting_the_whole_reeks(sample):
    """compute(k=...) protects each period as it is computed (on either core); disclosure control
    works per period, so that is the same as protecting all periods' results at once."""
    from nazorg_cli.indicators.period import is_pooled
    from nazorg_cli.indicators.protection import protect

    frames, peildatum = sample.data.frames, sample.data.latest_date()
    raw = compute(frames, Period.year(2019), peildatum, "Haarlem", kosten=KOSTEN)
    whole = protect(raw, 5)
    by_period = compute(frames, Period.year(2019), peildatum, "Haarlem", kosten=KOSTEN, k=5)
    p = Period.year(2019).label
    own = [r for r in by_period if not is_pooled(r.periode, p)]
    assert [r.as_record("", "") for r in own] == [r.as_record("", "") for r in whole]
    assert any(r.status == "onderdrukt" for r in by_period)
    # The pooled records (DOMAIN §6 v2): of figures suppressed as primair in P, the sum of P and
    # P-1 as computed.
    pooled = [r for r in by_period if is_pooled(r.periode, p)]
    assert pooled and all(r.periode == "2018-01-01/2019-12-31" for r in pooled)
    values = {(r.id, r.periode, r.uitsplitsing, r.categorie): r for r in raw}
    reden = {(r.id, r.uitsplitsing, r.categorie): r.reden for r in whole if r.periode == p}
    for r in pooled:
        now, before = (values[(r.id, f"{y}-01-01/{y}-12-31", r.uitsplitsing, r.categorie)] for y in (2019, 2018))
        assert reden[(r.id, r.uitsplitsing, r.categorie)] == "primair"
        if r.teller is None:
            assert r.waarde == now.waarde + before.waarde
        else:
            assert (r.teller, r.noemer) == (now.teller + before.teller, now.noemer + before.noemer)
