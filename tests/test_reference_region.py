"""Self-test of reference.compute_region (a regional run's intern figures, DOMAIN §2 "Gemeente"
and §8): the gemeenten and onbekend add up to the region, and a gemeente whose persons and rows are
all its own gets the figures of a run for that gemeente alone."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
import reference
from conftest import REPO

from nazorg_cli.pipeline import read_exports

GEMEENTEN = ["Haarlem", "Heemstede", "Zandvoort"]
COSTS = ("kosten_per_traject_hands_on", "kosten_per_persoon_hands_on", "kosten_per_traject_kostwinners")
KOSTEN = {"hands_on": {2018: 250_000, 2019: 262_500}, "kostwinners": {2019: 99_999}}
PERIODS = [
    (date(2019, 1, 1), date(2019, 12, 31), None),  # None: the data's latest date, nothing cut
    (date(2018, 1, 1), date(2018, 12, 31), date(2019, 3, 1)),
    (date(2017, 7, 1), date(2018, 6, 30), date(2018, 9, 30)),
]


def catalogue() -> dict:
    with (REPO / "nazorg_cli" / "indicators" / "catalog.toml").open("rb") as handle:
        return {i["id"]: i for i in tomllib.load(handle)["indicator"]}


def additive_fields(entry: dict) -> tuple[str, ...]:
    """The fields of an indicator that add up over gemeenten: counts, tellers and noemers (and the
    cases counted in onbekend and open); none for medians, means and bedragen."""
    if entry["eenheid"] == "percentage":
        return ("teller", "noemer", "onbekend", "open")
    if entry["eenheid"] == "aantal" and "decimalen" not in entry:
        return ("waarde", "open")
    return ()


@pytest.fixture(scope="module")
def region_sample(tmp_path_factory):
    from conftest import invoke

    folder = tmp_path_factory.mktemp("seed7-regio")
    invoke(["sample", "--out", folder / "data", "--seed", "7", "--personen", "300", "--jaren", "2015-2019"])
    prepared = read_exports(folder / "data")
    return prepared.data.frames, prepared.data.latest_date()


def moved(frames):
    """The sample with people moving: of persons with several episodes, every second later episode
    in another gemeente of the region, now and then one outside it (Bloemendaal) or one spelled
    otherwise; so index episodes, re-detentions and attribution cross gemeenten."""
    det = frames["detenties"].sort_values(["persoon", "datum_insluiting", "_rij"]).copy()
    det["gemeente"] = det["gemeente"].astype(object)
    order = det.groupby("persoon").cumcount()
    others = {"Haarlem": "Heemstede", "Heemstede": "Zandvoort", "Zandvoort": "Haarlem"}
    for at in det.index[(order % 2 == 1).to_numpy()]:
        rij = int(det.at[at, "_rij"])
        current = det.at[at, "gemeente"]
        if rij % 7 == 0:
            det.at[at, "gemeente"] = "Bloemendaal"
        elif rij % 5 == 0:
            det.at[at, "gemeente"] = " HEEMSTEDE "
        else:
            det.at[at, "gemeente"] = others.get(current, "Zandvoort") if isinstance(current, str) else "Haarlem"
    return {**frames, "detenties": det.sort_index()}


def own_only(frames, peildatum):
    """The sample without anything of unknown gemeente and without persons of two gemeenten:
    persons with an episode of empty gemeente or episodes in two gemeenten are dropped from every
    source, and so are the rows whose gemeente is still unknown (as cut at the peildatum)."""
    det = frames["detenties"]
    gemeenten = det.groupby("persoon")["gemeente"].agg(lambda g: {reference.norm(x) for x in g})
    dropped = set(gemeenten.index[gemeenten.map(lambda s: "" in s or len(s) > 1)])
    out = {name: frame[~frame["persoon"].isin(dropped)] for name, frame in frames.items()}
    attributed = reference.gemeenten_of(reference.known_rows(out, peildatum))
    for name, pairs in attributed.items():
        unknown = {r["_rij"] for r, g in pairs if g == ""}
        out[name] = out[name][~out[name]["_rij"].isin(unknown)]
    return out


def assert_adds_up(result: dict, gemeenten: list[str]):
    cat = catalogue()
    region = result[None]
    parts = [result[g] for g in gemeenten] + ([result["onbekend"]] if "onbekend" in result else [])
    checked = 0
    for key, fields in region.items():
        for part in parts:
            assert key in part
        for field in additive_fields(cat[key[0]]):
            assert fields[field] == sum(part[key][field] for part in parts), (key, field)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("variant", ["sample", "moved"])
@pytest.mark.parametrize("van, tot, peildatum", PERIODS)
def test_the_gemeenten_and_onbekend_add_up_to_the_region(region_sample, variant, van, tot, peildatum):
    frames, latest = region_sample
    if variant == "moved":
        frames = moved(frames)
    result = reference.compute_region(frames, van, tot, peildatum or latest, GEMEENTEN, KOSTEN)
    assert list(result) == [None, *GEMEENTEN, "onbekend"]  # the sample has episodes without gemeente
    assert_adds_up(result, GEMEENTEN)
    assert all(result[g][("uitstroom", None, None)]["waarde"] > 0 for g in GEMEENTEN)
    for records in result.values():
        for id in COSTS:
            assert records[(id, None, None)]["status"] == "geen_gegevens"


@pytest.mark.parametrize("van, tot, peildatum", PERIODS)
def test_a_gemeente_of_its_own_people_and_rows_has_the_figures_of_its_own_run(region_sample, van, tot, peildatum):
    frames, latest = region_sample
    peildatum = peildatum or latest
    frames = own_only(frames, peildatum)
    result = reference.compute_region(frames, van, tot, peildatum, GEMEENTEN, KOSTEN)
    assert "onbekend" not in result
    assert_adds_up(result, GEMEENTEN)
    for g in GEMEENTEN:
        alone = reference.compute(frames, van, tot, peildatum, g, KOSTEN)
        assert set(result[g]) == set(alone)
        differ = {k for k in alone if result[g][k] != alone[k]}
        assert differ <= {(id, None, None) for id in COSTS}  # geen_gegevens in a regional run


@pytest.mark.parametrize("van, tot, peildatum", PERIODS[:2])
def test_the_region_is_a_single_run_over_its_gemeenten(region_sample, van, tot, peildatum):
    """A region of one gemeente is that gemeente's own run; a region holding every gemeente of the
    data is the run without a gemeente (but for the cost per hands-on traject)."""
    frames, latest = region_sample
    peildatum = peildatum or latest
    for gemeenten, single in ((["Zandvoort"], "Zandvoort"), (GEMEENTEN, None)):
        region = reference.compute_region(frames, van, tot, peildatum, gemeenten, KOSTEN)[None]
        alone = reference.compute(frames, van, tot, peildatum, single, KOSTEN)
        assert set(region) == set(alone)
        assert {k for k in alone if region[k] != alone[k]} <= {(id, None, None) for id in COSTS}
        assert region[("kosten_per_traject_hands_on", None, None)]["status"] == "geen_gegevens"
