"""The cohort logic of DOMAIN §2 and §4, in one place: every indicator reads it from here.

- uitstroomcohort C(P): distinct persons with an episode that counts for the gemeente and whose
  datum_ontslag lies in P;
- index episode: per person in C(P) the earliest such episode (ti = insluiting, t0 = ontslag);
- gekoppeld L: persons in C(P) with a casus whose datum_aanmelding lies in [ti, t0 + 90 days];
- latest linked casus: per person in L, the linked casus with the latest datum_aanmelding
  (ties: the later row in the export);
- follow-up windows (v2): a person's window W has closed when t0 + W <= peildatum.

Indicators about persons read ``frames`` (all rows of those persons, whatever their gemeente);
indicators that count rows read ``rows`` (the rows that count for the gemeente, DOMAIN §2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from nazorg_cli.indicators.catalog import age_classes, categories
from nazorg_cli.indicators.period import Period
from nazorg_cli.indicators.results import Result, no_data
from nazorg_cli.sources.loading import ROW

LINK_DAYS = 90
HANDS_ON_DAYS = 180
FLAGS = ("lvb", "verslaving", "psychisch")
UNKNOWN_FLAG, JA, NEE = 0, 1, 2  # a ja/nee field of the latest linked casus, coded


def days(n: int) -> pd.Timedelta:
    return pd.Timedelta(days=n)


@dataclass
class Context:
    frames: dict[str, pd.DataFrame]
    period: Period
    peildatum: pd.Timestamp
    # Rows that count for the gemeente (row indicators), and the episodes that do (C(P));
    # without a gemeente both are every row.
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    kosten: dict[str, dict[int, int]] = field(default_factory=dict)
    # Results per registered function, so that each is computed once per period.
    computed: dict = field(default_factory=dict, repr=False)
    # What does not depend on the period (person traits), shared by the periods of the reeks.
    shared: dict = field(default_factory=dict, repr=False)
    # A gemeente in a regional run (DOMAIN §2, §8): index episodes are taken over the region's
    # episodes (``region_episodes``), and C(P) keeps the persons whose index episode has gemeente
    # code ``keep`` (``region_codes``: the code of every region episode). ``rows`` are then the
    # gemeente's own rows, its episodes included (for counts of rows such as insluitingen).
    region_episodes: pd.DataFrame | None = field(default=None, repr=False)
    region_codes: np.ndarray | None = field(default=None, repr=False)
    keep: int | None = None

    def __post_init__(self) -> None:
        if not self.rows:
            self.rows = self.frames

    def results_of(self, id: str) -> list[Result]:
        """The results of indicator ``id`` for this period (computed once)."""
        from nazorg_cli.indicators.registry import REGISTRY

        fn = REGISTRY[id]
        if fn not in self.computed:
            self.computed[fn] = fn(self)
        return [r for r in self.computed[fn] if r.id == id]

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

    def window_open(self, event: pd.Series, window: int) -> pd.Series:
        """True where event + window passes the peildatum (the case is still open)."""
        return event + days(window) > self.peildatum

    @property
    def episodes(self) -> pd.DataFrame:
        """Detention episodes over which index episodes are found: those that count for the
        gemeente, or in a regional run those of the region."""
        return self.region_episodes if self.region_episodes is not None else self.rows["detenties"]

    @cached_property
    def cohort(self) -> pd.DataFrame:
        """One row per person in C(P): persoon, ti, t0, geslacht, leeftijdsklasse, titel."""
        ep = self.releases
        inside = np.flatnonzero((ep["t0"] >= self.van.to_datetime64()) & (ep["t0"] <= self.tot.to_datetime64()))
        persons = ep["persoon"][inside]
        # Sorted by person, release, insluiting and row: a person's first release in P is the index.
        first = inside[np.r_[True, persons[1:] != persons[:-1]]] if len(inside) else inside
        if self.keep is not None and self.region_codes is not None:
            # The persons whose index episode, taken over the whole region, is this gemeente's.
            first = first[self.region_codes[ep["pos"][first]] == self.keep]
        # Person traits: the index episode's value, else the person's first known value elsewhere.
        episodes, at_index = self.episodes, ep["pos"][first]
        traits = self.person_traits
        at = ep["persoon"][first]
        sex = episodes["geslacht"].iloc[at_index].to_numpy(dtype=object, na_value=None)
        sex = np.where(pd.isna(sex), traits["geslacht"][at], sex)
        birth = episodes["geboortedatum"].iloc[at_index].to_numpy(dtype="datetime64[ns]")
        birth = np.where(np.isnat(birth), traits["geboortedatum"][at], birth)
        t0 = ep["t0"][first]
        cohort = pd.DataFrame(
            {
                "persoon": at,
                "ti": ep["ti"][first],
                "t0": t0,
                "geslacht": np.where(pd.isna(sex), "onbekend", sex).astype(object),
                "leeftijdsklasse": age_class(pd.Series(birth), pd.Series(t0)).to_numpy(),
                "titel": episodes["titel"].iloc[at_index].to_numpy(dtype=object, na_value="onbekend"),
            }
        )
        return cohort

    def prepare_shared(self) -> None:
        """Make what the periods of the reeks share now (before work is forked)."""
        _ = self.releases, self.person_traits

    @property
    def releases(self) -> dict[str, np.ndarray]:
        """The released episodes that count, as arrays sorted by person, release, insluiting and
        export row (so a person's first release in a period is the index episode), with their
        positions in the episodes frame. Made once for the reeks."""
        if "releases" not in self.shared:
            ep = self.episodes
            released = np.flatnonzero(ep["datum_ontslag"].notna().to_numpy())
            columns = {
                "persoon": ep["persoon"].to_numpy()[released],
                "ti": ep["datum_insluiting"].to_numpy()[released],
                "t0": ep["datum_ontslag"].to_numpy()[released],
            }
            order = np.lexsort((ep[ROW].to_numpy()[released], columns["ti"], columns["t0"], columns["persoon"]))
            self.shared["releases"] = {name: values[order] for name, values in columns.items()} | {"pos": released[order]}
        return self.shared["releases"]

    @property
    def person_traits(self) -> dict[str, np.ndarray]:
        """Per person code the first known geslacht and geboortedatum over the episodes (in
        export order), as arrays indexed by the code; made once for the reeks."""
        if "traits" not in self.shared:
            ep = self.episodes
            if not ep[ROW].is_monotonic_increasing:
                ep = ep.sort_values(ROW)
            first = ep.groupby("persoon", sort=False)[["geslacht", "geboortedatum"]].first()
            size = int(ep["persoon"].max()) + 1 if len(ep) else 1
            sex = np.full(size, None, dtype=object)
            birth = np.full(size, np.datetime64("NaT"), dtype="datetime64[ns]")
            codes = first.index.to_numpy()
            sex[codes] = first["geslacht"].to_numpy(dtype=object, na_value=None)
            birth[codes] = first["geboortedatum"].to_numpy(dtype="datetime64[ns]")
            self.shared["traits"] = {"geslacht": sex, "geboortedatum": birth}
        return self.shared["traits"]

    def sorted_rows(self, source: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Every row of ``source`` (all gemeenten) with a ``column`` date, as sorted keys
        persoon x 2^20 + day number (ties in export order), and the rows' positions in the
        frame: a person's rows in a date range are then found with two binary searches per
        person instead of a merge per period. Made once for the reeks."""
        key = ("sorted", source, column)
        if key not in self.shared:
            frame = self.frames[source]
            when = frame[column].to_numpy(dtype="datetime64[ns]")
            has = np.flatnonzero(~np.isnat(when))
            keys = person_day(frame["persoon"].to_numpy()[has], when[has])
            order = np.lexsort((frame[ROW].to_numpy()[has], keys))
            self.shared[key] = (keys[order], has[order])
        return self.shared[key]

    def rows_between(self, source: str, column: str, first: pd.Series | None, last: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """(positions in the ``source`` frame, the cohort row each belongs to) of the rows of the
        persons of C(P) whose ``column`` date lies in [first, last] (``first`` None: from the
        person's earliest), in person, date and export order."""
        keys, positions = self.sorted_rows(source, column)
        persons = self.cohort["persoon"].to_numpy()
        low = (
            persons.astype(np.int64) << DAY_BITS if first is None else person_day(persons, first.to_numpy(dtype="datetime64[ns]"))
        )
        lo = np.searchsorted(keys, low, side="left")
        hi = np.searchsorted(keys, person_day(persons, last.to_numpy(dtype="datetime64[ns]")), side="right")
        counts = np.maximum(hi - lo, 0)
        owner = np.repeat(np.arange(len(persons)), counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return positions[np.repeat(lo, counts) + within], owner

    def first_on_or_after(self, source: str, column: str, start: pd.Series, last: pd.Series) -> np.ndarray:
        """Per person of C(P): days from ``start`` to the person's earliest ``column`` date in
        [start, last] (``start`` and ``last`` aligned with the cohort), or -1 without one."""
        keys = self.sorted_rows(source, column)[0]
        persons = self.cohort["persoon"].to_numpy()
        low = person_day(persons, start.to_numpy(dtype="datetime64[ns]"))
        high = person_day(persons, last.to_numpy(dtype="datetime64[ns]"))
        at = np.searchsorted(keys, low, side="left")
        found = keys[np.minimum(at, len(keys) - 1)] if len(keys) else np.zeros(len(at), dtype=np.int64)
        inside = (at < len(keys)) & (found <= high)
        return np.where(inside, found - low, -1)

    def closed(self, window: int) -> pd.Series:
        """Per person of C(P): t0 + window <= peildatum (the window has closed)."""
        key = ("closed", window)
        if key not in self.computed:
            self.computed[key] = ~self.window_open(self.cohort["t0"], window)
        return self.computed[key]

    @cached_property
    def linked_casussen(self) -> pd.DataFrame:
        """Casussen of persons in C(P) registered in [ti, t0 + 90 days], with ti and t0 attached:
        the columns the linking needs and ``pos``, the casus's position in the casussen frame
        (its other fields are taken from there when asked, see ``latest``)."""
        cas = self.frames["casussen"]
        cohort = self.cohort
        pos, owner = self.rows_between("casussen", "datum_aanmelding", cohort["ti"], cohort["t0"] + days(LINK_DAYS))
        return pd.DataFrame(
            {
                "persoon": cohort["persoon"].to_numpy()[owner],
                "datum_aanmelding": cas["datum_aanmelding"].to_numpy()[pos],
                "datum_eerste_contact": cas["datum_eerste_contact"].to_numpy()[pos],
                ROW: cas[ROW].to_numpy()[pos],
                "pos": pos,
                "ti": cohort["ti"].to_numpy()[owner],
                "t0": cohort["t0"].to_numpy()[owner],
            }
        )

    @cached_property
    def gekoppeld(self) -> pd.Index:
        """The persons in L."""
        return pd.Index(self.linked_casussen["persoon"].unique())

    @cached_property
    def linked(self) -> pd.Series:
        """Per person of C(P): in L."""
        return self.cohort["persoon"].isin(self.gekoppeld)

    @cached_property
    def latest_linked(self) -> pd.DataFrame:
        """Per person in L, the linked casus with the latest datum_aanmelding."""
        return (
            self.linked_casussen.sort_values(["persoon", "datum_aanmelding", ROW])
            .drop_duplicates("persoon", keep="last")
            .reset_index(drop=True)
        )

    @cached_property
    def latest(self) -> LatestCasus:
        """The fields of each person's latest linked casus, aligned with C(P) (empty for persons
        not in L), taken from the casussen frame column by column as they are asked for."""
        positions = self.latest_linked.set_index("persoon")["pos"].reindex(self.cohort["persoon"])
        return LatestCasus(self.frames["casussen"], positions.fillna(-1).to_numpy(dtype=np.int64), self.shared)

    def person_breakdown(self, dimension: str) -> pd.Series | None:
        """Per person of C(P) the category of ``dimension``; None when a source it needs is absent."""
        if dimension in ("geslacht", "leeftijdsklasse", "titel"):
            return self.cohort[dimension]
        if dimension == "kwetsbaar":
            return self.kwetsbaar_category if self.has("casussen") else None
        if dimension == "hands_on":
            return self.hands_on_category if self.has("begeleiding") else None
        if dimension == "hands_on_voor_ontslag":
            return self.before_release_category if self.has("begeleiding") else None
        raise KeyError(dimension)

    @cached_property
    def kwetsbaar_category(self) -> pd.Series:
        """ja when a flag of the latest linked casus is ja, nee when one is known and none is ja,
        else onbekend (also for persons not in L)."""
        latest = self.latest
        yes = np.zeros(len(latest), dtype=bool)
        known = np.zeros(len(latest), dtype=bool)
        for flag in FLAGS:
            coded = latest.flag(flag)
            yes |= coded == JA
            known |= coded != UNKNOWN_FLAG
        return pd.Series(np.where(yes, "ja", np.where(known, "nee", "onbekend")), index=self.cohort.index)

    @cached_property
    def qualifying_trajecten(self) -> pd.DataFrame:
        """Trajecten of persons in C(P) that start <= t0 + 180 days and do not end before ti."""
        cohort = self.cohort
        pos, owner = self.rows_between("begeleiding", "datum_start", None, cohort["t0"] + days(HANDS_ON_DAYS))
        einde = self.frames["begeleiding"]["datum_einde"].to_numpy(dtype="datetime64[ns]")[pos]
        ti = cohort["ti"].to_numpy(dtype="datetime64[ns]")[owner]
        keep = np.isnat(einde) | (einde >= ti)
        return pd.DataFrame(
            {
                "persoon": cohort["persoon"].to_numpy()[owner][keep],
                "datum_start": self.frames["begeleiding"]["datum_start"].to_numpy()[pos][keep],
                "datum_einde": einde[keep],
                "ti": ti[keep],
                "t0": cohort["t0"].to_numpy()[owner][keep],
            }
        )

    @cached_property
    def hands_on_category(self) -> pd.Series:
        """ja when the person is in the teller of hands_on_bereik, else nee."""
        reached = self.cohort["persoon"].isin(self.qualifying_trajecten["persoon"])
        return pd.Series(np.where(reached, "ja", "nee"), index=self.cohort.index)

    @cached_property
    def before_release_category(self) -> pd.Series:
        """ja when the person had a traject with datum_start < t0 and (einde empty or >= ti)."""
        q = self.qualifying_trajecten
        before = q.loc[q["datum_start"] < q["t0"], "persoon"]
        return pd.Series(np.where(self.cohort["persoon"].isin(before), "ja", "nee"), index=self.cohort.index)


class LatestCasus:
    """The fields of each person's latest linked casus, aligned with C(P), as small codes
    (``codes``, ``flag``); persons not in L have the default."""

    def __init__(self, casussen: pd.DataFrame, positions: np.ndarray, shared: dict | None = None):
        self._casussen = casussen
        self._positions = positions
        self._shared = {} if shared is None else shared

    def flag(self, field: str) -> np.ndarray:
        """A ja/nee field as JA, NEE or UNKNOWN_FLAG (empty, or not in L)."""
        return self.codes(field, {True: JA, False: NEE}, UNKNOWN_FLAG)

    def codes(self, field: str, mapping: dict, default: int) -> np.ndarray:
        """The field as small whole numbers by ``mapping`` (``default`` for other values, empty
        fields and persons not in L). The casussen column is coded once for the reeks."""
        key = ("casus codes", field, tuple(sorted(mapping.items())), default)
        if key not in self._shared:
            found, values = pd.factorize(self._casussen[field], use_na_sentinel=True)
            lookup = np.array([mapping.get(v, default) for v in values] + [default], dtype=np.int8)
            self._shared[key] = lookup[found]
        coded = self._shared[key]
        if not len(coded):
            return np.full(len(self._positions), default, dtype=np.int8)
        return np.where(self._positions >= 0, coded[np.maximum(self._positions, 0)], default)

    def __len__(self) -> int:
        return len(self._positions)


def _codes(ctx: Context, dimension: str) -> np.ndarray | None:
    """Per person of C(P) the index of its category of ``dimension`` (-1: none of them), or None
    when a source the breakdown needs is absent. Computed once per period."""
    key = ("codes", dimension)
    if key not in ctx.computed:
        labels = ctx.person_breakdown(dimension)
        if labels is None:
            ctx.computed[key] = None
        else:
            found, names = pd.factorize(labels, use_na_sentinel=True)
            wanted = list(categories(dimension))
            lookup = np.array([wanted.index(n) if n in wanted else -1 for n in names] + [-1], dtype=np.int64)
            ctx.computed[key] = lookup[found]
    return ctx.computed[key]


def over_groups(
    ctx: Context, id: str, dimensions: tuple[str, ...], make: Callable[[pd.Series, dict], Result], size: int
) -> list[Result]:
    """The total and one result per category of every breakdown (all categories always present).

    ``make(mask, where)`` computes the indicator over the cases selected by ``mask``; a
    breakdown whose source is absent gives geen_gegevens records.
    """
    results = [make(pd.Series(np.ones(size, dtype=bool)), {})]
    for dimension in dimensions:
        codes = _codes(ctx, dimension)
        for i, category in enumerate(categories(dimension)):
            where = {"uitsplitsing": dimension, "categorie": category}
            if codes is None:
                results.append(no_data(id, ctx.label, **where))
            else:
                results.append(make(pd.Series(codes == i), where))
    return results


def over_cohort(
    ctx: Context,
    id: str,
    window: int | None,
    teller: pd.Series | np.ndarray,
    noemer: pd.Series | np.ndarray,
    onbekend: pd.Series | np.ndarray | None = None,
    dimensions: tuple[str, ...] = (),
) -> list[Result]:
    """A percentage over the persons of C(P) (boolean masks aligned with ``ctx.cohort``): the
    persons whose window is open are left out and counted in ``open`` (DOMAIN §4 v2). The
    categories of every breakdown are counted at once (one bincount per figure)."""
    from nazorg_cli.indicators.results import percentage

    size = len(ctx.cohort)
    closed = ctx.closed(window).to_numpy() if window else np.ones(size, dtype=bool)
    t, n = _flags(teller), _flags(noemer)
    u = np.zeros(size, dtype=bool) if onbekend is None else _flags(onbekend)
    figures = (t & closed, n & closed, u & closed, ~closed)
    results = [percentage(id, ctx.label, *(int(f.sum()) for f in figures))]
    for dimension in dimensions:
        codes = _codes(ctx, dimension)
        names = categories(dimension)
        if codes is None:
            results += [no_data(id, ctx.label, uitsplitsing=dimension, categorie=c) for c in names]
            continue
        inside = codes >= 0
        counts = [np.bincount(codes[inside], weights=f[inside], minlength=len(names)) for f in figures]
        for i, category in enumerate(names):
            results.append(percentage(id, ctx.label, *(int(c[i]) for c in counts), uitsplitsing=dimension, categorie=category))
    return results


DAY_BITS = 20  # 2^20 days: from 1970 - 1435 years to 1970 + 1435 years


def person_day(persons: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """One sortable integer per (person code, day): persoon x 2^20 + the day number counted
    from 2^19 days before 1970-01-01 (so it is never negative and persons never overlap)."""
    day = dates.astype("datetime64[D]").astype(np.int64) + (1 << (DAY_BITS - 1))
    return (persons.astype(np.int64) << DAY_BITS) + day


def _flags(mask: pd.Series | np.ndarray) -> np.ndarray:
    """A boolean array from a mask that may hold missing values (missing: False)."""
    if isinstance(mask, np.ndarray):
        return mask.astype(bool, copy=False)
    return mask.to_numpy(dtype=bool, na_value=False)


def over_rows(
    ctx: Context,
    id: str,
    event: pd.Series,
    window: int,
    teller: pd.Series | np.ndarray,
    noemer: pd.Series | np.ndarray | None = None,
    onbekend: pd.Series | np.ndarray | None = None,
    **where,
) -> Result:
    """A percentage over rows with their event in P (masks aligned with ``event``): rows whose
    window is open are left out and counted in ``open`` (DOMAIN §4 v2); without ``noemer``
    every closed row is in it."""
    from nazorg_cli.indicators.results import percentage

    closed = ~ctx.window_open(event, window).to_numpy(dtype=bool)
    n = closed if noemer is None else _flags(noemer) & closed
    u = 0 if onbekend is None else int((_flags(onbekend) & closed).sum())
    return percentage(id, ctx.label, int((_flags(teller) & closed).sum()), int(n.sum()), u, open=int((~closed).sum()), **where)


def age_class(birth: pd.Series, at: pd.Series) -> pd.Series:
    """Leeftijdsklasse in whole years at ``at`` (by default 18-24, 25-34, 35-49, 50+; nazorg.toml
    may set other bounds), else onbekend."""
    b = birth.to_numpy(dtype="datetime64[ns]")
    a = at.to_numpy(dtype="datetime64[ns]")
    known = ~np.isnat(b) & ~np.isnat(a)
    b, a = np.where(known, b, a), np.where(known, a, a)  # placeholders where unknown

    def parts(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        months = d.astype("datetime64[M]")
        return months.astype(np.int64), (d.astype("datetime64[D]") - months.astype("datetime64[D]")).astype(np.int64)

    (bm, bd), (am, ad) = parts(b), parts(a)
    # Whole years: the months between them, less one while the birthday is not reached.
    age = (am - bm) // 12 - (((am - bm) % 12 == 0) & (ad < bd))
    labels = np.full(len(age), "onbekend", dtype=object)
    for low, high, label in age_classes():
        labels[known & (age >= low) & (age <= high)] = label
    return pd.Series(labels, index=birth.index)
