"""A second, deliberately naive implementation of DOMAIN §4: plain Python loops over records,
written from the spec text without looking at the pandas code. Used only by tests to
cross-check the vectorised indicators on whole datasets (differential testing)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


def pct(t, n):
    return None if n == 0 else float((Decimal(100 * t) / Decimal(n)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def status(has_value, open_):
    return "voorlopig" if open_ else ("ok" if has_value else "geen_gegevens")


def P(t, n, unknown=0, open_=0):
    return {"teller": t, "noemer": n, "waarde": pct(t, n), "onbekend": unknown, "open": open_, "status": status(n > 0, open_)}


def A(n, open_=0):
    return {"waarde": n, "open": open_, "status": status(True, open_)}


def med(values, open_=0):
    if not values:
        return {"waarde": None, "open": open_, "status": status(False, open_)}
    m = statistics.median(values)
    return {"waarde": int(m) if float(m).is_integer() else float(m), "open": open_, "status": status(True, open_)}


def mean(total, n, open_=0):
    if n == 0:
        return {"waarde": None, "open": open_, "status": status(False, open_)}
    return {
        "waarde": float((Decimal(total) / Decimal(n)).quantize(Decimal("0.1"), ROUND_HALF_UP)),
        "open": open_,
        "status": status(True, open_),
    }


def norm(g):
    """A gemeente name with case, spaces and accents ignored; '' for empty."""
    import unicodedata

    if g is None:
        return ""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(g)) if not unicodedata.combining(c))
    return "".join(plain.casefold().split())


def records(frame):
    out = []
    for row in frame.to_dict("records"):
        clean = {}
        for k, v in row.items():
            if v is None or (isinstance(v, float) and v != v) or str(v) in ("NaT", "<NA>", "nan"):
                clean[k] = None
            elif hasattr(v, "date") and callable(v.date):
                clean[k] = v.date()
            else:
                clean[k] = v
        out.append(clean)
    return out


# DOMAIN §2 "Peildatum" (v2), read record by record.
DEFINING = {
    "detenties": ["datum_insluiting"],
    "casussen": ["datum_aanmelding"],
    "begeleiding": ["datum_start"],
    "huisvesting": ["datum_voordracht", "datum_plaatsing"],
    "kostwinners": ["datum_start"],
    "schuldhulp": ["datum_aanmelding"],
    "briefadres": ["datum_aanvraag"],
}


def as_known_on(source, rows, peildatum):
    """The rows as an export made on the peildatum would hold them."""
    out = []
    for row in rows:
        defining = next((row[c] for c in DEFINING[source] if row.get(c) is not None), None)
        if defining is not None and defining > peildatum:
            continue  # the row did not exist yet
        row = dict(row)
        late = {k for k, v in row.items() if isinstance(v, date) and k.startswith("datum_") and v > peildatum}
        for k in late:
            row[k] = None
        if source == "begeleiding" and "datum_einde" in late and row.get("uitkomst") is not None:
            row["uitkomst"] = "lopend"
        if source == "briefadres" and "datum_besluit" in late:
            row["besluit"] = None
        if source == "kostwinners" and "datum_werk" in late:
            row["soort_werk"] = row["werk_na_6_maanden"] = None
        if source == "kostwinners" and "datum_einde" in late:
            row["reden_einde"] = None
        if source == "huisvesting" and "datum_plaatsing" in late and row.get("status") == "geplaatst":
            row["status"] = "voorgedragen"
        out.append(row)
    return out


def gemeenten_of(rows_of):
    """DOMAIN §2 "Gemeente": per source, each row with the gemeente it counts for (normalised;
    '' when empty or unknown). An episode has its own field; a row of another source its own
    field where filled, else the gemeente of its person's latest episode with datum_insluiting on
    or before the row's defining date, else of the person's earliest episode, else unknown."""
    episodes_by = defaultdict(list)
    for r in rows_of["detenties"]:
        episodes_by[r["persoon"]].append(r)
    for eps in episodes_by.values():
        eps.sort(key=lambda e: (e["datum_insluiting"], e["_rij"]))
    out = {}
    for source, rows in rows_of.items():
        pairs = []
        for r in rows:
            g = norm(r.get("gemeente"))
            if not g and source != "detenties":
                defining = next((r[c] for c in DEFINING[source] if r.get(c) is not None), None)
                eps = episodes_by.get(r["persoon"], [])
                before = [e for e in eps if defining is not None and e["datum_insluiting"] <= defining]
                if before:
                    g = norm(before[-1].get("gemeente"))
                elif eps:
                    g = norm(eps[0].get("gemeente"))
            pairs.append((r, g))
        out[source] = pairs
    return out


def attribute(rows_of, gemeente):
    """DOMAIN §2 "Gemeente": per source the rows that count for the gemeente (all without one)."""
    if not gemeente:
        return rows_of
    want = norm(gemeente)
    return {source: [r for r, g in pairs if g == "" or g == want] for source, pairs in gemeenten_of(rows_of).items()}


def age_class(birth, t0):
    if birth is None:
        return "onbekend"
    age = t0.year - birth.year - ((t0.month, t0.day) < (birth.month, birth.day))
    for low, high, label in ((18, 24, "18-24"), (25, 34, "25-34"), (35, 49, "35-49"), (50, 200, "50+")):
        if low <= age <= high:
            return label
    return "onbekend"


CATS = {
    "geslacht": ["man", "vrouw", "anders", "onbekend"],
    "leeftijdsklasse": ["18-24", "25-34", "35-49", "50+", "onbekend"],
    "titel": ["voorlopige_hechtenis", "veroordeeld", "isd", "overig", "onbekend"],
    "kwetsbaar": ["ja", "nee", "onbekend"],
    "hands_on": ["ja", "nee"],
    "hands_on_voor_ontslag": ["ja", "nee"],
}
DOMAINS = ("id", "huisvesting", "inkomen", "schulden", "zorg")
FLAGS = ("lvb", "verslaving", "psychisch")


def known_rows(frames, peildatum):
    """Every source's rows as an export made on the peildatum would hold them."""
    return {name: as_known_on(name, records(frame), peildatum) for name, frame in frames.items()}


