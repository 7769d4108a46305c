"""The note's template context, built from indicatoren.json data alone (never raw sources).

evaluate and render both call :func:`note_context` with the same document, so they give the
same note.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from nazorg_cli.indicators.catalog import catalog, themes
from nazorg_cli.indicators.period import is_pooled, period_name
from nazorg_cli.report.charts import chart_spec
from nazorg_cli.report.formatting import datum, getal, meervoud, waarde
from nazorg_cli.report.narrative import sentence
from nazorg_cli.report.notabestand import HEADER_FIELDS, Nota, marker

# Sections of chapter 3 (Consequenties), in the note's order: catalogue theme -> note-file key.
SECTION_TEXT_KEYS = {
    "uitstroom": "uitstroom",
    "hands_on": "hands_on",
    "basisvoorwaarden": "basisvoorwaarden",
    "huisvesting": "huisvesting",
    "arbeid": "arbeid",
    "schulden_briefadres": "schulden_briefadres",
    "kwetsbare_groepen": "kwetsbare_groepen",
}


def _compared(document: dict) -> tuple:
    """The report period and the one before it: labels, names and their total records by id."""
    periode_label = f"{document['periode']['van']}/{document['periode']['tot_en_met']}"
    totals = [r for r in document["indicatoren"] if r["uitsplitsing"] is None]
    current = {r["id"]: r for r in totals if r["periode"] == periode_label}
    # Earlier periods of the reeks (a pooled periode, P with the period before it, is not one).
    earlier_labels = sorted(
        {r["periode"] for r in totals if r["periode"] < periode_label and not is_pooled(r["periode"], periode_label)}
    )
    vorige_label = earlier_labels[-1] if earlier_labels else None
    previous = {r["id"]: r for r in totals if r["periode"] == vorige_label}
    vorige = period_name(vorige_label) if vorige_label else None
    return periode_label, period_name(periode_label), current, vorige_label, vorige, previous


def chart_specs(document: dict) -> list[dict]:
    """What each theme's chart shows (see charts.chart_spec), in the note's order."""
    defs = catalog()
    _, periode, current, _, vorige, previous = _compared(document)
    specs = []
    for key, title in themes().items():
        ids = [id for id in defs if defs[id].thema == key and id in current]
        spec = (
            chart_spec(
                key,
                title,
                [
                    {
                        "naam": defs[id].naam,
                        "eenheid": defs[id].eenheid,
                        "waarde": _plotted(current[id]),
                        "label": waarde(current[id], defs[id].decimalen),
                        "vorige_waarde": _plotted(previous.get(id)),
                        "vorige_label": waarde(previous.get(id), defs[id].decimalen),
                    }
                    for id in ids
                ],
                periode,
                vorige,
            )
            if ids
            else None
        )
        if spec:
            specs.append(spec)
    return specs


def note_context(document: dict, nota: Nota, quality: dict | None, drawn: dict[str, dict]) -> dict:
    """``drawn``: by theme key, the chart's titel, beschrijving, svg and data_uri."""
    defs = catalog()
    periode_label, periode, current, vorige_label, vorige, previous = _compared(document)
    # Earlier periods from the history of published figures, oldest first, then P-1 and P.
    history: dict[str, dict[str, dict]] = {}
    for r in document.get("historie", []):
        if r["uitsplitsing"] is None:
            history.setdefault(r["periode"], {})[r["id"]] = r
    columns = [(label, history[label]) for label in sorted(history)]
    # Then the periods of the reeks (DOMAIN §2 v2), oldest first, ending with P.
    reeks: dict[str, dict[str, dict]] = {}
    pooled: dict[str, dict] = {}  # P with the period before it, where P's own figure is an x
    for r in document["indicatoren"]:
        if r["uitsplitsing"] is None:
            if is_pooled(r["periode"], periode_label):
                pooled[r["id"]] = r
            else:
                reeks.setdefault(r["periode"], {})[r["id"]] = r
    columns += [(label, reeks[label]) for label in sorted(reeks)]
    # The appendix lists every record of P and the period before it (the reeks in full is in
    # indicatoren.json, .csv and .xlsx).
    shown = {periode_label, vorige_label}

    sections: list[dict] = []
    charts: list[dict] = []
    for key, title in themes().items():
        ids = [id for id in defs if defs[id].thema == key and id in current]
        rows = [
            {
                "id": id,
                "naam": defs[id].naam,
                "status": current[id]["status"],
                "waarden": [waarde(records.get(id), defs[id].decimalen) for _, records in columns],
            }
            for id in ids
        ]
        sentences = [sentence(defs[id], current[id], previous.get(id), periode, vorige, pooled.get(id)) for id in ids]
        hidden = [current[id].get("reden") for id in ids if current[id]["status"] == "onderdrukt"]
        if hidden:
            sentences.append(_hidden_sentence(len(ids), hidden))
        chart = drawn.get(key)
        if chart:
            charts.append(chart)
        text = nota.text(SECTION_TEXT_KEYS[key])
        sections.append(
            {
                "key": key,
                "titel": title,
                "tekst": text,
                "rijen": rows,
                "zinnen": sentences,
                "berekend": bool(ids),
                "grafiek": chart,
            }
        )

    kernzinnen = [s for section in sections for s in section["zinnen"][:1]]
    kop = [{"label": label, "waarde": nota.kopveld(key, label)} for key, label in HEADER_FIELDS]
    besluit_datum = _dutch_date_or_text((nota.kop.get("besluit_college_datum") or "").strip())
    gemeente = document.get("gemeente") or marker("gemeente")
    band = " · ".join(
        t
        for t, on in (
            ("VERTROUWELIJK: niet publiceren", document["publicatie"] == "intern"),
            ("Synthetische voorbeelddata", bool(document.get("synthetisch"))),
        )
        if on
    )
    return {
        "band": band,
        "voet": " · ".join(t for t in (band, f"Informatienota {gemeente} · {periode}") if t),
        "gemeente": gemeente,
        "synthetisch": bool(document.get("synthetisch")),
        "intern": document["publicatie"] == "intern",
        "periode": periode,
        "vorige": vorige,
        "kolommen": [period_name(label) for label, _ in columns],
        "uit_historie": [period_name(label) for label in sorted(history)],
        "peildatum": datum(document["peildatum"]),
        "kop": kop,
        "onderwerp": nota.kopveld("onderwerp", "Onderwerp"),
        "nummer": nota.kopveld("nummer", "Nummer"),
        "kernboodschap_kort": (nota.kop.get("kernboodschap") or "").strip() or marker("korte kernboodschap"),
        "behandelvoorstel": (nota.kop.get("behandelvoorstel") or "").strip() or marker("Behandelvoorstel voor commissie"),
        "eerdere_besluiten": nota.eerdere_besluiten,
        "besluit_college_datum": besluit_datum or marker("datum besluit college"),
        "besluit_college": (nota.kop.get("besluit_college") or "").strip() or marker("besluit college"),
        "inleiding": nota.text("inleiding"),
        "kernboodschap": nota.text("kernboodschap"),
        "kernzinnen": kernzinnen,
        "vervolg": nota.text("vervolg"),
        "secties": sections,
        "grafieken": charts,
        "indicatorentabel": [
            {
                "id": r["id"],
                "naam": defs[r["id"]].naam,
                "periode": period_name(r["periode"]),
                "uitsplitsing": r["uitsplitsing"] or "",
                "categorie": (r["categorie"] or "").replace("_", " "),
                "waarde": waarde(r, defs[r["id"]].decimalen),
                "teller": getal(r["teller"]) if r["teller"] is not None else "",
                "noemer": getal(r["noemer"]) if r["noemer"] is not None else "",
                "status": r["status"].replace("_", " "),
            }
            for r in document["indicatoren"]
            if r["periode"] in shown
        ],
        "definities": [
            {
                "id": d.id,
                "naam": d.naam,
                "eenheid": d.eenheid,
                "bronnen": ", ".join(d.bronnen),
                "definitie": d.definitie
                + (
                    f" Termijn: {d.venster[0]} dagen na {d.venster[1]}; zolang die loopt, is het cijfer voorlopig."
                    if d.venster
                    else ""
                ),
            }
            for d in defs.values()
        ],
        "datakwaliteit": _quality(quality, openbaar=document["publicatie"] == "openbaar"),
    }


