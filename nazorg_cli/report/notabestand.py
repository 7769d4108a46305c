"""The note file (nota.toml): the college's texts, the Kerncijfers, the messages of chapter 3
(Consequenties), the streefwaarden. Missing text becomes a visible marker; what the note file
does not set comes from standaard.toml (the seed's structure).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from nazorg_cli.codes import refusal
from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.tomlfile import read_toml

HEADER_FIELDS = [
    ("onderwerp", "Onderwerp"),
    ("nummer", "Nummer"),
    ("portefeuillehouder", "Portefeuillehouder"),
    ("programma", "Programma/beleidsveld"),
    ("afdeling", "Afdeling"),
    ("auteur", "Auteur"),
    ("telefoonnummer", "Telefoonnummer"),
    ("email", "Email"),
]
KOP_KEYS = {k for k, _ in HEADER_FIELDS} | {"kernboodschap", "behandelvoorstel", "besluit_college_datum", "besluit_college"}
BESLUIT_KEYS = {"titel", "nummer", "datum"}
TEXT_KEYS = {"kernboodschap", "inleiding", "vervolg"}
# [tekst] keys of version 1, one per theme: their texts now belong to a [[consequentie]].
OLD_THEME_KEYS = {
    "uitstroom",
    "hands_on",
    "basisvoorwaarden",
    "huisvesting",
    "arbeid",
    "schulden_briefadres",
    "kwetsbare_groepen",
}
SECTIONS = {"kop", "eerdere_besluiten", "tekst", "kerncijfers", "consequentie", "streefwaarden", "weergave", "sjabloon"}
MAX_KERNCIJFERS = 8
RICHTINGEN = ("minimaal", "maximaal")


def marker(what: str) -> str:
    return f"[in te vullen: {what}]"


@dataclass(frozen=True)
class Consequentie:
    kop: str
    tekst: str | None
    indicatoren: tuple[str, ...]


@dataclass(frozen=True)
class Streefwaarde:
    waarde: float
    richting: str  # minimaal or maximaal


@cache
def standaard() -> dict:
    """standaard.toml: the default Kerncijfers, Consequenties and the monitor's charts."""
    return tomllib.loads(resources.files("nazorg_cli.report").joinpath("standaard.toml").read_text("utf-8"))


def _default_consequenties() -> list[Consequentie]:
    return [Consequentie(c["kop"], None, tuple(c["indicatoren"])) for c in standaard()["consequentie"]]


@dataclass
class Nota:
    kop: dict[str, str] = field(default_factory=dict)
    eerdere_besluiten: list[dict[str, str]] = field(default_factory=list)
    tekst: dict[str, str] = field(default_factory=dict)
    kerncijfers: list[str] = field(default_factory=lambda: list(standaard()["kerncijfers"]))
    consequenties: list[Consequentie] = field(default_factory=_default_consequenties)
    streefwaarden: dict[str, Streefwaarde] = field(default_factory=dict)
    # The drafted sentences stay beside the college's own text until the note file says otherwise.
    conceptzinnen: bool = True
    naam: str = "nota.toml"
    sjabloon: Path | None = None  # the Word house template, relative paths from the note file's folder

    def kopveld(self, key: str, label: str) -> str:
        value = (self.kop.get(key) or "").strip()
        return value or marker(label)

    def text(self, key: str) -> str | None:
        value = (self.tekst.get(key) or "").strip()
        return value or None


