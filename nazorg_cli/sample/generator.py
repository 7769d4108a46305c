"""Synthetic exports for demos, tests and benchmarks (``nazorg sample``).

Everything is drawn with numpy from one seeded generator, so the same seed and options give the
same bytes. Proportions follow national figures for returning ex-detainees: about 14% without
a valid ID at release, a quarter without an address, a third without income. The people are
invented: names and BSNs are random (the BSNs pass the 11-proef so the data is realistic).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

DAY = np.timedelta64(1, "D")
_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2])
FIRST_NAMES = [
    "Mohammed",
    "Jan",
    "Kevin",
    "Dennis",
    "Sandra",
    "Ricardo",
    "Youssef",
    "Peter",
    "Mark",
    "Priscilla",
    "Stefan",
    "Anouk",
    "Hakan",
    "Bart",
    "Romano",
    "Ilse",
    "Orlando",
    "Wesley",
    "Sem",
    "Fatima",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "El Amrani",
    "Bakker",
    "Visser",
    "Martina",
    "Yilmaz",
    "Smit",
    "de Boer",
    "Mulder",
    "Bouzid",
    "Pinas",
    "de Groot",
    "Kok",
    "van Dijk",
    "Brouwer",
    "Vos",
    "Hoekstra",
]
COACHES = ["R. Koster", "M. Haddou", "L. Verbeek", "S. Pronk", "A. de Wit", "J. Sedney"]
GEMEENTEN = ["Haarlem"] * 17 + ["Heemstede", "Zandvoort", ""]

# Regions for ``nazorg sample --regio N`` (DOMAIN §8): real gemeenten, made-up people. Four is the
# region of the first user, with sizes of our own choosing (Haarlem large, Zandvoort very small);
# any other N takes the first N gemeenten of Noord-Holland below, the largest share first.
ZUID_KENNEMERLAND = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede"]
ZUID_KENNEMERLAND_WEIGHTS = [76.0, 1.0, 9.0, 11.0]
NOORD_HOLLAND = [
    # Noord-Holland Noord
    "Alkmaar",
    "Den Helder",
    "Hoorn",
    "Dijk en Waard",
    "Schagen",
    "Hollands Kroon",
    "Medemblik",
    "Bergen (NH.)",
    "Heiloo",
    "Castricum",
    "Enkhuizen",
    "Stede Broec",
    "Drechterland",
    "Koggenland",
    "Opmeer",
    "Texel",
    # the rest of the province
    "Aalsmeer",
    "Amstelveen",
    "Amsterdam",
    "Beverwijk",
    "Blaricum",
    "Bloemendaal",
    "Diemen",
    "Edam-Volendam",
    "Gooise Meren",
    "Haarlem",
    "Haarlemmermeer",
    "Heemskerk",
    "Heemstede",
    "Hilversum",
    "Huizen",
    "Landsmeer",
    "Laren",
    "Oostzaan",
    "Ouder-Amstel",
    "Purmerend",
    "Uitgeest",
    "Uithoorn",
    "Velsen",
    "Waterland",
    "Wijdemeren",
    "Wormerland",
    "Zaanstad",
    "Zandvoort",
]
NOORD_HOLLAND_NOORD = 16  # the first 16 of NOORD_HOLLAND
REGIO_MAX = 40
REGIO_ONBEKEND = 0.03  # the share of people whose detentions name no gemeente
REGIO_VERHUIZERS = 0.15  # the share of people with two or more detentions who moved within the region


@dataclass(frozen=True)
class SampleOptions:
    seed: int = 2019
    personen: int = 800
    eerste_jaar: int = 2016
    laatste_jaar: int = 2019
    regio: int = 0  # 0: one gemeente (Haarlem, as always); 2..40: spread over a region's gemeenten
    verhuizers: bool = True  # with a region: some people have detentions in two of its gemeenten

    @property
    def export_date(self) -> np.datetime64:
        """The day the partners made their exports: three months after the last year."""
        return np.datetime64(f"{self.laatste_jaar + 1}-03-31")

    @property
    def detention_export_date(self) -> np.datetime64:
        """The municipality's detention register is exported at the end of the last year."""
        return np.datetime64(f"{self.laatste_jaar}-12-31")


