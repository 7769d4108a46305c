"""The note file (nota.toml): the college's texts. Missing text becomes a visible marker."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nazorg_cli.codes import refusal
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
TEXT_KEYS = {
    "kernboodschap",
    "inleiding",
    "hands_on",
    "basisvoorwaarden",
    "huisvesting",
    "arbeid",
    "schulden_briefadres",
    "kwetsbare_groepen",
    "uitstroom",
    "vervolg",
}


def marker(what: str) -> str:
    return f"[in te vullen: {what}]"


@dataclass
class Nota:
    kop: dict[str, str] = field(default_factory=dict)
    eerdere_besluiten: list[dict[str, str]] = field(default_factory=list)
    tekst: dict[str, str] = field(default_factory=dict)

    def kopveld(self, key: str, label: str) -> str:
        value = (self.kop.get(key) or "").strip()
        return value or marker(label)

    def text(self, key: str) -> str | None:
        value = (self.tekst.get(key) or "").strip()
        return value or None


def load_nota(path: Path | None) -> Nota:
    """Read a nota.toml; without one every text is a marker."""
    if path is None:
        return Nota()
    if not path.is_file():
        raise refusal("configuratie", "nota-bestaat-niet", bestand=path.name)
    _, data = read_toml(path)
    unknown = set(data) - {"kop", "eerdere_besluiten", "tekst"}
    if unknown:
        raise refusal("configuratie", "nota-sectie", bestand=path.name, sectie=sorted(unknown)[0])
    for section, allowed in (("kop", KOP_KEYS), ("tekst", TEXT_KEYS)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise refusal("configuratie", "nota-geen-tabel", bestand=path.name, sectie=section)
        for key, value in table.items():
            if key not in allowed:
                raise refusal("configuratie", "nota-sleutel", bestand=path.name, sleutel=key, sectie=section)
            if not isinstance(value, str):
                raise refusal("configuratie", "nota-type", bestand=path.name, sleutel=key, sectie=section)
    besluiten = data.get("eerdere_besluiten", [])
    if not isinstance(besluiten, list) or not all(
        isinstance(b, dict) and set(b) <= BESLUIT_KEYS and all(isinstance(v, str) for v in b.values()) for b in besluiten
    ):
        raise refusal("configuratie", "nota-besluiten", bestand=path.name)
    return Nota(dict(data.get("kop", {})), [dict(b) for b in besluiten], dict(data.get("tekst", {})))
