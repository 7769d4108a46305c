"""The cohort logic of DOMAIN §2, in one place: every indicator reads it from here.

- uitstroomcohort C(P): distinct persons with an episode whose datum_ontslag lies in P;
- index episode: per person in C(P) the earliest such episode (ti = insluiting, t0 = ontslag);
- gekoppeld L: persons in C(P) with a casus whose datum_aanmelding lies in [ti, t0 + 90 days];
- latest linked casus: per person in L, the linked casus with the latest datum_aanmelding
  (ties: the later row in the export).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from nazorg_cli.indicators.period import Period
from nazorg_cli.sources.loading import ROW

LINK_DAYS = 90
AGE_CLASSES = [(18, 24, "18-24"), (25, 34, "25-34"), (35, 49, "35-49"), (50, 200, "50+")]


def days(n: int) -> pd.Timedelta:
    return pd.Timedelta(days=n)


@dataclass
class Context:
    frames: dict[str, pd.DataFrame]
    period: Period
    peildatum: pd.Timestamp
    gemeente: str | None = None

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def van(self) -> pd.Timestamp:
        return pd.Timestamp(self.period.van)

    @property
    def tot(self) -> pd.Timestamp:
        return pd.Timestamp(self.period.tot_en_met)

    def in_period(self, dates: pd.Series) -> pd.Series:
        """True where the date lies in P, both ends inclusive (NaT is never in P)."""
        return (dates >= self.van) & (dates <= self.tot)

    def has(self, *sources: str) -> bool:
        return all(s in self.frames for s in sources)

    @cached_property
    def episodes(self) -> pd.DataFrame:
        """Detention episodes that count: gemeente empty or equal to the configured one (case,
        spaces and accents ignored)."""
        from nazorg_cli.indicators.requirements import normalise_gemeente

        det = self.frames["detenties"]
        if not self.gemeente:
            return det
        # A categorical column maps its categories only: one call per distinct gemeente.
        gemeente = det["gemeente"].map(normalise_gemeente, na_action="ignore")
        return det.loc[gemeente.isna() | (gemeente == "") | (gemeente == normalise_gemeente(self.gemeente))]

    @cached_property
    def cohort(self) -> pd.DataFrame:
        """One row per person in C(P): persoon, ti, t0, geslacht, leeftijdsklasse."""
        ep = self.episodes
        released = ep.loc[self.in_period(ep["datum_ontslag"])]
        index = released.sort_values(["persoon", "datum_ontslag", "datum_insluiting", ROW]).drop_duplicates(
            "persoon", keep="first"
        )
        cohort = pd.DataFrame(
            {
                "persoon": index["persoon"].to_numpy(),
                "ti": index["datum_insluiting"].to_numpy(),
                "t0": index["datum_ontslag"].to_numpy(),
            }
        )
        # Person traits: the index episode's value, else the person's first known value elsewhere.
        known = ep.sort_values(ROW).groupby("persoon")[["geslacht", "geboortedatum"]].first().reindex(cohort["persoon"])
        sex = pd.Series(index["geslacht"].to_numpy(), dtype="str").fillna(pd.Series(known["geslacht"].to_numpy(), dtype="str"))
        birth = pd.Series(index["geboortedatum"].to_numpy()).fillna(pd.Series(known["geboortedatum"].to_numpy()))
        cohort["geslacht"] = sex.fillna("onbekend").astype("str")
        cohort["leeftijdsklasse"] = age_class(birth, cohort["t0"])
        return cohort

    @cached_property
    def linked_casussen(self) -> pd.DataFrame:
        """Casussen of persons in C(P) registered in [ti, t0 + 90 days], with ti and t0 attached."""
        cas = self.frames["casussen"]
        joined = cas.merge(self.cohort[["persoon", "ti", "t0"]], on="persoon", how="inner")
        window = (joined["datum_aanmelding"] >= joined["ti"]) & (joined["datum_aanmelding"] <= joined["t0"] + days(LINK_DAYS))
        return joined.loc[window]

    @cached_property
    def gekoppeld(self) -> pd.Index:
        """The persons in L."""
        return pd.Index(self.linked_casussen["persoon"].unique())

    @cached_property
    def latest_linked(self) -> pd.DataFrame:
        """Per person in L, the linked casus with the latest datum_aanmelding."""
        return (
            self.linked_casussen.sort_values(["persoon", "datum_aanmelding", ROW])
            .drop_duplicates("persoon", keep="last")
            .reset_index(drop=True)
        )

    def follow_up_incomplete(self, window_days: int, population: pd.DataFrame | None = None) -> bool:
        """True when t0 + window passes the peildatum for someone in the population (default C(P))."""
        population = self.cohort if population is None else population
        return bool((population["t0"] + days(window_days) > self.peildatum).any())


def age_class(birth: pd.Series, at: pd.Series) -> pd.Series:
    """Leeftijdsklasse in whole years at ``at``: 18-24, 25-34, 35-49, 50+, else onbekend."""
    b = pd.to_datetime(birth)
    a = pd.to_datetime(at)
    before_birthday = (a.dt.month < b.dt.month) | ((a.dt.month == b.dt.month) & (a.dt.day < b.dt.day))
    age = a.dt.year - b.dt.year - before_birthday.astype(int)
    labels = np.full(len(age), "onbekend", dtype=object)
    values = age.to_numpy(dtype=float, na_value=np.nan)
    for low, high, label in AGE_CLASSES:
        labels[(values >= low) & (values <= high)] = label
    return pd.Series(labels, index=birth.index, dtype="str")