def regio(n: int) -> tuple[str, list[str]]:
    """The name and gemeenten of the region of ``nazorg sample --regio n`` (2 <= n <= 40)."""
    if not 2 <= n <= REGIO_MAX:
        raise ValueError(f"regio must be 0 or 2..{REGIO_MAX}, not {n}")
    if n == len(ZUID_KENNEMERLAND):
        return "Zuid-Kennemerland", list(ZUID_KENNEMERLAND)
    return ("Noord-Holland Noord" if n <= NOORD_HOLLAND_NOORD else "Noord-Holland"), NOORD_HOLLAND[:n]


def _regio_shares(n: int) -> np.ndarray:
    """Each gemeente's share of the people with a known gemeente, very unequal: the first is large,
    the middle ones shrink step by step, the last quarter (at least one) is very small."""
    if n == len(ZUID_KENNEMERLAND):
        weights = np.array(ZUID_KENNEMERLAND_WEIGHTS)
    else:
        small = max(1, n // 4)
        middle = np.geomspace(4.0, 0.75, n - 1 - small)
        weights = np.concatenate([[12.0 + middle.sum() / 2], middle, np.full(small, 0.25)])
    return weights / weights.sum()


@dataclass(frozen=True)
class _Spread:
    """People spread over a region: a gemeente code per person (-1: none) and per episode."""

    names: np.ndarray  # the region's gemeenten, then "" for code -1
    shares: np.ndarray
    rng: np.random.Generator
    episode: np.ndarray  # code per row of det
    latest: np.ndarray  # code per person: the gemeente of his latest detention

    def woongemeente(self, persons: np.ndarray) -> np.ndarray:
        """Where a row that names its own gemeente says the person lives: half the time the
        gemeente of his latest detention (when known), else any gemeente of the region."""
        drawn = self.rng.choice(len(self.shares), size=len(persons), p=self.shares)
        own = self.latest[persons]
        return self.names[np.where((self.rng.random(len(persons)) < 0.5) & (own >= 0), own, drawn)]


def _spread(options: SampleOptions, det_persons: np.ndarray) -> _Spread:
    """Spread the people over the region, from a generator of their own (the other draws stay as
    they are without a region). ``det_persons``: the person of each episode, in time order."""
    n, names = options.personen, regio(options.regio)[1]
    k = len(names)
    shares = _regio_shares(k)
    rng = np.random.default_rng([options.seed, 3])
    # Fixed numbers per gemeente (so a very small one is there, with a handful of people), shuffled.
    unknown = round(n * REGIO_ONBEKEND)
    known = n - unknown
    base = 1 if known >= k else 0
    counts = base + np.floor(shares * (known - base * k)).astype(int)
    counts[0] += known - counts.sum()
    person = rng.permutation(np.concatenate([np.full(unknown, -1), np.repeat(np.arange(k), counts)]))
    # Movers: from one of their later detentions on, they live in another gemeente of the region.
    count = np.bincount(det_persons, minlength=n)
    moves = rng.random(n) < REGIO_VERHUIZERS
    move_at = rng.integers(1, np.maximum(count, 2))
    other = rng.choice(k, size=n, p=shares)
    other = np.where(other == person, (person + 1 + rng.integers(0, k - 1, n)) % k, other)
    mover = options.verhuizers & moves & (count >= 2) & (person >= 0)
    order = pd.Series(det_persons).groupby(det_persons, sort=False).cumcount().to_numpy()
    episode = np.where(mover[det_persons] & (order >= move_at[det_persons]), other[det_persons], person[det_persons])
    return _Spread(
        names=np.array([*names, ""], dtype=object),
        shares=shares,
        rng=rng,
        episode=episode,
        latest=np.where(mover, other, person),
    )


def make_bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct random 9-digit strings that pass the 11-proef (some starting with 0)."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        digits = rng.integers(0, 10, size=(2 * (n - len(out)) + 10, 8))
        check = (digits @ _WEIGHTS) % 11
        ok = check < 10
        for row, c in zip(digits[ok], check[ok]):
            value = "".join(map(str, row)) + str(c)
            if value not in seen and value != "000000000":
                seen.add(value)
                out.append(value)
                if len(out) == n:
                    break
    return np.array(out, dtype=object)


def _days(rng, low, high, size):
    return rng.integers(low, high + 1, size=size) * DAY


def generate(options: SampleOptions) -> dict[str, pd.DataFrame]:
    """The seven sources as data frames with canonical column names and typed values."""
    rng = np.random.default_rng(options.seed)
    n = options.personen
    start = np.datetime64(f"{options.eerste_jaar}-01-01")
    export = options.export_date
    det_export = options.detention_export_date
    span = int((export - start) / DAY)

    persons = pd.DataFrame(
        {
            "bsn": make_bsns(rng, n),
            "naam": [
                f"{FIRST_NAMES[i]} {LAST_NAMES[j]}"
                for i, j in zip(rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(LAST_NAMES), n))
            ],
            "geslacht": rng.choice(np.array(["M", "V", "X"]), size=n, p=[0.9, 0.095, 0.005]),
            "gemeente": rng.choice(np.array(GEMEENTEN), size=n),
        }
    )
    age_at_start = np.clip(rng.gamma(3.0, 7.0, n) + 18, 18, 75)
    first_in = start - np.timedelta64(180, "D") + _days(rng, 0, span, n)
    persons["geboortedatum"] = first_in - (age_at_start * 365.25).astype(int) * DAY - _days(rng, 0, 364, n)

    # Episodes: a first detention, then re-detentions after a gap while inside the window.
    episodes = []
    current_in = first_in.copy()
    alive = np.ones(n, dtype=bool)
    episode_no = 0
    while alive.any() and episode_no < 8:
        duration = np.maximum(1, rng.lognormal(np.log(75), 1.1, n).astype(int)) * DAY
        out = current_in + duration
        titel = rng.choice(np.array(["Voorlopige hechtenis", "Veroordeeld", "ISD", "Overig"]), n, p=[0.45, 0.47, 0.05, 0.03])
        idx = np.flatnonzero(alive & (current_in <= det_export))
        episodes.append(pd.DataFrame({"p": idx, "in": current_in[idx], "out": out[idx], "titel": titel[idx]}))
        gap = np.maximum(14, rng.exponential(420, n).astype(int)) * DAY
        again = rng.random(n) < 0.38
        alive = alive & again & (current_in <= det_export)
        current_in = out + gap
        episode_no += 1
    det = pd.concat(episodes, ignore_index=True).sort_values(["in", "p"], kind="stable").reset_index(drop=True)
    released = det.loc[det["out"] <= det_export].reset_index(drop=True)
    det["out"] = det["out"].where(det["out"] <= det_export)
    spread = _spread(options, det["p"].to_numpy()) if options.regio else None
    m = len(released)
    ti, t0 = released["in"].to_numpy(), released["out"].to_numpy()
    pid = released["p"].to_numpy()

    # Casussen: about two thirds of releases get an aftercare case, most registered before release.
    has_case = rng.random(m) < 0.68
    lead = rng.integers(-120, 110, m)
    aanmelding = np.maximum(ti, t0 - lead * DAY)
    aanmelding = np.where(rng.random(m) < 0.06, t0 + _days(rng, 60, 130, m), aanmelding)
    contact = aanmelding + _days(rng, 0, 40, m)
    c = np.flatnonzero(has_case & (aanmelding <= export))

    def status(p_ok, p_unknown, size):
        draw = rng.random(size)
        words_ok = rng.choice(np.array(["op orde", "ja", "op orde", "geregeld"]), size)
        words_not = rng.choice(np.array(["niet op orde", "nee", "niet op orde", "onvoldoende"]), size)
        return np.where(draw < p_unknown, "", np.where(draw < p_unknown + (1 - p_unknown) * p_ok, words_ok, words_not))

    def flag(p_yes, p_unknown, size):
        draw = rng.random(size)
        return np.where(draw < p_unknown, "", np.where(draw < p_unknown + (1 - p_unknown) * p_yes, "ja", "nee"))

    k = len(c)
    casus = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[c]],
            "aanmelding": aanmelding[c],
            "contact": np.where(rng.random(k) < 0.9, contact[c], np.datetime64("NaT")),
            "geweigerd": flag(0.08, 0.1, k),
            "lvb": flag(0.15, 0.2, k),
            "verslaving": flag(0.32, 0.15, k),
            "psychisch": flag(0.27, 0.15, k),
        }
    )
    for domain, p_intake, p_release in [
        ("id", 0.70, 0.86),
        ("huisvesting", 0.60, 0.75),
        ("inkomen", 0.45, 0.67),
        ("schulden", 0.40, 0.55),
        ("zorg", 0.65, 0.80),
    ]:
        casus[f"{domain}_intake"] = status(p_intake, 0.07, k)
        casus[f"{domain}_ontslag"] = status(p_release, 0.05, k)
    # v2 fields come from a generator of their own, so the draws above stay as they were.
    extra = np.random.default_rng([options.seed, 2])
    six_months_known = t0[c] + 183 * DAY <= export
    for domain, p_later in [("id", 0.84), ("huisvesting", 0.68), ("inkomen", 0.62), ("schulden", 0.52), ("zorg", 0.74)]:
        draw = extra.random(k)
        later = np.where(draw < 0.12, "", np.where(draw < 0.12 + 0.88 * p_later, "op orde", "niet op orde"))
        casus[f"{domain}_6mnd"] = np.where(six_months_known, later, "")
    closing = casus["aanmelding"].to_numpy() + _days(rng, 30, 400, k)
    casus["afsluiting"] = np.where(closing <= export, closing, np.datetime64("NaT"))
    casus["reden"] = np.where(
        casus["afsluiting"].notna(),
        rng.choice(
            np.array(["Doelen behaald", "Client niet bereikbaar", "Verhuisd naar andere gemeente", "Opnieuw gedetineerd"]), k
        ),
        "",
    )

    # Hands-on begeleiding: coaches pick up about 40% of releases, often before release.
    b = np.flatnonzero(rng.random(m) < 0.42)
    b_start = np.maximum(ti[b], t0[b] + _days(rng, -60, 150, len(b)))
    b_end = b_start + _days(rng, 20, 330, len(b))
    b_open = b_end > export
    outcome = rng.choice(np.array(["afgerond", "uitgevallen", "overgedragen", "overig"]), len(b), p=[0.55, 0.25, 0.15, 0.05])
    beg = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[b]],
            "coach": rng.choice(np.array(COACHES), len(b)),
            "start": b_start,
            "einde": np.where(b_open, np.datetime64("NaT"), b_end),
            "uitkomst": np.where(b_open, "lopend", outcome),
            "contacten": rng.integers(1, 40, len(b)),
        }
    )
    beg = beg.loc[beg["start"] <= export]

    # Housing: contingent dwellings, forensic places and other shelter.
    h = np.flatnonzero(rng.random(m) < 0.22)
    soort = rng.choice(
        np.array(["Contingentwoning", "Forensisch", "Beschermd wonen", "Maatschappelijke opvang", "Overig"]),
        len(h),
        p=[0.45, 0.15, 0.15, 0.2, 0.05],
    )
    voordracht = t0[h] + _days(rng, -45, 120, len(h))
    placed = rng.random(len(h)) < 0.7
    plaatsing = voordracht + _days(rng, 10, 240, len(h))
    plaatsing = np.where(placed & (plaatsing <= export), plaatsing, np.datetime64("NaT"))
    vertrek = plaatsing + _days(rng, 90, 900, len(h))
    hv = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[h]],
            "soort": soort,
            "voordracht": voordracht,
            "plaatsing": plaatsing,
            "vertrek": np.where(vertrek <= export, vertrek, np.datetime64("NaT")),
            "status": np.where(
                pd.notna(plaatsing), "geplaatst", rng.choice(np.array(["voorgedragen", "afgewezen", "ingetrokken"]), len(h))
            ),
        }
    )
    hv = hv.loc[hv["voordracht"] <= export]

    # Kostwinners: a work project for about one in ten.
    w = np.flatnonzero(rng.random(m) < 0.11)
    kw_start = t0[w] + _days(rng, 7, 200, len(w))
    work = rng.random(len(w)) < 0.5
    kw_work = kw_start + _days(rng, 14, 150, len(w))
    kw_work = np.where(work & (kw_work <= export), kw_work, np.datetime64("NaT"))
    lasting = np.where(rng.random(len(w)) < 0.6, "ja", "nee")
    lasting = np.where(pd.notna(kw_work) & (kw_work + 183 * DAY <= export), lasting, "")
    kw_end = kw_start + _days(rng, 60, 400, len(w))
    kw = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[w]],
            "aanmelding": kw_start - _days(rng, 3, 40, len(w)),
            "start": kw_start,
            "werk": kw_work,
            "soort": np.where(pd.notna(kw_work), rng.choice(np.array(["betaald", "leerwerk", "vrijwilligerswerk"]), len(w)), ""),
            "duurzaam": lasting,
            "einde": np.where(kw_end <= export, kw_end, np.datetime64("NaT")),
            "reden": np.where(
                kw_end <= export, rng.choice(np.array(["afgerond", "uitval", "overig"]), len(w), p=[0.5, 0.4, 0.1]), ""
            ),
        }
    )
    kw = kw.loc[kw["start"] <= export]

    # Schuldhulp and briefadres.
    s = np.flatnonzero(rng.random(m) < 0.2)
    s_aanm = t0[s] + _days(rng, -30, 200, len(s))
    s_intake = s_aanm + _days(rng, 3, 60, len(s))
    s_traject = s_intake + _days(rng, 14, 120, len(s))
    sh = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[s]],
            "aanmelding": s_aanm,
            "intake": np.where((rng.random(len(s)) < 0.85) & (s_intake <= export), s_intake, np.datetime64("NaT")),
            "traject": np.where((rng.random(len(s)) < 0.55) & (s_traject <= export), s_traject, np.datetime64("NaT")),
            "uitkomst": rng.choice(np.array(["lopend", "regeling", "schuldenvrij", "uitgevallen", "overig"]), len(s)),
        }
    )
    sh["intake"] = sh["intake"].where(sh["traject"].isna() | sh["intake"].notna(), sh["aanmelding"])
    # Some schuldhulp rows name the gemeente where the person lives now (v2 attribution).
    named = extra.random(len(sh)) < 0.15
    woon = extra.choice(np.array(["Haarlem", "Heemstede", "Zandvoort"]), len(sh), p=[0.8, 0.1, 0.1])
    if spread is not None:  # a region: the gemeenten of the region only
        woon = spread.woongemeente(pid[s])
    sh["gemeente"] = np.where(named, woon, "")
    sh = sh.loc[sh["aanmelding"] <= export]

    a = np.flatnonzero(rng.random(m) < 0.16)
    a_aanvraag = t0[a] + _days(rng, -10, 60, len(a))
    a_besluit = a_aanvraag + _days(rng, 1, 21, len(a))
    decided = a_besluit <= export
    ba = pd.DataFrame(
        {
            "bsn": persons["bsn"].to_numpy()[pid[a]],
            "aanvraag": a_aanvraag,
            "besluit_datum": np.where(decided, a_besluit, np.datetime64("NaT")),
            "besluit": np.where(decided, np.where(rng.random(len(a)) < 0.85, "toegekend", "afgewezen"), ""),
        }
    )
    ba = ba.loc[ba["aanvraag"] <= export]

    frames = {"casus": casus, "beg": beg, "hv": hv, "kw": kw, "sh": sh, "ba": ba}
    for frame in frames.values():
        for name in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[name]):
                frame[name] = frame[name].where(frame[name] <= export)
    pers = persons.iloc[det["p"].to_numpy()].reset_index(drop=True)
    detenties = pd.DataFrame(
        {
            "BSN": pers["bsn"],
            "Naam": pers["naam"],
            "Geboortedatum": pers["geboortedatum"],
            "Geslacht": pers["geslacht"],
            "Insluitingsdatum": det["in"],
            "Ontslagdatum": det["out"],
            "Gemeente terugkeer": pers["gemeente"] if spread is None else spread.names[spread.episode],
            "Detentietitel": det["titel"],
        }
    )
    return {
        "detenties": detenties,
        "casussen": casus.sort_values("aanmelding", kind="stable").rename(
            columns={
                "bsn": "BSN",
                "aanmelding": "Aanmelddatum",
                "contact": "Eerste contact",
                "geweigerd": "Weigert nazorg",
                "lvb": "LVB",
                "verslaving": "Verslavingsproblematiek",
                "psychisch": "Psychische problematiek",
                "id_intake": "ID bij intake",
                "id_ontslag": "ID bij ontslag",
                "huisvesting_intake": "Onderdak bij intake",
                "huisvesting_ontslag": "Onderdak bij ontslag",
                "inkomen_intake": "Inkomen bij intake",
                "inkomen_ontslag": "Inkomen bij ontslag",
                "schulden_intake": "Schulden bij intake",
                "schulden_ontslag": "Schulden bij ontslag",
                "zorg_intake": "Zorg bij intake",
                "zorg_ontslag": "Zorg bij ontslag",
                "id_6mnd": "ID na 6 maanden",
                "huisvesting_6mnd": "Onderdak na 6 maanden",
                "inkomen_6mnd": "Inkomen na 6 maanden",
                "schulden_6mnd": "Schulden na 6 maanden",
                "zorg_6mnd": "Zorg na 6 maanden",
                "afsluiting": "Afsluitdatum",
                "reden": "Reden afsluiting",
            }
        ),
        "begeleiding": beg.sort_values("start", kind="stable").rename(
            columns={
                "bsn": "BSN",
                "coach": "Hands-on begeleider",
                "start": "Startdatum",
                "einde": "Einddatum",
                "uitkomst": "Resultaat",
                "contacten": "Aantal contacten",
            }
        ),
        "huisvesting": hv.sort_values("voordracht", kind="stable").rename(
            columns={
                "bsn": "BSN",
                "soort": "Woonvorm",
                "voordracht": "Voordrachtdatum",
                "plaatsing": "Plaatsingsdatum",
                "vertrek": "Datum vertrek",
                "status": "Status",
            }
        ),
        "kostwinners": kw.sort_values("start", kind="stable").rename(
            columns={
                "bsn": "BSN",
                "aanmelding": "Datum aanmelding",
                "start": "Startdatum traject",
                "werk": "Datum plaatsing werk",
                "soort": "Soort werk",
                "duurzaam": "Werk na 6 maanden",
                "einde": "Einddatum",
                "reden": "Reden einde",
            }
        ),
        "schuldhulp": sh.sort_values("aanmelding", kind="stable").rename(
            columns={
                "bsn": "BSN",
                "aanmelding": "Datum aanmelding",
                "intake": "Datum intake",
                "traject": "Datum start traject",
                "uitkomst": "Uitkomst",
                "gemeente": "Woongemeente",
            }
        ),
        "briefadres": ba.sort_values("aanvraag", kind="stable").rename(
            columns={"bsn": "BSN", "aanvraag": "Aanvraagdatum", "besluit_datum": "Besluitdatum", "besluit": "Besluit"}
        ),
    }