def index_episodes(episodes, van: date, tot: date) -> dict:
    """{person: index episode}: per person the earliest of the given episodes released in P
    (ties: datum_insluiting, then the row in the file)."""
    index = {}
    for r in sorted(episodes, key=lambda r: (r["datum_ontslag"] or date.max, r["datum_insluiting"], r["_rij"])):
        if r["datum_ontslag"] is not None and van <= r["datum_ontslag"] <= tot and r["persoon"] not in index:
            index[r["persoon"]] = r
    return index


def compute(frames, van: date, tot: date, peildatum: date, gemeente=None, kosten=None) -> dict:
    """Every record of one period: {(id, uitsplitsing, categorie): fields}."""
    every = known_rows(frames, peildatum)
    mine = attribute(every, gemeente)  # the rows that count for the gemeente
    index = index_episodes(mine["detenties"], van, tot)
    return _compute(every, mine, mine["detenties"], index, van, tot, peildatum, kosten)


def compute_region(frames, van: date, tot: date, peildatum: date, gemeenten, kosten=None) -> dict:
    """A regional run's intern figures of one period (DOMAIN §2 "Gemeente", §8):
    {None: the region, gemeente: its records, "onbekend": rows and persons of unknown gemeente}.

    The region counts every row whose gemeente is one of the region's or empty/unknown, like a
    single run's G. A person belongs to the gemeente of his index episode over the whole region;
    a row to its own gemeente; empty or unknown gemeente goes to "onbekend" (the key is left out
    when the data, as cut at the peildatum, has no such row of the region). So the gemeenten and
    onbekend add up to the region."""
    every = known_rows(frames, peildatum)
    key_of = {norm(g): g for g in gemeenten}
    key_of[""] = "onbekend"
    keyed = {source: [(r, key_of[g]) for r, g in pairs if g in key_of] for source, pairs in gemeenten_of(every).items()}
    region = {source: [r for r, _ in pairs] for source, pairs in keyed.items()}
    index = index_episodes(region["detenties"], van, tot)
    out = {None: _compute(every, region, region["detenties"], index, van, tot, peildatum, kosten, regional=True)}
    keys = list(gemeenten)
    if any(key == "onbekend" for pairs in keyed.values() for _, key in pairs):
        keys.append("onbekend")
    for key in keys:
        own = {source: [r for r, k in pairs if k == key] for source, pairs in keyed.items()}
        persons = {p: e for p, e in index.items() if key_of[norm(e.get("gemeente"))] == key}
        # Person traits come from the region's episodes, as for the region itself, so that a
        # person falls in the same category in his gemeente as in the region.
        out[key] = _compute(every, own, region["detenties"], persons, van, tot, peildatum, kosten, regional=True)
    return out