def _dutch_date_or_text(text: str) -> str:
    """An ISO date from the note file in Dutch style (5 februari 2019); other text as written."""
    try:
        return datum(text) if text else text
    except ValueError:
        return text


def _plotted(record: dict | None) -> float | None:
    """A protected value to chart, or None for suppressed or missing figures."""
    if record is None or record["status"] == "onderdrukt" or record["waarde"] is None:
        return None
    return record["waarde"]


ROW_COUNTS = ("rijen_gelezen", "rijen_geaccepteerd", "rijen_afgekeurd", "duplicaten")
COLUMN_CODES = {"kolom-onbekend", "kolom-dubbel", "bron-ontbreekt"}  # about columns and files, not rows
APPENDIX_K = 5


def _quality(quality: dict | None, openbaar: bool = True, k: int = APPENDIX_K) -> dict | None:
    """The data-quality appendix. In an openbaar note its counts follow the rules of any count:
    a source whose row counts include one of 1 to k - 1 rows shows x for all four (they add up,
    so one x alone could be worked out), and so does a small count of row findings. The other
    counts are rounded to tens (ca. 1.060): a source's rows bound the row counts of its
    indicators over all periods, and an exact total could pin a suppressed one down by
    subtraction; rounded, it leaves at least five either way. An intern note shows them exact."""
    if quality is None:
        return None

    def small(n: int) -> bool:
        return openbaar and 0 < n < k

    def shown(n: int) -> str:
        if not openbaar or n == 0:
            return getal(n)
        return "x" if n < k else f"ca. {getal(int(Decimal(n).quantize(Decimal('1E1'), rounding=ROUND_HALF_UP)))}"

    counts: dict[tuple[str, str, str], int] = {}
    for f in quality["bevindingen"]:
        key = (f["bron"], f["code"], f["ernst"])
        counts[key] = counts.get(key, 0) + 1
    hidden_sources = {b["bron"] for b in quality["bronnen"] if any(small(b[c]) for c in ROW_COUNTS)}
    read = sum(b["rijen_gelezen"] for b in quality["bronnen"])
    rejected = sum(b["rijen_afgekeurd"] for b in quality["bronnen"])
    doubles = sum(b["duplicaten"] for b in quality["bronnen"])
    missing = [b["bron"] for b in quality["bronnen"] if not b["bestand"]]
    sources = meervoud(len(quality["bronnen"]) - len(missing), "bron", "bronnen")
    if openbaar:
        summary = (
            f"Uit {sources} zijn rijen gelezen; de aantallen per bron staan in de tabel, afgerond op tientallen, "
            f"en kleine aantallen als x (te weinig personen om te publiceren)."
        )
    else:
        summary = (
            f"Uit {sources} {'is' if read == 1 else 'zijn'} {meervoud(read, 'rij', 'rijen')} gelezen; "
            f"{meervoud(rejected, 'rij', 'rijen')} {'is' if rejected == 1 else 'zijn'} afgekeurd en "
            f"{meervoud(doubles, 'dubbele rij', 'dubbele rijen')} één keer geteld."
        )
    if missing:
        summary += f" Geen gegevens voor: {', '.join(missing)}."
    return {
        "samenvatting": summary,
        "bronnen": [
            {
                **b,
                **{c: "x" if b["bron"] in hidden_sources else shown(b[c]) for c in ROW_COUNTS},
                "bestand": b["bestand"] or "(ontbreekt)",
            }
            for b in quality["bronnen"]
        ],
        "bevindingen": [
            {"bron": b, "code": c, "ernst": e, "aantal": getal(n) if c in COLUMN_CODES else shown(n)}
            for (b, c, e), n in sorted(counts.items())
        ],
    }


def _hidden_sentence(indicators: int, redenen: list) -> str:
    """How many of a theme's indicators are an x, and why (their reden, DOMAIN §6 v2)."""
    small = "omdat het om te weinig personen gaat"
    guarding = "omdat anders een klein aantal elders in de tabellen te berekenen is"
    secundair = redenen.count("secundair")
    primair = len(redenen) - secundair  # records from before v2 carry no reden: too few persons
    start = (
        f"Van de {meervoud(indicators, 'indicator', 'indicatoren')} van dit thema "
        f"{'wordt' if len(redenen) == 1 else 'worden'} er {getal(len(redenen))} niet gepubliceerd"
    )
    if not secundair:
        return f"{start}, {small}."
    if not primair:
        return f"{start}, {guarding}."
    return f"{start}: {getal(primair)} {small} en {getal(secundair)} {guarding}."
