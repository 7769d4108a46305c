"""The peildatum as a real cut-off (DOMAIN §2 "Peildatum", v2).

Every date after the peildatum is treated as not yet known: a row whose defining date lies after
it is left out; any other date after it reads as empty, and so does the status or outcome
recorded with that date. The result is the data as it would have been exported on the peildatum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from nazorg_cli.sources.schema import load_schema

# The date that decides whether a row exists yet. huisvesting: datum_voordracht, or
# datum_plaatsing where there is no voordracht.
DEFINING: dict[str, tuple[str, ...]] = {
    "detenties": ("datum_insluiting",),
    "casussen": ("datum_aanmelding",),
    "begeleiding": ("datum_start",),
    "huisvesting": ("datum_voordracht", "datum_plaatsing"),
    "kostwinners": ("datum_start",),
    "schuldhulp": ("datum_aanmelding",),
    "briefadres": ("datum_aanvraag",),
}

# Values recorded with a date: when the date is cut, the value reads as what it was before.
# A value None empties the field; a string replaces it.
RECORDED_WITH: dict[str, dict[str, dict[str, str | None]]] = {
    "begeleiding": {"datum_einde": {"uitkomst": "lopend"}},
    "briefadres": {"datum_besluit": {"besluit": None}},
    "kostwinners": {"datum_werk": {"soort_werk": None, "werk_na_6_maanden": None}, "datum_einde": {"reden_einde": None}},
}


@dataclass
class Cut:
    """What the cut-off removed from one source: whole rows and single values."""

    rijen: int = 0
    waarden: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.rijen == 0 and not any(self.waarden.values())


def defining_date(name: str, frame: pd.DataFrame) -> pd.Series | None:
    """The defining date of every row of ``frame`` (NaT where the row has none)."""
    columns = [c for c in DEFINING.get(name, ()) if c in frame]
    if not columns:
        return None
    result = frame[columns[0]]
    for column in columns[1:]:
        result = result.fillna(frame[column])
    return result


def cut_at(frames: dict[str, pd.DataFrame], peildatum: date) -> tuple[dict[str, pd.DataFrame], dict[str, Cut]]:
    """The frames as known on ``peildatum``, with per source what was cut."""
    limit = pd.Timestamp(peildatum)
    result: dict[str, pd.DataFrame] = {}
    cuts: dict[str, Cut] = {}
    for name, frame in frames.items():
        cut = Cut()
        defining = defining_date(name, frame)
        if defining is not None:
            later = (defining > limit).to_numpy()
            if later.any():
                cut.rijen = int(later.sum())
                frame = frame.loc[~later]
        dates = [c for c in load_schema(name).date_fields if c in frame and c != "geboortedatum"]
        changed: dict[str, pd.Series] = {}
        for column in dates:
            after = frame[column] > limit
            if not after.any():
                continue
            cut.waarden[column] = int(after.sum())
            changed[column] = frame[column].mask(after)
            for value_column, replacement in RECORDED_WITH.get(name, {}).get(column, {}).items():
                if value_column not in frame:
                    continue
                filled = after & frame[value_column].notna()
                if filled.any():
                    cut.waarden[value_column] = cut.waarden.get(value_column, 0) + int(filled.sum())
                    changed[value_column] = _with(frame[value_column], replacement).mask(filled, replacement)
            if name == "huisvesting" and column == "datum_plaatsing" and "status" in frame:
                placed = after & (frame["status"] == "geplaatst")
                if placed.any():
                    cut.waarden["status"] = int(placed.sum())
                    changed["status"] = _with(frame["status"], "voorgedragen").mask(placed, "voorgedragen")
        if changed:
            frame = frame.assign(**changed)
        result[name] = frame
        cuts[name] = cut
    return result, cuts


def _with(values: pd.Series, replacement: str | None) -> pd.Series:
    """``values``, able to hold ``replacement`` (a categorical column gains the category)."""
    if replacement is not None and isinstance(values.dtype, pd.CategoricalDtype) and replacement not in values.cat.categories:
        return values.cat.add_categories([replacement])
    return values