def _compute(every, mine, traits, index, van, tot, peildatum, kosten, regional=False) -> dict:
    """The records of one period. every: all rows (as known on the peildatum), for indicators
    about persons; mine: per source the rows the row-counting indicators count; traits: the
    episodes a person's geslacht and geboortedatum may come from; index: {person: index episode},
    the cohort C(P). regional: the kosten are geen_gegevens (DOMAIN §4 says so of
    kosten_per_traject_hands_on; the other two divide the same kind of budget, docs/regio.md)."""
    inP = lambda d: d is not None and van <= d <= tot  # noqa: E731
    day = lambda n: timedelta(days=n)  # noqa: E731
    closed = lambda event, w: event + day(w) <= peildatum  # noqa: E731
    out = {}

    def put(id, fields, cat=None):
        out[(id, cat[0] if cat else None, cat[1] if cat else None)] = fields

    det = mine["detenties"]
    put("insluitingen", A(sum(1 for r in det if inP(r["datum_insluiting"]))))
    cohort = list(index)
    ti = {p: index[p]["datum_insluiting"] for p in cohort}
    t0 = {p: index[p]["datum_ontslag"] for p in cohort}

    # Person traits and contrasts.
    first_known = {}
    for r in sorted(traits, key=lambda r: r["_rij"]):
        for f in ("geslacht", "geboortedatum"):
            if r[f] is not None:
                first_known.setdefault((r["persoon"], f), r[f])
    cas_by = defaultdict(list)
    for r in every.get("casussen", []):
        cas_by[r["persoon"]].append(r)
    linked = {}
    for p in cohort:
        cs = [c for c in cas_by[p] if ti[p] <= c["datum_aanmelding"] <= t0[p] + day(90)]
        if cs:
            linked[p] = cs
    latest = {p: max(cs, key=lambda c: (c["datum_aanmelding"], c["_rij"])) for p, cs in linked.items()}
    traj_by = defaultdict(list)
    for t in every.get("begeleiding", []):
        traj_by[t["persoon"]].append(t)
    qualifying = {
        p: [
            t
            for t in traj_by[p]
            if t["datum_start"] <= t0[p] + day(180) and (t["datum_einde"] is None or t["datum_einde"] >= ti[p])
        ]
        for p in cohort
    }

    def category(p, dim):
        if dim == "geslacht":
            return index[p]["geslacht"] or first_known.get((p, "geslacht")) or "onbekend"
        if dim == "leeftijdsklasse":
            return age_class(index[p]["geboortedatum"] or first_known.get((p, "geboortedatum")), t0[p])
        if dim == "titel":
            return index[p]["titel"] or "onbekend"
        if dim == "kwetsbaar":
            if p not in latest:
                return "onbekend"
            values = [latest[p][f] for f in FLAGS]
            return "ja" if True in values else ("nee" if any(v is not None for v in values) else "onbekend")
        if dim == "hands_on":
            return "ja" if qualifying[p] else "nee"
        if dim == "hands_on_voor_ontslag":
            return "ja" if any(t["datum_start"] < t0[p] for t in qualifying[p]) else "nee"

    def over_persons(id, w, in_teller, in_noemer, in_onbekend=lambda p: False, dims=()):
        """A percentage over C(P): open persons out of teller and noemer, counted in open."""
        groups = [(None, cohort)]
        for dim in dims:
            for c in CATS[dim]:
                groups.append(((dim, c), [p for p in cohort if category(p, dim) == c]))
        for cat, persons in groups:
            done = [p for p in persons if w is None or closed(t0[p], w)]
            put(
                id,
                P(
                    sum(1 for p in done if in_teller(p)),
                    sum(1 for p in done if in_noemer(p)),
                    sum(1 for p in done if in_onbekend(p)),
                    len(persons) - len(done),
                ),
                cat,
            )

    for cat, persons in [(None, cohort)] + [
        ((d, c), [p for p in cohort if category(p, d) == c]) for d in ("geslacht", "leeftijdsklasse", "titel") for c in CATS[d]
    ]:
        put("uitstroom", A(len(persons)), cat)
    out[("detentieduur_mediaan", None, None)] = med([(t0[p] - ti[p]).days for p in cohort])

    if "casussen" in every:
        over_persons("bereik_nazorg", 90, lambda p: p in linked, lambda p: True, dims=("geslacht", "leeftijdsklasse"))

        def reached(p):
            if p not in linked:
                return False
            contacts = [c["datum_eerste_contact"] for c in linked[p] if c["datum_eerste_contact"]]
            return bool(contacts) and min(contacts) <= t0[p] + day(90) and latest[p]["nazorg_geweigerd"] is not True

        over_persons("nazorg_bereikt", 90, reached, lambda p: True)

        def early(p):
            return [c for c in linked.get(p, []) if c["datum_aanmelding"] < t0[p]]

        def early_contact(p):
            contacts = [c["datum_eerste_contact"] for c in early(p) if c["datum_eerste_contact"]]
            return min(contacts) if contacts else None

        over_persons(
            "contact_voor_ontslag",
            None,
            lambda p: early_contact(p) is not None and early_contact(p) < t0[p],
            lambda p: early_contact(p) is not None,
            lambda p: bool(early(p)) and early_contact(p) is None,
        )
        waits = []
        for p in linked:
            if closed(t0[p], 90):
                contacts = [c["datum_eerste_contact"] for c in linked[p] if c["datum_eerste_contact"]]
                if contacts:
                    waits.append(max(0, (min(contacts) - min(c["datum_aanmelding"] for c in linked[p])).days))
        put("tijd_tot_eerste_contact_mediaan", med(waits, sum(1 for p in cohort if not closed(t0[p], 90))))
        over_persons(
            "nazorg_geweigerd",
            90,
            lambda p: p in latest and latest[p]["nazorg_geweigerd"] is True,
            lambda p: p in latest and latest[p]["nazorg_geweigerd"] is not None,
            lambda p: p in latest and latest[p]["nazorg_geweigerd"] is None,
        )

        def st(p, d, moment):
            return latest[p][f"{d}_{moment}"] if p in latest else None

        def known(p, d, moment):
            return p in latest and st(p, d, moment) not in (None, "onbekend")

        for d in DOMAINS:
            over_persons(
                f"op_orde_bij_intake_{d}",
                90,
                lambda p, d=d: st(p, d, "intake") == "op_orde",
                lambda p, d=d: known(p, d, "intake"),
                lambda p, d=d: p in latest and not known(p, d, "intake"),
            )
        over_persons(
            "meervoudige_problematiek",
            90,
            lambda p: (
                all(known(p, d, "intake") for d in DOMAINS) and sum(st(p, d, "intake") == "niet_op_orde" for d in DOMAINS) >= 3
            ),
            lambda p: all(known(p, d, "intake") for d in DOMAINS),
            lambda p: p in latest and not all(known(p, d, "intake") for d in DOMAINS),
        )
        contrast = ("hands_on_voor_ontslag",) if "begeleiding" in every else ()
        for d in DOMAINS:
            over_persons(
                f"op_orde_bij_ontslag_{d}",
                90,
                lambda p, d=d: st(p, d, "ontslag") == "op_orde",
                lambda p, d=d: known(p, d, "ontslag"),
                lambda p, d=d: p in latest and not known(p, d, "ontslag"),
                contrast,
            )
            over_persons(
                f"verbeterd_{d}",
                90,
                lambda p, d=d: st(p, d, "intake") == "niet_op_orde" and st(p, d, "ontslag") == "op_orde",
                lambda p, d=d: st(p, d, "intake") == "niet_op_orde" and known(p, d, "ontslag"),
                lambda p, d=d: st(p, d, "intake") == "niet_op_orde" and not known(p, d, "ontslag"),
                contrast,
            )
            over_persons(
                f"op_orde_na_6_maanden_{d}",
                183,
                lambda p, d=d: st(p, d, "6mnd") == "op_orde",
                lambda p, d=d: known(p, d, "6mnd"),
                lambda p, d=d: p in latest and not known(p, d, "6mnd"),
            )
        over_persons(
            "alle_vijf_op_orde_bij_ontslag",
            90,
            lambda p: all(st(p, d, "ontslag") == "op_orde" for d in DOMAINS),
            lambda p: all(known(p, d, "ontslag") for d in DOMAINS),
            lambda p: p in latest and not all(known(p, d, "ontslag") for d in DOMAINS),
            (*contrast, "kwetsbaar"),
        )
        done = [p for p in cohort if closed(t0[p], 90)]
        put(
            "zonder_huisvesting_bij_ontslag",
            A(sum(1 for p in done if st(p, "huisvesting", "ontslag") == "niet_op_orde"), len(cohort) - len(done)),
        )
        for f in FLAGS:
            over_persons(
                "kwetsbaar",
                90,
                lambda p, f=f: p in latest and latest[p][f] is True,
                lambda p, f=f: p in latest and latest[p][f] is not None,
                lambda p, f=f: p in latest and latest[p][f] is None,
            )
            out[("kwetsbaar", "vlag", f)] = out.pop(("kwetsbaar", None, None))
        over_persons(
            "kwetsbaar",
            90,
            lambda p: category(p, "kwetsbaar") == "ja",
            lambda p: p in latest and category(p, "kwetsbaar") != "onbekend",
            lambda p: p in latest and category(p, "kwetsbaar") == "onbekend",
        )

    if "begeleiding" in every:
        dims = ("geslacht", "leeftijdsklasse", "kwetsbaar") if "casussen" in every else ("geslacht", "leeftijdsklasse")
        over_persons("hands_on_bereik", 180, lambda p: bool(qualifying[p]), lambda p: True, dims=dims)
        over_persons(
            "hands_on_tijdens_detentie",
            180,
            lambda p: bool(qualifying[p]) and min(t["datum_start"] for t in qualifying[p]) < t0[p],
            lambda p: bool(qualifying[p]),
        )
        trajecten = mine["begeleiding"]
        put("hands_on_gestart", A(sum(1 for t in trajecten if inP(t["datum_start"]))))
        ended = [t for t in trajecten if inP(t["datum_einde"])]
        outcome = [t["uitkomst"] if t["uitkomst"] not in (None, "lopend") else "onbekend" for t in ended]
        put("hands_on_beeindigd", A(len(ended)))
        for c in ("afgerond", "overgedragen", "uitgevallen", "overig", "onbekend"):
            put("hands_on_beeindigd", A(outcome.count(c)), ("uitkomst", c))
        known_outcome = [o for o in outcome if o != "onbekend"]
        put(
            "hands_on_afgerond",
            P(sum(o in ("afgerond", "overgedragen") for o in known_outcome), len(known_outcome), outcome.count("onbekend")),
        )
        contacts = [t["aantal_contacten"] for t in ended if t["aantal_contacten"] is not None]
        put("hands_on_contacten_gemiddeld", mean(sum(contacts), len(contacts)))
        end = min(tot, peildatum)
        loads = defaultdict(int)
        d = van
        while d <= end:
            for t in trajecten:
                if t["datum_start"] <= d and (t["datum_einde"] is None or t["datum_einde"] >= d):
                    loads[t["begeleider"]] += 1
            d += day(1)
        ndays = (end - van).days + 1
        put("caseload_gemiddeld", mean(sum(loads.values()), ndays * len(loads)) if loads else mean(0, 0))

    if "huisvesting" in every:
        hv = mine["huisvesting"]
        placed = [r for r in hv if inP(r["datum_plaatsing"])]
        cp = [r for r in placed if r["soort"] == "contingentwoning"]
        nominated = [r for r in hv if r["soort"] == "contingentwoning" and inP(r["datum_voordracht"])]
        put("contingent_voordrachten", A(len(nominated)))
        put("contingent_plaatsingen", A(len(cp)))
        decided = [r["status"] for r in nominated if r["status"] not in (None, "voorgedragen")]
        put(
            "contingent_afgewezen",
            P(sum(s in ("afgewezen", "ingetrokken") for s in decided), len(decided), sum(r["status"] is None for r in nominated)),
        )
        put(
            "contingent_doorlooptijd_mediaan",
            med([(r["datum_plaatsing"] - r["datum_voordracht"]).days for r in cp if r["datum_voordracht"]]),
        )
        done = [r for r in cp if closed(r["datum_plaatsing"], 365)]
        kept = [r for r in done if not (r["datum_vertrek"] is not None and r["datum_vertrek"] <= r["datum_plaatsing"] + day(365))]
        put("woning_behouden_12_maanden", P(len(kept), len(done), 0, len(cp) - len(done)))
        put("forensisch_plaatsingen", A(sum(1 for r in placed if r["soort"] == "forensisch")))
        put("plaatsingen", A(len(placed)))
        for s in ("contingentwoning", "forensisch", "beschermd_wonen", "maatschappelijke_opvang", "overig"):
            put("plaatsingen", A(sum(1 for r in placed if r["soort"] == s)), ("soort", s))
        waits = []
        for p in cohort:
            if closed(t0[p], 365):
                ds = [
                    r["datum_plaatsing"]
                    for r in every["huisvesting"]
                    if r["persoon"] == p and r["datum_plaatsing"] and t0[p] <= r["datum_plaatsing"] <= t0[p] + day(365)
                ]
                if ds:
                    waits.append((min(ds) - t0[p]).days)
        put("tijd_tot_huisvesting_mediaan", med(waits, sum(1 for p in cohort if not closed(t0[p], 365))))

    if "kostwinners" in every:
        kw = mine["kostwinners"]
        started = [r for r in kw if inP(r["datum_start"])]
        put("kostwinners_instroom", A(len(started)))
        done = [r for r in started if closed(r["datum_start"], 183)]
        work = [
            r for r in done if r["datum_werk"] is not None and r["datum_start"] <= r["datum_werk"] <= r["datum_start"] + day(183)
        ]
        put("kostwinners_werk", P(len(work), len(done), 0, len(started) - len(done)))
        for s in ("betaald", "leerwerk", "vrijwilligerswerk", "overig", "onbekend"):
            put(
                "kostwinners_werk",
                P(sum(1 for r in work if (r["soort_werk"] or "onbekend") == s), len(done), 0, len(started) - len(done)),
                ("soort_werk", s),
            )
        working = [r for r in kw if inP(r["datum_werk"])]
        mature = [r["werk_na_6_maanden"] for r in working if closed(r["datum_werk"], 183)]
        put(
            "kostwinners_duurzaam",
            P(mature.count(True), sum(v is not None for v in mature), mature.count(None), len(working) - len(mature)),
        )
        reasons = [r["reden_einde"] for r in kw if inP(r["datum_einde"])]
        put("kostwinners_uitval", P(reasons.count("uitval"), len(reasons) - reasons.count(None), reasons.count(None)))

    if "schuldhulp" in every:
        sh = [r for r in mine["schuldhulp"] if inP(r["datum_aanmelding"])]
        put("schuldhulp_aanmeldingen", A(len(sh)))
        put(
            "schuldhulp_wachttijd_mediaan",
            med([(r["datum_intake"] - r["datum_aanmelding"]).days for r in sh if r["datum_intake"]]),
        )
        for id, field, w in (
            ("schuldhulp_intake_binnen_4_weken", "datum_intake", 28),
            ("schuldhulp_traject_gestart", "datum_start_traject", 183),
        ):
            done = [r for r in sh if closed(r["datum_aanmelding"], w)]
            put(
                id,
                P(
                    sum(1 for r in done if r[field] is not None and r[field] <= r["datum_aanmelding"] + day(w)),
                    len(done),
                    0,
                    len(sh) - len(done),
                ),
            )
        results = [r["uitkomst"] for r in sh]
        decided = [u for u in results if u not in (None, "lopend")]
        put("schuldhulp_resultaat", P(sum(u in ("regeling", "schuldenvrij") for u in decided), len(decided), results.count(None)))

    if "briefadres" in every:
        ba = [r for r in mine["briefadres"] if inP(r["datum_aanvraag"])]
        besluit = [r["besluit"] for r in ba]
        put("briefadres_aanvragen", A(len(ba)))
        put("briefadres_toegekend", P(besluit.count("toegekend"), len(besluit) - besluit.count(None), besluit.count(None)))
        put(
            "briefadres_doorlooptijd_mediaan",
            med([(r["datum_besluit"] - r["datum_aanvraag"]).days for r in ba if r["datum_besluit"]]),
        )

        def first_request(p):
            ds = [
                r["datum_aanvraag"]
                for r in every["briefadres"]
                if r["persoon"] == p and ti[p] <= r["datum_aanvraag"] <= t0[p] + day(90)
            ]
            return min(ds) if ds else None

        over_persons(
            "briefadres_voor_ontslag",
            90,
            lambda p: first_request(p) is not None and first_request(p) < t0[p],
            lambda p: first_request(p) is not None,
        )

    # Re-detention: episodes of any gemeente.
    all_episodes = every["detenties"]
    dims = tuple(d for d, src in (("hands_on", "begeleiding"), ("kwetsbaar", "casussen")) if src in every)
    over_persons(
        "wederopsluiting_2jaar",
        730,
        lambda p: any(r["persoon"] == p and t0[p] < r["datum_insluiting"] <= t0[p] + day(730) for r in all_episodes),
        lambda p: True,
        dims=dims,
    )

    # Costs: the budget of P's calendar year over the count, whole euros.
    kosten = kosten or {}
    year = van.year if (van.month, van.day, tot.month, tot.day) == (1, 1, 12, 31) and van.year == tot.year else None
    for id, post, divisor in (
        ("kosten_per_traject_hands_on", "hands_on", ("hands_on_gestart", "waarde")),
        ("kosten_per_persoon_hands_on", "hands_on", ("hands_on_bereik", "teller")),
        ("kosten_per_traject_kostwinners", "kostwinners", ("kostwinners_instroom", "waarde")),
    ):
        base = out.get((divisor[0], None, None))
        if base is None:
            continue
        n = base[divisor[1]]
        amount = kosten.get(post, {}).get(year)
        # A budget is one gemeente's: in a regional run no cost is computed (docs/regio.md).
        if amount is None or not n or regional:
            put(id, {"waarde": None, "open": base["open"], "status": "geen_gegevens"})
        else:
            euros = int((Decimal(amount) / Decimal(n)).quantize(Decimal(1), ROUND_HALF_UP))
            put(id, {"waarde": euros, "open": base["open"], "status": base["status"]})
    return out
