"""Which gemeente every row counts for (DOMAIN §2 "Gemeente", v2).

An episode counts for the gemeente in its own field. A row of any other source counts for its own
``gemeente`` field where the source has one and it is filled; else for the gemeente of its
person's latest episode with datum_insluiting on or before the row's defining date, or, when
there is none, of the person's earliest episode; else its gemeente is unknown (empty). With a
gemeente G configured a row counts when its gemeente is G (case, spaces and accents ignored) or
empty; the rest is left out and counted per source. Attribution uses the data as cut at the
peildatum.

Gemeenten are handled as whole-number codes (0: empty or unknown), one per normalised name, so
the work on hundreds of thousands of rows stays in numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nazorg_cli.indicators.gemeenten import normalise_gemeente
from nazorg_cli.sources.cutoff import defining_date
from nazorg_cli.sources.loading import ROW

UNKNOWN = 0


def _codes(values: pd.Series | None, size: int, names: dict[str, int]) -> np.ndarray:
    """The code of every value's normalised name (UNKNOWN for empty), one call per distinct name."""
    if values is None:
        return np.zeros(size, dtype=np.int64)
    found, distinct = pd.factorize(values, use_na_sentinel=True)
    lookup = []
    for name in distinct:
        key = normalise_gemeente(name)
        lookup.append(names.setdefault(key, len(names)) if key else UNKNOWN)
    return np.array([*lookup, UNKNOWN], dtype=np.int64)[found]


def gemeente_codes(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """(per source the gemeente code of every row, the codes by normalised name)."""
    names: dict[str, int] = {"": UNKNOWN}
    det = frames["detenties"]
    own_det = _codes(det.get("gemeente"), len(det), names)
    result = {"detenties": own_det}
    order = np.lexsort((det[ROW].to_numpy(), det["datum_insluiting"].to_numpy()))
    episodes = pd.DataFrame(
        {
            "persoon": det["persoon"].to_numpy()[order],
            "datum": det["datum_insluiting"].to_numpy()[order],
            "g": own_det[order],
        }
    )
    earliest = episodes.drop_duplicates("persoon", keep="first").set_index("persoon")["g"]
    for name, frame in frames.items():
        if name == "detenties":
            continue
        own = _codes(frame.get("gemeente"), len(frame), names)
        need = np.flatnonzero(own == UNKNOWN)
        if len(need):
            own[need] = _by_episode(frame.iloc[need], name, episodes, earliest)
        result[name] = own
    return result, names


def _by_episode(rows: pd.DataFrame, name: str, episodes: pd.DataFrame, earliest: pd.Series) -> np.ndarray:
    """The gemeente code of each row's person's latest episode with insluiting <= the row's
    defining date (of two on the same day the later row), else of the person's earliest
    episode, else UNKNOWN."""
    when = defining_date(name, rows)
    assert when is not None  # every source but detenties has a defining date
    persons = rows["persoon"].to_numpy()
    found = np.full(len(rows), -1, dtype=np.int64)
    dates = when.to_numpy()
    dated = np.flatnonzero(~pd.isna(dates))
    if len(dated):
        probe = pd.DataFrame({"persoon": persons[dated], "datum": dates[dated], "pos": dated}).sort_values("datum", kind="stable")
        matched = pd.merge_asof(probe, episodes, on="datum", by="persoon", direction="backward", allow_exact_matches=True)
        hit = matched["g"].notna().to_numpy()
        found[matched["pos"].to_numpy()[hit]] = matched["g"].to_numpy()[hit].astype(np.int64)
    missing = np.flatnonzero(found < 0)
    found[missing] = earliest.reindex(persons[missing]).fillna(UNKNOWN).to_numpy().astype(np.int64)
    return found


def counting_rows(frames: dict[str, pd.DataFrame], gemeente: str | None) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """(the rows of every source that count for ``gemeente``, per source how many were left out
    because they belong to another gemeente). Without a gemeente every row counts."""
    if not gemeente or "detenties" not in frames:
        return frames, {}
    codes, names = gemeente_codes(frames)
    wanted = names.get(normalise_gemeente(gemeente), -1)
    rows: dict[str, pd.DataFrame] = {}
    left_out: dict[str, int] = {}
    for name, code in codes.items():
        counts = (code == UNKNOWN) | (code == wanted)
        rows[name] = frames[name] if counts.all() else frames[name].loc[counts]
        left_out[name] = int((~counts).sum())
    return rows, left_out


ONBEKEND = "onbekend"


@dataclass
class Region:
    """The rows of a regional run (DOMAIN §2, §8): those whose gemeente is one of the region's or
    empty (``rows``), per source the gemeente code of each of those rows (``codes``), and the
    parts the region's figures add up from: every gemeente (configured name -> code) and
    ``onbekend`` (UNKNOWN) when rows of unknown gemeente exist."""

    rows: dict[str, pd.DataFrame]
    codes: dict[str, np.ndarray]
    parts: dict[str, int]
    left_out: dict[str, int]

    def rows_of(self, code: int) -> dict[str, pd.DataFrame]:
        """Every source's rows of one part (its episodes included)."""
        return {name: frame.iloc[np.flatnonzero(self.codes[name] == code)] for name, frame in self.rows.items()}


def region_rows(frames: dict[str, pd.DataFrame], gemeenten: tuple[str, ...]) -> Region:
    """The rows that count for a region of ``gemeenten`` and how each is attributed."""
    codes, names = gemeente_codes(frames)
    parts = {gemeente: names.get(normalise_gemeente(gemeente), -1) for gemeente in gemeenten}
    wanted = np.array([UNKNOWN, *parts.values()], dtype=np.int64)
    rows: dict[str, pd.DataFrame] = {}
    kept_codes: dict[str, np.ndarray] = {}
    left_out: dict[str, int] = {}
    for name, code in codes.items():
        counts = np.isin(code, wanted)
        rows[name] = frames[name] if counts.all() else frames[name].loc[counts]
        kept_codes[name] = code[counts]
        left_out[name] = int((~counts).sum())
    if any((code == UNKNOWN).any() for code in kept_codes.values()):
        parts[ONBEKEND] = UNKNOWN
    return Region(rows, kept_codes, parts, left_out)
