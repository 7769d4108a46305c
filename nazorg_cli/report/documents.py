"""Checks on the JSON that `nazorg render` is given: an indicatoren.json and a datakwaliteit.json
as nazorg wrote them, field by field, before anything is rendered from them.

A file edited by hand, truncated, or of another tool is refused with one Dutch sentence that
names the record and the field; nothing in it reaches a template unchecked (an unknown category
or a period that is no period cannot end up in the note).
"""

from __future__ import annotations

import re
from datetime import date

from nazorg_cli.codes import refusal
from nazorg_cli.indicators.catalog import catalog, categories

VERSIE = 2
STATUSES = {"ok", "onderdrukt", "geen_gegevens", "voorlopig"}
REDENEN = {None, "primair", "secundair"}
OORDELEN = {"hoger", "lager", "gelijk", "onzeker", "geen"}
PUBLICATIES = {"openbaar", "intern"}
_PERIODE = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
COUNT_FIELDS = ("teller", "noemer", "onbekend", "open")
TEXT_OR_NONE = (str, type(None))


def _is_date(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _is_count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _is_number(value: object) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool) and value == value)


def check_document(document: object, name: str) -> dict:
    """The document, if it is an indicatoren.json of this version whose every record is sound."""
    required = {"versie", "periode", "peildatum", "publicatie", "indicatoren"}
    if not isinstance(document, dict) or not required <= set(document):
        raise refusal("onleesbaar", "geen-indicatoren", bestand=name)
    if document["versie"] != VERSIE:
        raise refusal("onleesbaar", "versie", bestand=name, versie=repr(document["versie"]), verwacht=VERSIE)

    def bad(where: str):
        return refusal("onleesbaar", "veld-ongeldig", bestand=name, waar=where)

    periode = document["periode"]
    if not isinstance(periode, dict) or not all(_is_date(periode.get(k)) for k in ("van", "tot_en_met")):
        raise bad("'periode'")
    if not _is_date(document["peildatum"]):
        raise bad("'peildatum'")
    if document["publicatie"] not in PUBLICATIES:
        raise bad("'publicatie'")
    if not isinstance(document.get("gemeente"), TEXT_OR_NONE):
        raise bad("'gemeente'")
    if not isinstance(document.get("synthetisch", False), bool):
        raise bad("'synthetisch'")
    regio = document.get("regio")
    if regio is not None and not (
        isinstance(regio, dict)
        and isinstance(regio.get("naam"), str)
        and isinstance(regio.get("gemeenten"), list)
        and all(isinstance(g, str) for g in regio["gemeenten"])
    ):
        raise bad("'regio'")
    parts = {None, "onbekend", *regio["gemeenten"]} if regio else {None}
    for key in ("indicatoren", "historie"):
        records = document.get(key, [])
        if not isinstance(records, list):
            raise bad(f"'{key}'")
        for number, record in enumerate(records, start=1):
            _check_record(record, f"'{key}', record {number}", bad)
            if record.get("gemeente") not in parts:
                raise bad(f"'{key}', record {number}, veld 'gemeente'")
    return document


def _check_record(record: object, where: str, bad) -> None:
    defs = catalog()
    if not isinstance(record, dict) or record.get("id") not in defs:
        raise bad(f"{where} (onbekende indicator)")
    definition = defs[record["id"]]
    match = _PERIODE.match(str(record.get("periode")))
    if not isinstance(record.get("periode"), str) or not match or not all(_is_date(d) for d in match.groups()):
        raise bad(f"{where}, veld 'periode'")
    uitsplitsing, categorie = record.get("uitsplitsing"), record.get("categorie")
    if uitsplitsing is None:
        if categorie is not None:
            raise bad(f"{where}, veld 'categorie'")
    elif uitsplitsing not in definition.uitsplitsingen or not _known_category(uitsplitsing, categorie):
        raise bad(f"{where}, veld 'uitsplitsing' of 'categorie'")
    if record.get("status") not in STATUSES:
        raise bad(f"{where}, veld 'status'")
    if not _is_number(record.get("waarde")):
        raise bad(f"{where}, veld 'waarde'")
    for field in COUNT_FIELDS:
        if not _is_count(record.get(field)):
            raise bad(f"{where}, veld '{field}'")
    for field in ("naam", "eenheid"):
        if not isinstance(record.get(field), str):
            raise bad(f"{where}, veld '{field}'")
    if record.get("reden") not in REDENEN:
        raise bad(f"{where}, veld 'reden'")
    vergelijking = record.get("vergelijking")
    if vergelijking is not None and not (
        isinstance(vergelijking, dict)
        and _PERIODE.match(str(vergelijking.get("periode")))
        and _is_number(vergelijking.get("waarde"))
        and _is_number(vergelijking.get("z"))
        and vergelijking.get("oordeel") in OORDELEN
    ):
        raise bad(f"{where}, veld 'vergelijking'")


# An age class as nazorg.toml's bounds make it: 18-24, 50+, 18 (a class of one year).
_AGE_CLASS = re.compile(r"^\d{1,3}(-\d{1,3}|\+)?$")


def _known_category(uitsplitsing: str, categorie: object) -> bool:
    """A category of the catalogue; for leeftijdsklasse any age class (the bounds are the
    gemeente's choice in nazorg.toml, which render does not read)."""
    if uitsplitsing == "leeftijdsklasse" and isinstance(categorie, str) and _AGE_CLASS.match(categorie):
        return True
    return categorie in categories(uitsplitsing)


def check_quality(quality: object, name: str) -> dict:
    """The content of a datakwaliteit.json, if it has the shape nazorg writes."""

    def bad(where: str):
        return refusal("onleesbaar", "kwaliteit-ongeldig", bestand=name, waar=where)

    if not isinstance(quality, dict) or not isinstance(quality.get("bronnen"), list):
        raise bad("'bronnen'")
    if not isinstance(quality.get("bevindingen"), list):
        raise bad("'bevindingen'")
    for number, source in enumerate(quality["bronnen"], start=1):
        if not isinstance(source, dict) or not isinstance(source.get("bron"), str):
            raise bad(f"bron {number}")
        if not isinstance(source.get("bestand"), TEXT_OR_NONE):
            raise bad(f"bron {number}, veld 'bestand'")
        for field in ("rijen_gelezen", "rijen_geaccepteerd", "rijen_afgekeurd", "duplicaten"):
            if not _is_count(source.get(field)) or source.get(field) is None:
                raise bad(f"bron {number}, veld '{field}'")
    for number, finding in enumerate(quality["bevindingen"], start=1):
        if not isinstance(finding, dict) or not all(isinstance(finding.get(k), str) for k in ("bron", "code", "ernst")):
            raise bad(f"bevinding {number}")
    return quality
