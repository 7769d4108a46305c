"""The note file (nota.toml): the college's texts. Missing text becomes a visible marker."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nazorg_cli.errors import ConfigError

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
        raise ConfigError(f"Notabestand {path.name} bestaat niet.")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: ongeldige TOML ({exc}).") from None
    unknown = set(data) - {"kop", "eerdere_besluiten", "tekst"}
    if unknown:
        raise ConfigError(
            f"{path.name}: onbekende sectie {sorted(unknown)[0]!r}; gebruik [kop], [[eerdere_besluiten]] en [tekst]."
        )
    for section, allowed in (("kop", KOP_KEYS), ("tekst", TEXT_KEYS)):
        table = data.get(section, {})
        for key, value in table.items():
            if key not in allowed:
                raise ConfigError(f"{path.name}: onbekende sleutel '{key}' in [{section}].")
            if not isinstance(value, str):
                raise ConfigError(f"{path.name}: '{key}' in [{section}] moet tekst zijn.")
    besluiten = data.get("eerdere_besluiten", [])
    if not isinstance(besluiten, list) or not all(isinstance(b, dict) for b in besluiten):
        raise ConfigError(f"{path.name}: [[eerdere_besluiten]] moet een lijst van tabellen met titel en nummer zijn.")
    return Nota(dict(data.get("kop", {})), [dict(b) for b in besluiten], dict(data.get("tekst", {})))