def load_nota(path: Path | None) -> Nota:
    """Read a nota.toml; without one every text is a marker and the structure the default."""
    if path is None:
        return Nota()
    if not path.is_file():
        raise refusal("configuratie", "nota-bestaat-niet", bestand=path.name)
    _, data = read_toml(path)
    name = path.name
    unknown = set(data) - SECTIONS
    if unknown:
        raise refusal("configuratie", "nota-sectie", bestand=name, sectie=sorted(unknown)[0])
    for section, allowed in (("kop", KOP_KEYS), ("tekst", TEXT_KEYS)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise refusal("configuratie", "nota-geen-tabel", bestand=name, sectie=section)
        for key, value in table.items():
            if section == "tekst" and key in OLD_THEME_KEYS:
                raise refusal("configuratie", "nota-thema-tekst", bestand=name, sleutel=key)
            if key not in allowed:
                raise refusal("configuratie", "nota-sleutel", bestand=name, sleutel=key, sectie=section)
            if not isinstance(value, str):
                raise refusal("configuratie", "nota-type", bestand=name, sleutel=key, sectie=section)
    besluiten = data.get("eerdere_besluiten", [])
    if not isinstance(besluiten, list) or not all(
        isinstance(b, dict) and set(b) <= BESLUIT_KEYS and all(isinstance(v, str) for v in b.values()) for b in besluiten
    ):
        raise refusal("configuratie", "nota-besluiten", bestand=name)
    nota = Nota(dict(data.get("kop", {})), [dict(b) for b in besluiten], dict(data.get("tekst", {})), naam=name)
    if "kerncijfers" in data:
        nota.kerncijfers = _kerncijfers(data["kerncijfers"], name)
    if "consequentie" in data:
        nota.consequenties = _consequenties(data["consequentie"], name)
    nota.streefwaarden = _streefwaarden(data.get("streefwaarden", {}), name)
    weergave = data.get("weergave", {})
    if not isinstance(weergave, dict) or set(weergave) - {"conceptzinnen"}:
        raise refusal(
            "configuratie",
            "nota-sleutel",
            bestand=name,
            sleutel=sorted(set(weergave) - {"conceptzinnen"})[0] if isinstance(weergave, dict) else "weergave",
            sectie="weergave",
        )
    if not isinstance(weergave.get("conceptzinnen", True), bool):
        raise refusal("configuratie", "nota-weergave", bestand=name)
    nota.conceptzinnen = weergave.get("conceptzinnen", True)
    if "sjabloon" in data:
        if not isinstance(data["sjabloon"], str) or not data["sjabloon"].strip():
            raise refusal("configuratie", "nota-sjabloon", bestand=name)
        nota.sjabloon = path.parent / data["sjabloon"].strip()
    return nota


def _indicator_list(value: object, name: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise refusal("configuratie", "nota-lijst", bestand=name, waar=where)
    for id in value:
        if id not in catalog():
            raise refusal("configuratie", "nota-indicator", bestand=name, indicator=id, waar=where)
    return list(dict.fromkeys(value))


def _kerncijfers(table: object, name: str) -> list[str]:
    if not isinstance(table, dict) or set(table) - {"indicatoren"}:
        raise refusal("configuratie", "nota-lijst", bestand=name, waar="indicatoren in [kerncijfers]")
    ids = _indicator_list(table.get("indicatoren", []), name, "indicatoren in [kerncijfers]")
    if len(ids) > MAX_KERNCIJFERS:
        raise refusal("configuratie", "nota-kerncijfers", bestand=name, aantal=len(ids), maximum=MAX_KERNCIJFERS)
    return ids


def _consequenties(blocks: object, name: str) -> list[Consequentie]:
    if not isinstance(blocks, list):
        raise refusal("configuratie", "nota-consequentie", bestand=name, nummer=1)
    out = []
    for number, block in enumerate(blocks, start=1):
        if (
            not isinstance(block, dict)
            or set(block) - {"kop", "tekst", "indicatoren"}
            or not isinstance(block.get("kop"), str)
            or not block["kop"].strip()
            or not isinstance(block.get("tekst", ""), str)
        ):
            raise refusal("configuratie", "nota-consequentie", bestand=name, nummer=number)
        ids = _indicator_list(block.get("indicatoren", []), name, f"[[consequentie]] {number}")
        out.append(Consequentie(block["kop"].strip(), (block.get("tekst") or "").strip() or None, tuple(ids)))
    return out


def _streefwaarden(table: object, name: str) -> dict[str, Streefwaarde]:
    if not isinstance(table, dict):
        raise refusal("configuratie", "nota-geen-tabel", bestand=name, sectie="streefwaarden")
    out = {}
    defs = catalog()
    for id, spec in table.items():
        if id not in defs:
            raise refusal("configuratie", "nota-indicator", bestand=name, indicator=id, waar="[streefwaarden]")
        percentage = defs[id].eenheid == "percentage"
        value = spec.get("waarde") if isinstance(spec, dict) else None
        sound = (
            isinstance(spec, dict)
            and set(spec) == {"waarde", "richting"}
            and spec["richting"] in RICHTINGEN
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            and value == value
            and value >= 0
            and (not percentage or value <= 100)
        )
        if not sound:
            raise refusal(
                "configuratie",
                "nota-streefwaarde",
                bestand=name,
                indicator=id,
                procent="; een percentage tussen 0 en 100" if percentage else "",
            )
        out[id] = Streefwaarde(float(value), spec["richting"])  # type: ignore[arg-type]
    return out
