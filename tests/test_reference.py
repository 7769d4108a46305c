"""Differential test: the vectorised indicators equal a naive per-record implementation of
DOMAIN §4 (tests/reference.py) on the whole synthetic sample, for several periods."""

from __future__ import annotations

from datetime import date

import pytest
import reference
from conftest import REPO

from nazorg_cli.indicators.compute import compute_period
from nazorg_cli.indicators.period import Period
from nazorg_cli.pipeline import read_exports


@pytest.fixture(scope="module")
def sample():
    return read_exports(REPO / "sample_data")


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
    theirs = reference.compute(frames, van, tot, peildatum, sample.config.gemeente)
    assert set(ours) == set(theirs)
    mismatches = {}
    for id, expected in theirs.items():
        got = {k: getattr(ours[id], k) for k in expected}
        if got != expected:
            mismatches[id] = (got, expected)
    assert mismatches == {}
