"""nazorg.toml: discovery, defaults and validation with clear messages.

Looked for in the input folder, then the working directory, unless ``--config`` names one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from nazorg_cli.codes import refusal
from nazorg_cli.sources.loading import SourceSpec
from nazorg_cli.sources.schema import SOURCE_NAMES, all_schemas
from nazorg_cli.tomlfile import read_toml

CONFIG_NAME = "nazorg.toml"
TOP_KEYS = {
    "gemeente": str,
    "synthetisch": bool,
    "nota": str,
    "sleutelbestand": str,
    "uitvoer": str,
    "historie": str,
    "privacy": dict,
    "bronnen": dict,
    "kosten": dict,
    "uitsplitsingen": dict,
    "regio": dict,
}
REGIO_KEYS = {"naam": str, "gemeenten": list}
PRIVACY_KEYS = {"k": int}
UITSPLITSING_KEYS = {"publiceren": list, "leeftijdsklassen": list}
KOSTEN_POSTEN = ("hands_on", "kostwinners")
SOURCE_KEYS = {"bestand": str, "blad": str, "kolommen": dict, "ontbreekt": list}


@dataclass
class Config:
    path: Path | None = None
    gemeente: str | None = None
    synthetisch: bool = False
    nota: Path | None = None
    sleutelbestand: Path | None = None
    uitvoer: Path | None = None
    historie: Path | None = None
    k: int = 5
    # Budgets per post and calendar year, in euros (DOMAIN §4 v2: costs per traject and person).
    kosten: dict[str, dict[int, int]] = field(default_factory=dict)
    # [uitsplitsingen]: the uitsplitsingen published (None: all) and the lowest age of each age class
    publiceren: tuple[str, ...] | None = None
    leeftijdsklassen: tuple[int, ...] | None = None
    bronnen: dict[str, SourceSpec] = field(default_factory=dict)
    # [regio] (DOMAIN §8): the region's name and its gemeenten (a regional run), else None.
    regio: Regio | None = None

    def alone(self, gemeente: str) -> Config:
        """The configuration of ``--gemeente G``: as if nazorg.toml named only G."""
        return replace(self, gemeente=gemeente, regio=None)


@dataclass(frozen=True)
class Regio:
    naam: str
    gemeenten: tuple[str, ...]


def find_config(input_dir: Path | None, explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise refusal("configuratie", "bestaat-niet", bestand=explicit)
        return explicit
    for folder in (input_dir, Path.cwd()):
        if folder is not None and (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return None


def line_of(text: str, section: str | None, key: str) -> int | None:
    """The line (1-based) on which ``key`` is set inside table ``section`` (None: the top level)."""
    current = None
    pattern = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r")\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
        if header:
            current = header.group(1).replace('"', "")
            continue
        if current == section and pattern.match(line):
            return number
    return None


def _check(table: dict, allowed: dict, where: str, name: str, text: str = "", section: str | None = None) -> None:
    for key, value in table.items():
        line = line_of(text, section, key)
        at = f"{name}, regel {line}" if line else name
        if key not in allowed:
            raise refusal(
                "configuratie", "sleutel-onbekend", plaats=at, sleutel=key, waar=where, toegestaan=", ".join(sorted(allowed))
            )
        expected = allowed[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise refusal("configuratie", "sleutel-type", plaats=at, sleutel=key, waar=where, soort=_type_word(expected))


def _type_word(t: type) -> str:
    return {str: "tekst", bool: "true/false", int: "geheel getal", dict: "tabel", list: "lijst"}[t]


def load_config(input_dir: Path | None = None, explicit: Path | None = None) -> Config:
    """The validated configuration, or the defaults when there is no nazorg.toml."""
    path = find_config(input_dir, explicit)
    if path is None:
        return Config()
    text, data = read_toml(path)
    _check(data, TOP_KEYS, "het hoofdniveau", path.name, text)
    _check(data.get("privacy", {}), PRIVACY_KEYS, "[privacy]", path.name, text, "privacy")
    config = Config(path=path, gemeente=data.get("gemeente") or None, synthetisch=data.get("synthetisch", False))
    base = path.parent
    for key in ("nota", "sleutelbestand", "uitvoer", "historie"):
        if data.get(key):
            setattr(config, key, (base / Path(data[key]).expanduser()))
    k = data.get("privacy", {}).get("k", 5)
    if k < 2:
        raise refusal("configuratie", "k-te-klein", plaats=f"{path.name}, regel {line_of(text, 'privacy', 'k')}")
    config.k = k
    config.kosten = _kosten(data.get("kosten", {}), path.name, text)
    if "regio" in data:
        config.regio = _regio(data["regio"], config.gemeente, path.name, text)
    _check(data.get("uitsplitsingen", {}), UITSPLITSING_KEYS, "[uitsplitsingen]", path.name, text, "uitsplitsingen")
    config.publiceren, config.leeftijdsklassen = _breakdowns(data.get("uitsplitsingen", {}), path.name, text)
    fields_by_source = {s.name: set(s.field_names) for s in all_schemas()}
    for source, table in data.get("bronnen", {}).items():
        if source not in SOURCE_NAMES:
            raise refusal("configuratie", "bron-onbekend", bestand=path.name, bron=source, bronnen=", ".join(SOURCE_NAMES))
        if not isinstance(table, dict):
            raise refusal("configuratie", "bron-geen-tabel", bestand=path.name, bron=source)
        _check(table, SOURCE_KEYS, f"[bronnen.{source}]", path.name, text, f"bronnen.{source}")
        columns = table.get("kolommen", {})
        for header, target in columns.items():
            if target not in fields_by_source[source]:
                raise refusal("configuratie", "veld-onbekend", bestand=path.name, bron=source, kop=header, veld=target)
        absent = table.get("ontbreekt", [])
        for name in absent:
            if name not in fields_by_source[source]:
                raise refusal(
                    "configuratie",
                    "ontbreekt-onbekend",
                    bestand=path.name,
                    bron=source,
                    veld=name,
                    velden=", ".join(sorted(fields_by_source[source])),
                )
        config.bronnen[source] = SourceSpec(table.get("bestand"), table.get("blad"), dict(columns), tuple(absent))
    return config


def _breakdowns(table: dict, name: str, text: str) -> tuple[tuple[str, ...] | None, tuple[int, ...] | None]:
    """[uitsplitsingen]: ``publiceren = ["geslacht", "titel"]`` (the uitsplitsingen this gemeente
    publishes; a small gemeente may leave one out so that its totals stay visible) and
    ``leeftijdsklassen = [18, 25, 35, 50]`` (the lowest age of each class: 18-24 ... 50+)."""
    from nazorg_cli.indicators.catalog import breakdown_names

    known = breakdown_names()
    chosen = table.get("publiceren")
    if chosen is not None:
        for value in chosen:
            if value not in known:
                at = f"{name}, regel {line_of(text, 'uitsplitsingen', 'publiceren')}"
                raise refusal("configuratie", "uitsplitsing-onbekend", plaats=at, waarde=value, bekend=", ".join(known))
        chosen = tuple(dict.fromkeys(chosen))
    bounds = table.get("leeftijdsklassen")
    if bounds is not None:
        valid = (
            len(bounds) >= 1
            and all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 120 for b in bounds)
            and all(a < b for a, b in itertools.pairwise(bounds))
        )
        if not valid:
            at = f"{name}, regel {line_of(text, 'uitsplitsingen', 'leeftijdsklassen')}"
            raise refusal("configuratie", "leeftijdsklassen", plaats=at)
        bounds = tuple(bounds)
    return chosen, bounds


def _kosten(table: dict, name: str, text: str) -> dict[str, dict[int, int]]:
    """[kosten.hands_on] and [kosten.kostwinners]: one line per year, ``2019 = 250000``."""
    kosten: dict[str, dict[int, int]] = {}
    for post, years in table.items():
        at = name
        if post not in KOSTEN_POSTEN:
            raise refusal("configuratie", "kosten-onbekend", plaats=at, post=post)
        if not isinstance(years, dict):
            raise refusal("configuratie", "kosten-regel", plaats=at, post=post, sleutel=post)
        kosten[post] = {}
        for year, amount in years.items():
            line = line_of(text, f"kosten.{post}", year)
            at = f"{name}, regel {line}" if line else name
            if not re.fullmatch(r"(19|20)\d\d", year) or not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
                raise refusal("configuratie", "kosten-regel", plaats=at, post=post, sleutel=year)
            kosten[post][int(year)] = amount
    return kosten


def _regio(table: dict, gemeente: str | None, name: str, text: str) -> Regio:
    """[regio]: ``naam = "Zuid-Kennemerland"`` and ``gemeenten = ["Haarlem", ...]`` (DOMAIN §8):
    a name, and at least two different gemeenten (case, spaces and accents ignored), each with
    a folder name of its own; not together with a top-level gemeente."""
    from nazorg_cli.indicators.gemeenten import folder_name, normalise_gemeente

    _check(table, REGIO_KEYS, "[regio]", name, text, "regio")
    line = line_of(text, "regio", "gemeenten") or line_of(text, None, "regio")
    at = f"{name}, regel {line}" if line else name
    if gemeente:
        raise refusal("configuratie", "regio-en-gemeente", plaats=f"{name}, regel {line_of(text, None, 'gemeente')}")
    naam = str(table.get("naam", "")).strip()
    if not naam:
        raise refusal("configuratie", "regio-naam", plaats=at)
    gemeenten = table.get("gemeenten", [])
    if not all(isinstance(g, str) and g.strip() for g in gemeenten) or len(gemeenten) < 2:
        raise refusal("configuratie", "regio-gemeenten", plaats=at)
    seen: dict[tuple[str, str], str] = {}
    for g in gemeenten:
        for key in (("naam", normalise_gemeente(g)), ("map", folder_name(g))):
            if key in seen or key[1] in ("onbekend", "regio"):
                raise refusal("configuratie", "regio-dubbel", plaats=at, gemeente=g, ander=seen.get(key, key[1]))
            seen[key] = g
    return Regio(naam, tuple(g.strip() for g in gemeenten))
