"""The indicator catalogue, read from catalog.toml and checked as it loads.

Metadata is data, so a slip in it must stop loading instead of quietly changing a figure or its
protection: every theme, source, unit, uitsplitsing, category and cell named anywhere must exist
(a relation with a misspelt indicator would otherwise drop lines from the disclosure audit).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nazorg_cli.codes import refusal
from nazorg_cli.errors import NazorgError
from nazorg_cli.sources.schema import SOURCE_NAMES, load_schema

EENHEDEN = ("aantal", "percentage", "dagen", "bedrag")
# The cells of a record that lines of the disclosure audit may name, by unit.
CELLS = {"percentage": ("teller", "rest", "noemer", "onbekend", "open"), "aantal": ("waarde", "open")}
# additief: the categories add up to the total in every cell; tellers: only the tellers add up
# (each category's noemer and open are the total's, as for soort_werk); overlappend: no sum holds.
UITSPLITSING_SOORTEN = ("additief", "tellers", "overlappend")
INDICATOR_KEYS = {
    "id",
    "naam",
    "onderwerp",
    "eenheid",
    "thema",
    "bronnen",
    "uitsplitsingen",
    "definitie",
    "decimalen",
    "velden",
    "venster",
}
_REF = re.compile(r"^(?P<id>[a-z0-9_]+)(?:\[(?P<uitsplitsing>[a-z_]+)=(?P<categorie>[^\]]+)\])?\.(?P<cel>[a-z]+)$")


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    naam: str
    eenheid: str
    thema: str
    bronnen: tuple[str, ...]
    definitie: str
    uitsplitsingen: tuple[str, ...] = ()
    decimalen: int = 0
    onderwerp: str | None = None
    # "bron.veld": columns without which the figure would be wrong rather than unknown (an
    # absent datum_ontslag makes uitstroom 0); the run stops when an export lacks one.
    velden: tuple[str, ...] = ()
    # The follow-up window W (DOMAIN §4 v2): days after the event, and the event in words.
    venster: tuple[int, str] | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "naam": self.naam,
            "eenheid": self.eenheid,
            "thema": self.thema,
            "bronnen": list(self.bronnen),
            "uitsplitsingen": list(self.uitsplitsingen),
            "definitie": self.definitie,
            "venster": None if self.venster is None else {"dagen": self.venster[0], "na": self.venster[1]},
        }


@dataclass(frozen=True)
class Relation:
    """The sum of the cells in ``som`` equals the sum of those in ``gelijk_aan``."""

    som: tuple[str, ...]
    gelijk_aan: tuple[str, ...]
    per_categorie: bool = False


@dataclass(frozen=True)
class Catalogue:
    themes: dict[str, str]
    breakdowns: dict[str, tuple[str, tuple[str, ...]]]  # name -> (soort, categories)
    indicators: dict[str, IndicatorDef]
    relations: tuple[Relation, ...]


def parse_catalogue(text: str, name: str = "catalog.toml") -> Catalogue:
    """The catalogue in ``text``, checked; MetadataError names the first slip."""

    def fail(message: str) -> NazorgError:
        return refusal("metadata-ongeldig", bestand=name, fout=message)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"ongeldige TOML ({exc}).") from None
    themes = data.get("themas")
    if not isinstance(themes, dict) or not themes:
        raise fail("[themas] ontbreekt of is leeg.")
    breakdowns: dict[str, tuple[str, tuple[str, ...]]] = {}
    for key, spec in data.get("uitsplitsingen", {}).items():
        if not isinstance(spec, dict) or spec.get("soort") not in UITSPLITSING_SOORTEN or not spec.get("categorieen"):
            raise fail(f"[uitsplitsingen.{key}] heeft een soort ({' of '.join(UITSPLITSING_SOORTEN)}) en categorieen nodig.")
        categories = tuple(spec["categorieen"])
        if len(set(categories)) != len(categories):
            raise fail(f"[uitsplitsingen.{key}] noemt een categorie twee keer.")
        breakdowns[key] = (spec["soort"], categories)

    indicators: dict[str, IndicatorDef] = {}
    for raw in data.get("indicator", []):
        id = raw.get("id")
        where = f"indicator '{id}'"
        if not id or id in indicators:
            raise fail(f"{where}: id ontbreekt of komt twee keer voor.")
        unknown = set(raw) - INDICATOR_KEYS
        if unknown:
            raise fail(f"{where}: onbekende sleutel '{sorted(unknown)[0]}'.")
        for key in ("naam", "eenheid", "thema", "bronnen", "definitie"):
            if not raw.get(key):
                raise fail(f"{where}: '{key}' ontbreekt.")
        if raw["eenheid"] not in EENHEDEN:
            raise fail(f"{where}: onbekende eenheid '{raw['eenheid']}'; kies uit {', '.join(EENHEDEN)}.")
        if raw["thema"] not in themes:
            raise fail(f"{where}: onbekend thema '{raw['thema']}'; thema's: {', '.join(themes)}.")
        for source in raw["bronnen"]:
            if source not in SOURCE_NAMES:
                raise fail(f"{where}: onbekende bron '{source}'; bronnen: {', '.join(SOURCE_NAMES)}.")
        for ref in raw.get("velden", ()):
            source, _, field_name = ref.partition(".")
            if source not in raw["bronnen"] or field_name not in load_schema(source).field_names:
                raise fail(f"{where}: veld '{ref}' is geen veld van een van zijn bronnen.")
        for breakdown in raw.get("uitsplitsingen", ()):
            if breakdown not in breakdowns:
                raise fail(f"{where}: onbekende uitsplitsing '{breakdown}'; uitsplitsingen: {', '.join(breakdowns)}.")
        venster = raw.get("venster")
        if venster is not None and (
            not isinstance(venster, dict)
            or set(venster) != {"dagen", "na"}
            or not isinstance(venster["dagen"], int)
            or not isinstance(venster["na"], str)
        ):
            raise fail(f'{where}: venster heeft de vorm {{ dagen = 90, na = "ontslag" }}.')
        indicators[id] = IndicatorDef(
            id=id,
            naam=raw["naam"],
            eenheid=raw["eenheid"],
            thema=raw["thema"],
            bronnen=tuple(raw["bronnen"]),
            definitie=raw["definitie"],
            uitsplitsingen=tuple(raw.get("uitsplitsingen", ())),
            decimalen=raw.get("decimalen", 1 if raw["eenheid"] == "percentage" else 0),
            onderwerp=raw.get("onderwerp"),
            velden=tuple(raw.get("velden", ())),
            venster=None if venster is None else (venster["dagen"], venster["na"]),
        )

    relations = []
    for number, raw in enumerate(data.get("samenhang", []), start=1):
        where = f"[[samenhang]] nummer {number}"
        if not raw.get("som") or not raw.get("gelijk_aan"):
            raise fail(f"{where}: 'som' en 'gelijk_aan' zijn allebei nodig.")
        relation = Relation(tuple(raw["som"]), tuple(raw["gelijk_aan"]), bool(raw.get("per_categorie", False)))
        for ref in relation.som + relation.gelijk_aan:
            _check_ref(ref, relation.per_categorie, indicators, breakdowns, f"{where}: '{ref}'", fail)
        relations.append(relation)
    return Catalogue(dict(themes), breakdowns, indicators, tuple(relations))


def _check_ref(ref: str, per_categorie: bool, indicators: dict, breakdowns: dict, where: str, fail) -> None:
    match = _REF.match(ref)
    if not match:
        raise fail(f"{where} is geen celverwijzing als 'id.veld' of 'id[uitsplitsing=categorie].veld'.")
    id, uitsplitsing, categorie, cel = match["id"], match["uitsplitsing"], match["categorie"], match["cel"]
    if id not in indicators:
        raise fail(f"{where}: onbekende indicator '{id}'.")
    definition = indicators[id]
    if cel not in CELLS.get(definition.eenheid, ()):
        allowed = ", ".join(CELLS.get(definition.eenheid, ())) or "geen (deze eenheid telt niet op)"
        raise fail(f"{where}: {id} ({definition.eenheid}) heeft geen cel '{cel}'; wel: {allowed}.")
    if uitsplitsing is not None:
        if uitsplitsing not in definition.uitsplitsingen:
            raise fail(f"{where}: {id} heeft geen uitsplitsing '{uitsplitsing}'.")
        if categorie not in breakdowns[uitsplitsing][1]:
            raise fail(f"{where}: uitsplitsing {uitsplitsing} heeft geen categorie '{categorie}'.")
    if per_categorie and not definition.uitsplitsingen:
        raise fail(f"{where}: per_categorie vraagt om een indicator met uitsplitsingen, en {id} heeft er geen.")


@cache
def _catalogue() -> Catalogue:
    text = resources.files("nazorg_cli.indicators").joinpath("catalog.toml").read_text("utf-8")
    return parse_catalogue(text)


def catalog() -> dict[str, IndicatorDef]:
    """All indicators in catalogue order, by id."""
    return _catalogue().indicators


def relations() -> list[Relation]:
    return list(_catalogue().relations)


def categories(breakdown: str) -> tuple[str, ...]:
    """The categories of an uitsplitsing, in the order the tables show them (the age classes as
    nazorg.toml sets them)."""
    if breakdown == "leeftijdsklasse":
        return (*(label for _, _, label in age_classes()), "onbekend")
    return _catalogue().breakdowns[breakdown][1]


DEFAULT_AGE_BOUNDS = (18, 25, 35, 50)
# What nazorg.toml's [uitsplitsingen] sets for one run (see configured): the lowest age of each
# age class, and the uitsplitsingen published (None: all).
_SETTINGS: dict = {"leeftijdsklassen": DEFAULT_AGE_BOUNDS, "publiceren": None}


def age_classes(bounds: tuple[int, ...] | None = None) -> list[tuple[int, int, str]]:
    """(lowest, highest age, label) per age class: 18, 25, 35, 50 gives 18-24, 25-34, 35-49, 50+."""
    bounds = bounds or _SETTINGS["leeftijdsklassen"]
    classes = []
    for i, low in enumerate(bounds):
        if i + 1 < len(bounds):
            high = bounds[i + 1] - 1
            classes.append((low, high, f"{low}-{high}" if high > low else str(low)))
        else:
            classes.append((low, 200, f"{low}+"))
    return classes


def published(breakdown: str | None) -> bool:
    """Whether records of this uitsplitsing are published in this run (a total always is)."""
    chosen = _SETTINGS["publiceren"]
    return breakdown is None or chosen is None or breakdown in chosen


@contextmanager
def configured(leeftijdsklassen: tuple[int, ...] | None = None, publiceren: tuple[str, ...] | None = None) -> Iterator[None]:
    """The age classes and published uitsplitsingen of one run (nazorg.toml), for the computations
    inside the block (and the processes forked there); the defaults again after it."""
    before = dict(_SETTINGS)
    _SETTINGS.update(leeftijdsklassen=leeftijdsklassen or DEFAULT_AGE_BOUNDS, publiceren=publiceren)
    try:
        yield
    finally:
        _SETTINGS.update(before)


def breakdown_names() -> list[str]:
    """Every uitsplitsing of the catalogue, alphabetically."""
    return sorted(_catalogue().breakdowns)


def additive_breakdowns() -> set[str]:
    """Breakdowns whose categories add up to the total."""
    return {name for name, (soort, _) in _catalogue().breakdowns.items() if soort == "additief"}


def teller_breakdowns() -> set[str]:
    """Breakdowns whose tellers add up to the total's, each category sharing its noemer."""
    return {name for name, (soort, _) in _catalogue().breakdowns.items() if soort == "tellers"}


def themes() -> dict[str, str]:
    """Theme key -> Dutch title, in the note's order."""
    return dict(_catalogue().themes)
