"""nazorg sample --regio N: made-up people spread over the real gemeenten of a region (DOMAIN §8)."""

from __future__ import annotations

import hashlib
import tomllib

import pandas as pd
import pytest
from conftest import REPO, invoke

from nazorg_cli.sample.generator import NOORD_HOLLAND, SAMPLE_FILES, SampleOptions, generate, regio

ZUID_KENNEMERLAND = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede"]


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def regio4(tmp_path_factory):
    out = tmp_path_factory.mktemp("regio4")
    invoke(["sample", "--out", out, "--personen", "400", "--regio", "4"])
    return out


def test_regio_4_spreads_people_unequally_over_zuid_kennemerland(regio4):
    det = pd.read_excel(regio4 / "detenties.xlsx", dtype=str, keep_default_na=False, engine="openpyxl")
    persons = det.groupby("Gemeente terugkeer")["BSN"].nunique()
    assert set(persons.index) == {*ZUID_KENNEMERLAND, ""}
    sizes = persons.drop("")
    assert sizes.idxmax() == "Haarlem"
    assert sizes.min() < sizes.max() / 5
    assert 0 < persons[""] < 0.1 * det["BSN"].nunique()
    # Some people moved: their detentions name two gemeenten of the region.
    named = det.loc[det["Gemeente terugkeer"] != ""]
    assert (named.groupby("BSN")["Gemeente terugkeer"].nunique() > 1).any()
    woon = pd.read_csv(regio4 / "schuldhulp.csv", sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    assert set(woon["Woongemeente"]) - {""} <= set(ZUID_KENNEMERLAND)


def test_regio_4_nazorg_toml_names_the_region(regio4):
    config = tomllib.loads((regio4 / "nazorg.toml").read_text("utf-8"))
    assert "gemeente" not in config
    assert config["regio"] == {"naam": "Zuid-Kennemerland", "gemeenten": ZUID_KENNEMERLAND}
    assert config["synthetisch"] is True and config["nota"] == "nota.toml"
    assert config["privacy"]["k"] == 5 and "hands_on" in config["kosten"]


def test_regio_only_changes_the_gemeenten(regio4, tmp_path):
    """Same seed and --personen without --regio: every other file and column is the same."""
    invoke(["sample", "--out", tmp_path, "--personen", "400"])
    for name in SAMPLE_FILES:
        if name not in ("detenties.xlsx", "schuldhulp.csv", "nazorg.toml"):
            assert sha(regio4 / name) == sha(tmp_path / name), name
    a, b = (pd.read_excel(d / "detenties.xlsx", dtype=str, engine="openpyxl") for d in (regio4, tmp_path))
    assert a.drop(columns="Gemeente terugkeer").equals(b.drop(columns="Gemeente terugkeer"))


def test_regio_is_reproducible(regio4, tmp_path):
    invoke(["sample", "--out", tmp_path / "a", "--personen", "400", "--regio", "4"])
    invoke(["sample", "--out", tmp_path / "b", "--personen", "400", "--regio", "4", "--seed", "7"])
    assert all(sha(regio4 / name) == sha(tmp_path / "a" / name) for name in SAMPLE_FILES)
    assert sha(regio4 / "detenties.xlsx") != sha(tmp_path / "b" / "detenties.xlsx")


def test_default_sample_is_the_committed_sample_data(tmp_path):
    invoke(["sample", "--out", tmp_path])
    for name in SAMPLE_FILES:
        assert sha(tmp_path / name) == sha(REPO / "sample_data" / name), name


@pytest.mark.parametrize("n", [2, 3, 16, 17, 25, 40])
def test_other_regions_take_noord_holland(n):
    naam, gemeenten = regio(n)
    assert gemeenten == NOORD_HOLLAND[:n] and len(set(gemeenten)) == n
    assert naam == ("Noord-Holland Noord" if n <= 16 else "Noord-Holland")
    frames = generate(SampleOptions(personen=300, regio=n))
    column = frames["detenties"]["Gemeente terugkeer"]
    assert set(column) - {""} <= set(gemeenten)
    counts = column.loc[column != ""].value_counts()
    assert counts.index[0] == gemeenten[0] and counts.iloc[-1] < counts.iloc[0] / 5
    assert set(frames["schuldhulp"]["Woongemeente"]) - {""} <= set(gemeenten)


def test_verhuizers_can_be_switched_off():
    with_moves = generate(SampleOptions(personen=300, regio=4))["detenties"]
    without = generate(SampleOptions(personen=300, regio=4, verhuizers=False))["detenties"]
    for det, moved in ((with_moves, True), (without, False)):
        named = det.loc[det["Gemeente terugkeer"] != ""]
        assert (named.groupby("BSN")["Gemeente terugkeer"].nunique() > 1).any() == moved
    # Only the movers' later detentions differ.
    assert with_moves.drop(columns="Gemeente terugkeer").equals(without.drop(columns="Gemeente terugkeer"))


def test_init_explains_the_region_in_a_comment(tmp_path):
    invoke(["init", tmp_path])
    text = (tmp_path / "nazorg.toml").read_text("utf-8")
    assert "# [regio]" in text and '# naam = "Zuid-Kennemerland"' in text
    assert "tellen alleen voor de regio mee" in text
    assert "regio" not in tomllib.loads(text)


@pytest.mark.parametrize("value", ["1", "41", "-1"])
def test_regio_out_of_range_is_refused(value, tmp_path):
    result = invoke(["sample", "--out", tmp_path, "--regio", value], exit_code=2)
    assert "--regio" in result.stderr and "2 tot en met 40" in result.stderr
    assert not any(tmp_path.iterdir())