# How each source is exported: the format partners use, and the sheet name.
EXPORTS: dict[str, tuple[str, str]] = {
    "detenties": ("xlsx", "Export DJI"),
    "casussen": ("csv-cp1252", ""),
    "begeleiding": ("xlsx", "Trajecten"),
    "huisvesting": ("xlsx", "Voordrachten"),
    "kostwinners": ("csv-utf8", ""),
    "schuldhulp": ("csv-cp1252", ""),
    "briefadres": ("xlsx", "Aanvragen"),
}
FIXED_CREATED = datetime(2020, 1, 1)


SAMPLE_FILES = [f"{source}.{'xlsx' if kind == 'xlsx' else 'csv'}" for source, (kind, _) in EXPORTS.items()]
SAMPLE_FILES += ["nazorg.toml", "nota.toml"]


def write_sample(out_dir: Path, options: SampleOptions, overwrite: bool = False) -> list[Path]:
    """Write the seven exports plus a nazorg.toml and a note file into ``out_dir``. Files that
    are there already (real exports, an edited note file) are never overwritten unless asked."""
    from nazorg_cli.codes import refusal

    existing = sorted(name for name in SAMPLE_FILES if (out_dir / name).exists())
    if existing and not overwrite:
        raise refusal("gebruik", "sample-bestaat", map=out_dir, bestanden=", ".join(existing))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source, frame in generate(options).items():
        kind, sheet = EXPORTS[source]
        if kind == "xlsx":
            path = out_dir / f"{source}.xlsx"
            _write_xlsx(path, sheet, frame)
        else:
            path = out_dir / f"{source}.csv"
            _write_csv(path, frame, cp1252=(kind == "csv-cp1252"))
        written.append(path)
    from nazorg_cli.sample.starter import write_starter_files

    if options.regio:
        written += write_starter_files(out_dir, synthetic=True, overwrite=True, regio=regio(options.regio))
    else:
        written += write_starter_files(out_dir, synthetic=True, overwrite=True, gemeente="Haarlem")
    return written


