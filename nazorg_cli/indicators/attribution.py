"""Which gemeente every row counts for (DOMAIN §2 "Gemeente", v2).

An episode counts for the gemeente in its own field. A row of any other source counts for its own
``gemeente`` field where the source has one and it is filled; else for the gemeente of its
person's latest episode with datum_insluiting on or before the row's defining date, or, when
there is none, of the person's earliest episode; else its gemeente is unknown (empty). With a
gemeente G configured a row counts when its gemeente is G (case, spaces and accents ignored) or
empty; the rest is left out and counted per source. Attribution uses the data as cut at the
peildatum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nazorg_cli.indicators.requirements import normalise_gemeente
from nazorg_cli.sources.cutoff import defining_date
from nazorg_cli.sources.loading import ROW


def _normalised(values: pd.Series) -> pd.Series:
    """Normalised gemeente names, "" for empty (one call per distinct name)."""
    codes, names = pd.factorize(values, use_na_sentinel=True)
    normalised = np.array([normalise_gemeente(name) for name in names] + [""], dtype=object)
    return pd.Series(normalised[codes], index=values.index, dtype="str")


def gemeenten(frames: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Per source the normalised gemeente of every row ("" where it is empty or unknown)."""
    det = frames["detenties"]
    own_det = _normalised(det["gemeente"]) if "gemeente" in det else pd.Series("", index=det.index, dtype="str")
    result = {"detenties": own_det}
    episodes = pd.DataFrame(
        {
            "persoon": det["persoon"].to_numpy(),
            "datum": det["datum_insluiting"].to_numpy(),
            "g": own_det.to_numpy(),
            ROW: det[ROW].to_numpy(),
        }
    ).sort_values(["datum", ROW], kind="stable")
    earliest = episodes.drop_duplicates("persoon", keep="first").set_index("persoon")["g"]
    for name, frame in frames.items():
        if name == "detenties":
            continue
        own = _normalised(frame["gemeente"]) if "gemeente" in frame else pd.Series("", index=frame.index, dtype="str")
        need = (own == "").to_numpy()
        if need.any():
            own = own.copy()
            own.iloc[np.flatnonzero(need)] = _by_episode(frame.loc[need], name, episodes, earliest).to_numpy()
        result[name] = own
    return result


def _by_episode(rows: pd.DataFrame, name: str, episodes: pd.DataFrame, earliest: pd.Series) -> pd.Series:
    """The gemeente of each row's person's latest episode with insluiting <= the row's defining
    date, else of the person's earliest episode, else ""."""
    when = defining_date(name, rows)
    assert when is not None  # every source but detenties has a defining date
    probe = pd.DataFrame({"persoon": rows["persoon"].to_numpy(), "datum": when.to_numpy(), "pos": np.arange(len(rows))})
    dated = probe.loc[probe["datum"].notna()].sort_values("datum", kind="stable")
    found = pd.Series(pd.NA, index=range(len(rows)), dtype="object")
    if len(dated):
        # The latest episode on or before the date; of two on the same day the later row.
        matched = pd.merge_asof(dated, episodes, on="datum", by="persoon", direction="backward", allow_exact_matches=True)
        hit = matched["g"].notna()
        found.iloc[matched.loc[hit, "pos"].to_numpy()] = matched.loc[hit, "g"].to_numpy()
    missing = found.isna().to_numpy()
    fallback = earliest.reindex(probe.loc[missing, "persoon"]).fillna("").to_numpy()
    found.iloc[np.flatnonzero(missing)] = fallback
    return found.astype("str")


def counting_rows(frames: dict[str, pd.DataFrame], gemeente: str | None) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """(the rows of every source that count for ``gemeente``, per source how many were left out
    because they belong to another gemeente). Without a gemeente every row counts."""
    if not gemeente or "detenties" not in frames:
        return frames, {}
    wanted = normalise_gemeente(gemeente)
    rows: dict[str, pd.DataFrame] = {}
    left_out: dict[str, int] = {}
    for name, g in gemeenten(frames).items():
        counts = ((g == "") | (g == wanted)).to_numpy()
        rows[name] = frames[name] if counts.all() else frames[name].loc[counts]
        left_out[name] = int((~counts).sum())
    return rows, left_out
