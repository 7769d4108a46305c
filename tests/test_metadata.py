"""Metadata is checked as it loads: a slip in the catalogue or a schema stops loading with a clear
Dutch message, and every additive line the catalogue declares holds on the sample's figures."""

from __future__ import annotations

from importlib import resources

import pytest
from conftest import REPO

from nazorg_cli.errors import MetadataError
from nazorg_cli.indicators.catalog import parse_catalogue, relations
from nazorg_cli.sources.schema import SOURCE_NAMES, parse_schema

CATALOGUE = resources.files("nazorg_cli.indicators").joinpath("catalog.toml").read_text("utf-8")


def schema_text(name: str) -> str:
    return resources.files("nazorg_cli.sources").joinpath("schemas", f"{name}.toml").read_text("utf-8")


def test_the_shipped_metadata_loads():
    catalogue = parse_catalogue(CATALOGUE)
    assert len(catalogue.indicators) > 30 and catalogue.relations
    for name in SOURCE_NAMES:
        parse_schema(name, schema_text(name))


@pytest.mark.parametrize(
    "old, new, message",
    [
        # The v1 slip: a one-letter typo in a relation silently dropped lines from the audit.
        (
            'gelijk_aan = ["nazorg_bereikt.noemer", "nazorg_bereikt.open"]',
            'gelijk_aan = ["nazorg_bereikt.noemr", "nazorg_bereikt.open"]',
            "'nazorg_bereikt.noemr': nazorg_bereikt (percentage) heeft geen cel 'noemr'; "
            "wel: teller, rest, noemer, onbekend, open.",
        ),
        (
            'gelijk_aan = ["nazorg_bereikt.noemer", "nazorg_bereikt.open"]',
            'gelijk_aan = ["bereik_nazor.noemer", "nazorg_bereikt.open"]',
            "onbekende indicator 'bereik_nazor'.",
        ),
        (
            'som = ["plaatsingen[soort=forensisch].waarde"]',
            'som = ["plaatsingen[soort=forensich].waarde"]',
            "uitsplitsing soort heeft geen categorie 'forensich'.",
        ),
        (
            'som = ["plaatsingen[soort=forensisch].waarde"]',
            'som = ["plaatsingen[sort=forensisch].waarde"]',
            "plaatsingen heeft geen uitsplitsing 'sort'.",
        ),
        ('uitsplitsingen = ["soort"]', 'uitsplitsingen = ["soorten"]', "onbekende uitsplitsing 'soorten'"),
        ('thema = "huisvesting"', 'thema = "wonen"', "onbekend thema 'wonen'"),
        ('bronnen = ["huisvesting"]', 'bronnen = ["huisvestingen"]', "onbekende bron 'huisvestingen'"),
        ('eenheid = "dagen"', 'eenheid = "dag"', "onbekende eenheid 'dag'"),
        ('definitie = "Aantal detentie-episodes', 'defintie = "Aantal detentie-episodes', "onbekende sleutel 'defintie'"),
    ],
)
def test_a_slip_in_the_catalogue_stops_loading(old, new, message):
    assert old in CATALOGUE
    with pytest.raises(MetadataError) as raised:
        parse_catalogue(CATALOGUE.replace(old, new, 1))
    assert message in str(raised.value) and str(raised.value).startswith("catalog.toml: ")
    assert raised.value.code == "metadata-ongeldig"


@pytest.mark.parametrize(
    "source, old, new, message",
    [
        ("detenties", 'end = "datum_ontslag"', 'end = "datum_ontslg"', "noemt geen twee datumvelden"),
        (
            "detenties",
            'synonyms = { m = "man", v = "vrouw", x = "anders" }',
            'synonyms = { m = "man", v = "vrouwen", x = "anders" }',
            "synoniem 'v' verwijst naar 'vrouwen'",
        ),
        ("huisvesting", 'type = "date"', 'type = "datum"', "onbekend type 'datum'"),
        (
            "begeleiding",
            'aliases = ["coach", "hands-on begeleider"]',
            'aliases = ["coach", "startdatum"]',
            "kolomkop 'startdatum' hoort bij twee velden",
        ),
    ],
)
def test_a_slip_in_a_schema_stops_loading(source, old, new, message):
    text = schema_text(source)
    assert old in text
    with pytest.raises(MetadataError) as raised:
        parse_schema(source, text.replace(old, new, 1))
    assert message in str(raised.value)


@pytest.fixture(scope="module")
def sample_results():
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.pipeline import read_exports, resolve_period

    prepared = read_exports(REPO / "sample_data")
    period = resolve_period(prepared, None)
    return period, compute(prepared.data.frames, period, prepared.data.latest_date(), prepared.config.gemeente)


def test_every_declared_additive_line_holds_on_the_sample(sample_results):
    """The unprotected figures satisfy every line the disclosure audit uses, in both periods; and
    every relation of the catalogue yields a line in P (none is dropped for a missing cell)."""
    from nazorg_cli.indicators.protection import _refs, build_model

    period, results = sample_results
    for periode in sorted({r.periode for r in results}):
        model = build_model([r for r in results if r.periode == periode])
        assert len(model.lines) > 50
        for line in model.lines:
            total = sum(coef * model.value(cell) for cell, coef in line.terms)
            assert total == 0 if line.kind == "eq" else total <= 0, [(c, model.value(c)) for c, _ in line.terms]
        if periode == period.label:
            for relation in relations():
                refs = _refs(relation.som + relation.gelijk_aan, periode, (None, None), None)
                assert all(key in model.units and cell in model.units[key].cells for key, cell in refs), relation
