"""Differential test: the vectorised indicators equal a naive per-record implementation of
DOMAIN §4 (tests/reference.py) on the whole synthetic sample, for several periods."""

from __future__ import annotations

from datetime import date

import pytest
import reference
from conftest import REPO

from nazorg_cli.indicators.compute import compute, compute_period
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports


@pytest.fixture(scope="module")
def sample():
    return read_exports(REPO / "sample_data")


def assert_same(ours, theirs):
    """Every figure the reference computes equals ours (the total records only)."""
    assert set(ours) == set(theirs)
    mismatches = {}
    for id, expected in theirs.items():
        got = {k: getattr(ours[id], k) for k in expected}
        if got != expected:
            mismatches[id] = (got, expected)
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
    ours = {
        r.id: r for r in compute_period(frames, Period(van, tot), peildatum, sample.config.gemeente) if r.uitsplitsing is None
    }
    assert_same(ours, reference.compute(frames, van, tot, peildatum, sample.config.gemeente))


@pytest.mark.parametrize(
    "van, tot, peildatum",
    [
        (date(2019, 1, 1), date(2019, 12, 31), date(2020, 1, 15)),
        (date(2019, 1, 1), date(2019, 12, 31), date(2019, 12, 31)),
        (date(2018, 1, 1), date(2018, 12, 31), date(2019, 3, 1)),
        (date(2019, 1, 1), date(2019, 6, 30), date(2019, 8, 31)),
    ],
)
def test_vectorised_equals_reference_at_an_earlier_peildatum(sample, van, tot, peildatum):
    """With an earlier peildatum both implementations cut the data on their own (DOMAIN §2
    "Peildatum"), and still agree on every figure."""
    frames = sample.data.frames
    period = Period(van, tot)
    ours = {
        r.id: r
        for r in compute(frames, period, peildatum, sample.config.gemeente)
        if r.uitsplitsing is None and r.periode == period.label
    }
    assert_same(ours, reference.compute(frames, van, tot, peildatum, sample.config.gemeente))
