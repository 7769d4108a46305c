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
    data = tomllib.loads(text)
    fields = []
    for raw in data["field"]:
        if raw["type"] not in FIELD_TYPES:
            raise ValueError(f"schema {name}: unknown type {raw['type']!r}")
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
    orders = tuple(DateOrder(o["start"], o["end"]) for o in data.get("order", ()))
    return Schema(name, data["title"], tuple(data["files"]), tuple(fields), orders)


def all_schemas() -> list[Schema]:
    return [load_schema(n) for n in SOURCE_NAMES]
