"""What the exports must carry for the figures to be right (DOMAIN §3 v2, "No silent wrong numbers").

A column that an indicator needs (its catalogue ``velden``: without it the figure would be wrong,
not unknown) must have been found in its export, unless nazorg.toml says the export lacks it
(``ontbreekt``; those indicators are then geen_gegevens). A configured gemeente needs a gemeente
column in detenties and at least one episode of that gemeente.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from nazorg_cli.indicators.catalog import catalog
from nazorg_cli.sources.schema import load_schema, normalise_header


@dataclass(frozen=True)
class MissingColumn:
    bron: str
    veld: str
    bestand: str
    indicatoren: tuple[str, ...]  # their Dutch names
    gevonden: tuple[str, ...]  # the headers the export has
    suggestie: str | None  # the closest header, if one is close


def needed_fields(gemeente: str | None) -> dict[tuple[str, str], list[str]]:
    """(bron, veld) -> ids of the indicators that need it; with a gemeente, detenties.gemeente
    is needed by every indicator that reads detenties."""
    needed: dict[tuple[str, str], list[str]] = {}
    for definition in catalog().values():
        for ref in definition.velden:
            source, _, name = ref.partition(".")
            needed.setdefault((source, name), []).append(definition.id)
        if gemeente and "detenties" in definition.bronnen:
            needed.setdefault(("detenties", "gemeente"), []).append(definition.id)
    return needed


def check_columns(
    accounts: dict, absent: dict[str, tuple[str, ...]], gemeente: str | None
) -> tuple[list[MissingColumn], set[str]]:
    """(columns that are missing and not declared absent, ids of the indicators that cannot be
    computed because a column is declared absent). ``accounts``: bron -> SourceAccount of the
    sources that were read."""
    defs = catalog()
    missing: list[MissingColumn] = []
    unavailable: set[str] = set()
    for (source, name), ids in needed_fields(gemeente).items():
        account = accounts.get(source)
        if account is None or not account.bestand or name in account.kolommen:
            continue  # an absent source already makes its indicators geen_gegevens
        if name in absent.get(source, ()):
            unavailable.update(ids)
            continue
        found = tuple(account.kolommen.values()) + tuple(account.onbekende_kolommen)
        missing.append(
            MissingColumn(
                source,
                name,
                account.bestand,
                tuple(defs[i].naam for i in ids),
                found,
                closest_header(source, name, account.onbekende_kolommen),
            )
        )
    return missing, unavailable


def closest_header(source: str, name: str, headers: list[str]) -> str | None:
    """The unused header most like the field's name or one of its aliases, if any is close."""
    keys = load_schema(source).field(name).header_keys()
    best, score = None, 0.0
    for header in headers:
        key = normalise_header(header)
        ratio = max(difflib.SequenceMatcher(None, key, k).ratio() for k in keys)
        if ratio > score:
            best, score = header, ratio
    return best if score >= 0.5 else None


def gemeenten_found(values) -> list[tuple[str, int]]:
    """The gemeenten in detenties with their number of episodes, most first (as written);
    counted per distinct value, not per row."""
    import pandas as pd

    counts: Counter[str] = Counter()
    for value, n in pd.Series(values).value_counts(dropna=True).items():
        name = str(value).strip()
        if name:
            counts[name] += int(n)
    return counts.most_common()
