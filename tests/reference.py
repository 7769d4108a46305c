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


def P(t, n, unknown=0):
    return {"teller": t, "noemer": n, "waarde": pct(t, n), "onbekend": unknown}


def med(values):
    if not values:
        return {"waarde": None}
    m = statistics.median(values)
    return {"waarde": int(m) if float(m).is_integer() else float(m)}


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


def compute(frames, van: date, tot: date, peildatum: date, gemeente=None) -> dict:
    inP = lambda d: d is not None and van <= d <= tot  # noqa: E731
    day = lambda n: timedelta(days=n)  # noqa: E731
    rows_of = {name: as_known_on(name, records(frame), peildatum) for name, frame in frames.items()}
    det = [
        r
        for r in rows_of["detenties"]
        if not gemeente or not (r["gemeente"] or "").strip() or r["gemeente"].strip().lower() == gemeente.lower()
    ]
    out = {"insluitingen": {"waarde": sum(1 for r in det if inP(r["datum_insluiting"]))}}
    index = {}
    for r in sorted(det, key=lambda r: (r["datum_ontslag"] or date.max, r["datum_insluiting"], r["_rij"])):
        if inP(r["datum_ontslag"]) and r["persoon"] not in index:
            index[r["persoon"]] = r
    cohort = list(index)
    out["uitstroom"] = {"waarde": len(cohort)}
    out["detentieduur_mediaan"] = med([(index[p]["datum_ontslag"] - index[p]["datum_insluiting"]).days for p in cohort])

    cas_by = defaultdict(list)
    for r in rows_of["casussen"]:
        cas_by[r["persoon"]].append(r)
    linked = {}
    for p in cohort:
        ti, t0 = index[p]["datum_insluiting"], index[p]["datum_ontslag"]
        mine = [c for c in cas_by[p] if ti <= c["datum_aanmelding"] <= t0 + day(90)]
        if mine:
            linked[p] = mine
    out["bereik_nazorg"] = P(len(linked), len(cohort))
    contact_known = contact_before = 0
    for p, cs in linked.items():
        contacts = [c["datum_eerste_contact"] for c in cs if c["datum_eerste_contact"]]
        if contacts:
            contact_known += 1
            contact_before += min(contacts) < index[p]["datum_ontslag"]
    out["contact_voor_ontslag"] = P(contact_before, contact_known, len(linked) - contact_known)
    latest = {p: max(cs, key=lambda c: (c["datum_aanmelding"], c["_rij"])) for p, cs in linked.items()}
    ref = [latest[p]["nazorg_geweigerd"] for p in latest]
    out["nazorg_geweigerd"] = P(
        sum(1 for v in ref if v is True), sum(1 for v in ref if v is not None), sum(1 for v in ref if v is None)
    )
    domains = ("id", "huisvesting", "inkomen", "schulden", "zorg")
    for d in domains:
        vals = [latest[p][f"{d}_ontslag"] for p in latest]
        out[f"op_orde_bij_ontslag_{d}"] = P(vals.count("op_orde"), len(vals) - vals.count("onbekend"), vals.count("onbekend"))
        pairs = [(latest[p][f"{d}_intake"], latest[p][f"{d}_ontslag"]) for p in latest]
        base = [b for a, b in pairs if a == "niet_op_orde"]
        out[f"verbeterd_{d}"] = P(base.count("op_orde"), len(base) - base.count("onbekend"), base.count("onbekend"))
    allk = [all(latest[p][f"{d}_ontslag"] != "onbekend" for d in domains) for p in latest]
    allok = [all(latest[p][f"{d}_ontslag"] == "op_orde" for d in domains) for p in latest]
    out["alle_vijf_op_orde_bij_ontslag"] = P(sum(allok), sum(allk), len(allk) - sum(allk))
    flags = ("lvb", "verslaving", "psychisch")
    anyk = [p for p in latest if any(latest[p][f] is not None for f in flags)]
    out["kwetsbaar"] = P(sum(1 for p in anyk if any(latest[p][f] is True for f in flags)), len(anyk), len(latest) - len(anyk))

    trajecten = rows_of["begeleiding"]
    reached, during = 0, 0
    for p in cohort:
        ti, t0 = index[p]["datum_insluiting"], index[p]["datum_ontslag"]
        q = [
            t
            for t in trajecten
            if t["persoon"] == p and t["datum_start"] <= t0 + day(180) and (t["datum_einde"] is None or t["datum_einde"] >= ti)
        ]
        if q:
            reached += 1
            during += min(t["datum_start"] for t in q) < t0
    out["hands_on_bereik"] = P(reached, len(cohort))
    out["hands_on_tijdens_detentie"] = P(during, reached)
    out["hands_on_gestart"] = {"waarde": sum(1 for t in trajecten if inP(t["datum_start"]))}
    ended = [t["uitkomst"] for t in trajecten if inP(t["datum_einde"])]
    known = [u for u in ended if u is not None and u != "lopend"]
    out["hands_on_afgerond"] = P(known.count("afgerond"), len(known), ended.count(None))
    end = min(tot, peildatum)
    loads = defaultdict(int)
    d = van
    while d <= end:
        for t in trajecten:
            if t["datum_start"] <= d and (t["datum_einde"] is None or t["datum_einde"] >= d):
                loads[t["begeleider"]] += 1
        d += day(1)
    ndays = (end - van).days + 1
    if loads:
        mean = Decimal(sum(loads.values())) / Decimal(ndays * len(loads))
        out["caseload_gemiddeld"] = {"waarde": float(mean.quantize(Decimal("0.1"), ROUND_HALF_UP))}
    else:
        out["caseload_gemiddeld"] = {"waarde": None}

    hv = rows_of["huisvesting"]
    placed = [r for r in hv if inP(r["datum_plaatsing"])]
    cp = [r for r in placed if r["soort"] == "contingentwoning"]
    out["contingent_voordrachten"] = {
        "waarde": sum(1 for r in hv if r["soort"] == "contingentwoning" and inP(r["datum_voordracht"]))
    }
    out["contingent_plaatsingen"] = {"waarde": len(cp)}
    out["contingent_doorlooptijd_mediaan"] = med(
        [(r["datum_plaatsing"] - r["datum_voordracht"]).days for r in cp if r["datum_voordracht"]]
    )
    out["forensisch_plaatsingen"] = {"waarde": sum(1 for r in placed if r["soort"] == "forensisch")}
    out["plaatsingen"] = {"waarde": len(placed)}

    kw = rows_of["kostwinners"]
    started = [r for r in kw if inP(r["datum_start"])]
    out["kostwinners_instroom"] = {"waarde": len(started)}
    out["kostwinners_werk"] = P(sum(1 for r in started if r["datum_werk"]), len(started))
    mature = [r["werk_na_6_maanden"] for r in kw if inP(r["datum_werk"]) and r["datum_werk"] + day(183) <= peildatum]
    out["kostwinners_duurzaam"] = P(
        sum(1 for v in mature if v is True), sum(1 for v in mature if v is not None), sum(1 for v in mature if v is None)
    )
    reasons = [r["reden_einde"] for r in kw if inP(r["datum_einde"])]
    out["kostwinners_uitval"] = P(reasons.count("uitval"), len(reasons) - reasons.count(None), reasons.count(None))

    sh = [r for r in rows_of["schuldhulp"] if inP(r["datum_aanmelding"])]
    out["schuldhulp_aanmeldingen"] = {"waarde": len(sh)}
    out["schuldhulp_wachttijd_mediaan"] = med([(r["datum_intake"] - r["datum_aanmelding"]).days for r in sh if r["datum_intake"]])
    out["schuldhulp_traject_gestart"] = P(sum(1 for r in sh if r["datum_start_traject"]), len(sh))
    ba = [r for r in rows_of["briefadres"] if inP(r["datum_aanvraag"])]
    besluit = [r["besluit"] for r in ba]
    out["briefadres_aanvragen"] = {"waarde": len(ba)}
    out["briefadres_toegekend"] = P(besluit.count("toegekend"), len(besluit) - besluit.count(None), besluit.count(None))
    out["briefadres_doorlooptijd_mediaan"] = med(
        [(r["datum_besluit"] - r["datum_aanvraag"]).days for r in ba if r["datum_besluit"]]
    )

    followed = [p for p in cohort if index[p]["datum_ontslag"] + day(730) <= peildatum]
    again = 0
    for p in followed:
        t0 = index[p]["datum_ontslag"]
        again += any(r["persoon"] == p and t0 < r["datum_insluiting"] <= t0 + day(730) for r in det)
    out["wederopsluiting_2jaar"] = P(again, len(followed))
    return out
