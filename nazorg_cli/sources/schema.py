"""Source schemas, declared as data in ``schemas/*.toml`` (DOMAIN §3)."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources

SOURCE_NAMES = ("detenties", "casussen", "begeleiding", "huisvesting", "kostwinners", "schuldhulp", "briefadres")
FIELD_TYPES = ("id", "date", "bool", "status", "enum", "int", "text")
DEFAULT_MIN_DATE = date(1990, 1, 1)


def normalise_header(text: object) -> str:
    """Header key: case, spaces, ``_``, ``-``, ``.`` and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c not in " _-.\t\n\r\u00a0")


def normalise_value(text: str) -> str:
    """Enum key: case-insensitive, spaces and underscores equal."""
    return " ".join(str(text).strip().casefold().replace("_", " ").split())


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    min_date: date = DEFAULT_MIN_DATE

    def header_keys(self) -> set[str]:
        return {normalise_header(self.name), *(normalise_header(a) for a in self.aliases)}

    def enum_lookup(self) -> dict[str, str]:
        """Normalised input value -> canonical value, for enum fields."""
        table = {normalise_value(v): v for v in self.values}
        table.update({normalise_value(k): v for k, v in self.synonyms.items()})
        return table


@dataclass(frozen=True)
class DateOrder:
    start: str
    end: str


@dataclass(frozen=True)
class Schema:
    name: str
    title: str
    files: tuple[str, ...]
    fields: tuple[Field, ...]
    orders: tuple[DateOrder, ...]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def date_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.type == "date"]


@cache
def load_schema(name: str) -> Schema:
    """The schema of one source, by its canonical name."""
    text = resources.files("nazorg_cli.sources").joinpath("schemas", f"{name}.toml").read_text("utf-8")
    return parse_schema(name, text)


FIELD_KEYS = {"name", "type", "required", "aliases", "values", "synonyms", "min_date"}


def parse_schema(name: str, text: str) -> Schema:
    """A source schema from its TOML, checked: known types and keys, enum values with synonyms
    that map onto them, no header claimed by two fields, date orders that name date fields."""
    from nazorg_cli.codes import refusal

    def fail(message: str):
        return refusal("metadata-ongeldig", bestand=f"schema {name}.toml", fout=message)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"ongeldige TOML ({exc}).") from None
    if not data.get("title") or not data.get("files") or not data.get("field"):
        raise fail("'title', 'files' en [[field]] zijn nodig.")
    fields = []
    for raw in data["field"]:
        where = f"veld '{raw.get('name')}'"
        if not raw.get("name") or raw.get("type") not in FIELD_TYPES:
            raise fail(f"{where}: naam ontbreekt of onbekend type '{raw.get('type')}'; typen: {', '.join(FIELD_TYPES)}.")
        if set(raw) - FIELD_KEYS:
            raise fail(f"{where}: onbekende sleutel '{sorted(set(raw) - FIELD_KEYS)[0]}'.")
        if raw["type"] == "enum" and not raw.get("values"):
            raise fail(f"{where}: een enum heeft 'values' nodig.")
        for synonym, value in raw.get("synonyms", {}).items():
            if value not in raw.get("values", ()):
                raise fail(f"{where}: synoniem '{synonym}' verwijst naar '{value}', dat niet in 'values' staat.")
        fields.append(
            Field(
                name=raw["name"],
                type=raw["type"],
                required=raw.get("required", False),
                aliases=tuple(raw.get("aliases", ())),
                values=tuple(raw.get("values", ())),
                synonyms=dict(raw.get("synonyms", {})),
                min_date=date.fromisoformat(raw["min_date"]) if "min_date" in raw else DEFAULT_MIN_DATE,
            )
        )
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise fail("een veld staat er twee keer in.")
    claimed: dict[str, str] = {}
    for f in fields:
        for key in f.header_keys():
            if claimed.setdefault(key, f.name) != f.name:
                raise fail(f"kolomkop '{key}' hoort bij twee velden: {claimed[key]} en {f.name}.")
    dates = {f.name for f in fields if f.type == "date"}
    orders = tuple(DateOrder(o.get("start", ""), o.get("end", "")) for o in data.get("order", ()))
    for order in orders:
        if order.start not in dates or order.end not in dates:
            raise fail(f"[[order]] {order.start} .. {order.end} noemt geen twee datumvelden van deze bron.")
    return Schema(name, data["title"], tuple(data["files"]), tuple(fields), orders)


def all_schemas() -> list[Schema]:
    return [load_schema(n) for n in SOURCE_NAMES]