def _write_xlsx(path: Path, sheet: str, frame: pd.DataFrame) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    workbook.set_properties({"created": FIXED_CREATED, "author": "nazorg sample"})
    ws = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    bold = workbook.add_format({"bold": True})
    for col, name in enumerate(frame.columns):
        ws.write_string(0, col, name, bold)
        values = frame[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            for row, v in enumerate(values.tolist(), start=1):
                if not pd.isna(v):
                    ws.write_datetime(row, col, v.to_pydatetime(), date_format)
        elif pd.api.types.is_integer_dtype(values):
            for row, v in enumerate(values.tolist(), start=1):
                ws.write_number(row, col, v)
        else:
            for row, v in enumerate(values.tolist(), start=1):
                if v:
                    ws.write_string(row, col, str(v))
        ws.set_column(col, col, max(12, len(name) + 2))
    workbook.close()


def _write_csv(path: Path, frame: pd.DataFrame, cp1252: bool) -> None:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            # Partners' exports write day-first dates without leading zeros.
            d = out[name]
            out[name] = (
                d.dt.day.astype("Int64").astype(str)
                + "-"
                + d.dt.month.astype("Int64").astype(str)
                + "-"
                + d.dt.year.astype("Int64").astype(str)
            ).where(d.notna(), "")
    if cp1252:
        out.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
    else:
        out.to_csv(path, sep=",", index=False, encoding="utf-8-sig", lineterminator="\n")
