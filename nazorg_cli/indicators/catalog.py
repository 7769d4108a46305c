"""The indicator catalogue, read from catalog.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


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

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "naam": self.naam,
            "eenheid": self.eenheid,
            "thema": self.thema,
            "bronnen": list(self.bronnen),
            "uitsplitsingen": list(self.uitsplitsingen),
            "definitie": self.definitie,
        }


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("nazorg_cli.indicators").joinpath("catalog.toml").read_text("utf-8"))


@cache
def catalog() -> dict[str, IndicatorDef]:
    """All indicators in catalogue order, by id."""
    out = {}
    for raw in _data()["indicator"]:
        out[raw["id"]] = IndicatorDef(
            id=raw["id"],
            naam=raw["naam"],
            eenheid=raw["eenheid"],
            thema=raw["thema"],
            bronnen=tuple(raw["bronnen"]),
            definitie=raw["definitie"],
            uitsplitsingen=tuple(raw.get("uitsplitsingen", ())),
            decimalen=raw.get("decimalen", 1 if raw["eenheid"] == "percentage" else 0),
            onderwerp=raw.get("onderwerp"),
        )
    return out


@dataclass(frozen=True)
class Relation:
    """The sum of the cells in ``som`` equals the sum of those in ``gelijk_aan``."""

    som: tuple[str, ...]
    gelijk_aan: tuple[str, ...]
    per_categorie: bool = False


def relations() -> list[Relation]:
    return [
        Relation(tuple(r["som"]), tuple(r["gelijk_aan"]), r.get("per_categorie", False)) for r in _data().get("samenhang", [])
    ]


def additive_breakdowns() -> set[str]:
    """Breakdowns whose categories add up to the total."""
    return {name for name, kind in _data()["uitsplitsingen"].items() if kind == "additief"}


def themes() -> dict[str, str]:
    """Theme key -> Dutch title, in the note's order."""
    return dict(_data()["themas"])
