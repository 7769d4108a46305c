"""The template contexts of the two documents (DOMAIN §7 v2), built from indicatoren.json data
alone (never raw sources):

- the informatienota: two to four pages, with the Kerncijfers, at most five drafted sentences in
  2. Kernboodschap and the messages of 3. Consequenties from the note file;
- the monitor: per theme a table over the reeks and its chart, the definitions, teller, noemer and
  onbekend, the pooled figures, the breakdowns, a leeswijzer and the data quality.

evaluate and render both call these with the same document, so they give the same documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from nazorg_cli.codes import refusal
from nazorg_cli.indicators.catalog import IndicatorDef, catalog, themes
from nazorg_cli.indicators.period import is_pooled, period_name
from nazorg_cli.report import sentences
from nazorg_cli.report.charts import chart_spec
from nazorg_cli.report.formatting import NIHIL, NO_DATA, SUPPRESSED, datum, getal, meervoud, procent, waarde
from nazorg_cli.report.notabestand import HEADER_FIELDS, Nota, Streefwaarde, marker, standaard
from nazorg_cli.report.targets import RULE, stoplicht

PROVISIONAL = "*"
LEGEND = {
    SUPPRESSED: "x = niet gepubliceerd (geheim: te weinig mensen, of om een ander klein cijfer te beschermen)",
    NO_DATA: ". = gegevens ontbreken (of nog niet bekend)",
    NIHIL: "– = nihil (0)",
    PROVISIONAL: "* = voorlopig (de termijn loopt nog; het cijfer kan nog veranderen)",
}
OORDEEL_WORDS = {"hoger": "gestegen", "lager": "gedaald", "gelijk": "vrijwel gelijk", "onzeker": "verschil kan toeval zijn"}
BREAKDOWN_WORDS = {
    "geslacht": "geslacht",
    "leeftijdsklasse": "leeftijd",
    "soort": "woonvorm",
    "titel": "detentietitel",
    "kwetsbaar": "extra kwetsbaar",
    "hands_on": "hands-on begeleiding",
    "hands_on_voor_ontslag": "hands-on begeleiding vóór ontslag",
    "uitkomst": "uitkomst",
    "soort_werk": "soort werk",
    "vlag": "kwetsbaarheid",
}
CATEGORY_WORDS = {
    "lvb": "licht verstandelijke beperking",
    "isd": "ISD-maatregel",
}
STOPLICHT_MARK = "●"


def category_word(categorie: str) -> str:
    return CATEGORY_WORDS.get(categorie, categorie.replace("_", " "))


@dataclass
class Figures:
    """The published total records of a document, by indicator and periode."""

    label: str  # P
    vorige_label: str | None  # the period before P in the reeks
    periods: list[str]  # the reeks (with earlier periods from the history), oldest first
    history_periods: list[str]
    reeks: dict[str, dict[str, dict]]  # id -> periode -> record
    pooled: dict[str, dict]  # id -> the pooled record of P with the period before it

    @classmethod
    def of(cls, document: dict) -> Figures:
        label = f"{document['periode']['van']}/{document['periode']['tot_en_met']}"
        reeks: dict[str, dict[str, dict]] = {}
        pooled: dict[str, dict] = {}
        history: set[str] = set()
        for r in document.get("historie", []):
            if r["uitsplitsing"] is None:
                reeks.setdefault(r["id"], {})[r["periode"]] = r
                history.add(r["periode"])
        own: set[str] = set()
        for r in document["indicatoren"]:
            if r["uitsplitsing"] is not None:
                continue
            if is_pooled(r["periode"], label):
                pooled[r["id"]] = r
            else:
                reeks.setdefault(r["id"], {})[r["periode"]] = r
                own.add(r["periode"])
        periods = sorted(history | own)
        earlier = [p for p in periods if p < label]
        return cls(label, earlier[-1] if earlier else None, periods, sorted(history - own), reeks, pooled)

    def current(self, id: str) -> dict | None:
        return self.reeks.get(id, {}).get(self.label)

    def previous(self, id: str) -> dict | None:
        return self.reeks.get(id, {}).get(self.vorige_label) if self.vorige_label else None

    def computed(self, id: str) -> bool:
        return self.current(id) is not None


def cel(record: dict | None, definition: IndicatorDef) -> str:
    """A figure in a table for people: the value with the CBS symbols, * after a voorlopig one."""
    text = waarde(record, definition.decimalen)
    if record is not None and record["status"] == "voorlopig" and record.get("waarde") is not None:
        return text + PROVISIONAL
    return text


def legend(cells: list[str]) -> str:
    """The legend of the symbols a table uses (DOMAIN §6 v2: each table carries its own)."""
    used = [
        text
        for symbol, text in LEGEND.items()
        if any(c == symbol or (symbol == PROVISIONAL and c.endswith(PROVISIONAL)) for c in cells)
    ]
    return ("Tekens: " + "; ".join(used) + ".") if used else ""


def oordeel_word(record: dict | None, previous: dict | None) -> str:
    if record is None:
        return "geen gegevens"
    oordeel = (record.get("vergelijking") or {}).get("oordeel")
    if oordeel in OORDEEL_WORDS:
        return OORDEEL_WORDS[oordeel]
    if record["status"] == "voorlopig":
        return "nog niet bekend" if record.get("waarde") is None else "voorlopig, niet vergeleken"
    if record["status"] == "onderdrukt":
        return "niet te vergelijken: niet gepubliceerd"
    if previous is not None and previous["status"] == "onderdrukt":
        return f"niet te vergelijken: {period_name(previous['periode'])} niet gepubliceerd"
    if previous is not None and previous["status"] == "voorlopig":
        return f"niet te vergelijken: {period_name(previous['periode'])} voorlopig"
    return "niet te vergelijken"


def target_text(target: Streefwaarde, definition: IndicatorDef) -> str:
    value = target.waarde
    shown = getal(value, 0 if float(value).is_integer() else 1)
    unit = {"percentage": "%", "dagen": " dagen", "bedrag": ""}.get(definition.eenheid, "")
    if definition.eenheid == "bedrag":
        shown = f"€ {shown}"
    return f"{target.richting} {shown}{unit}"


def light(record: dict | None, target: Streefwaarde, definition: IndicatorDef) -> str:
    """The stoplicht as the tables show it: a dot (coloured in HTML and PDF) and the word."""
    return f"{STOPLICHT_MARK} {stoplicht(record, target, definition.eenheid)}"


# --- figures in the college's own text ----------------------------------------------------------

_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}\s]*)\}(?!\})")
PLACEHOLDER_FIELDS = ("teller", "noemer", "vorige")


def fill(text: str, figures: Figures, nota: Nota, plek: str) -> str:
    """``{bereik_nazorg}`` (and ``{id.teller}``, ``{id.noemer}``, ``{id.vorige}``) in a text of the
    note file become the published figure of P (or of the period before it) as the note shows
    it; a suppressed or unknown figure is refused, so the college's text never holds an x.
    ``{{`` and ``}}`` stand for a brace."""
    defs = catalog()

    def one(match: re.Match) -> str:
        name = match.group(1)
        id, _, field = name.partition(".")
        if id not in defs or (field and field not in PLACEHOLDER_FIELDS):
            raise refusal("configuratie", "nota-cijfer-onbekend", bestand=nota.naam, plek=plek, naam=name)
        definition = defs[id]
        label = figures.vorige_label if field == "vorige" else figures.label
        record = figures.reeks.get(id, {}).get(label) if label else None
        unknown = record is None or record["status"] in ("onderdrukt", "geen_gegevens") or record.get("waarde") is None
        if not unknown and field in ("teller", "noemer"):
            unknown = record is None or record.get(field) is None
        if unknown:
            reden = {
                "onderdrukt": "geheim: te weinig personen of ter bescherming van een ander cijfer",
                "geen_gegevens": "geen gegevens",
            }.get(record["status"] if record else "", "nog niet bekend")
            raise refusal(
                "configuratie",
                "nota-cijfer-geheim",
                bestand=nota.naam,
                plek=plek,
                naam=name,
                periode=period_name(label) if label else "de vorige periode",
                reden=reden,
            )
        assert record is not None
        if field in ("teller", "noemer"):
            return getal(record[field])
        shown = waarde(record, definition.decimalen)
        return shown + (" (voorlopig)" if record["status"] == "voorlopig" else "")

    filled = _PLACEHOLDER.sub(one, text)
    return filled.replace("{{", "{").replace("}}", "}")


# --- the shared head of both documents ----------------------------------------------------------


def _head(document: dict, figures: Figures, nota: Nota, title: str) -> dict:
    gemeente = document.get("gemeente") or marker("gemeente")
    periode = period_name(figures.label)
    band = " · ".join(
        t
        for t, on in (
            ("VERTROUWELIJK: niet publiceren", document["publicatie"] == "intern"),
            ("Synthetische voorbeelddata", bool(document.get("synthetisch"))),
        )
        if on
    )
    return {
        "titel": title,
        "band": band,
        "voet": " · ".join(t for t in (band, f"{title} · {gemeente}") if t),
        "gemeente": gemeente,
        "synthetisch": bool(document.get("synthetisch")),
        "intern": document["publicatie"] == "intern",
        "periode": periode,
        "periode_zin": sentences.period_phrase(figures.label),
        "vorige": period_name(figures.vorige_label) if figures.vorige_label else None,
        "peildatum": datum(document["peildatum"]),
        "onderwerp": nota.kopveld("onderwerp", "Onderwerp"),
        "nummer": nota.kopveld("nummer", "Nummer"),
        "kopregel": nota.kopveld("onderwerp", "Onderwerp") if title == "Informatienota" else title,
    }


def monitor_title(document: dict) -> str:
    periode = document["periode"]
    return f"Monitor nazorg na detentie {period_name(periode['van'] + '/' + periode['tot_en_met'])}"


# --- the informatienota -------------------------------------------------------------------------


def note_context(document: dict, figures: Figures, nota: Nota, monitor_files: list[str]) -> dict:
    defs = catalog()
    head = _head(document, figures, nota, "Informatienota")
    P = figures.label

    def text(key: str, plek: str) -> str | None:
        value = nota.text(key)
        return fill(value, figures, nota, plek) if value else None

    def drafted(id: str) -> str:
        return " ".join(sentences.told(defs[id], figures.reeks.get(id, {}), P, figures.pooled.get(id)))

    kern_ids = [id for id in nota.kerncijfers if figures.computed(id)]
    targets = {id: t for id, t in nota.streefwaarden.items() if id in kern_ids}
    kerncijfers = []
    for id in kern_ids:
        record, previous = figures.current(id), figures.previous(id)
        row = {
            "id": id,
            "naam": defs[id].naam,
            "vorige": cel(previous, defs[id]),
            "nu": cel(record, defs[id]),
            "oordeel": oordeel_word(record, previous),
            "streefwaarde": target_text(targets[id], defs[id]) if id in targets else "",
            "stoplicht": light(record, targets[id], defs[id]) if id in targets else "",
        }
        kerncijfers.append(row)

    klein = ""
    regio = document.get("regio")
    if regio and document.get("gemeente") in regio["gemeenten"] and mostly_secret([row["nu"] for row in kerncijfers]):
        # A small gemeente of a region: a plain sentence instead of a wall of x (DOMAIN §8).
        klein = (
            f"In {head['gemeente']} kwamen {head['periode_zin']} zo weinig mensen uit detentie dat de meeste "
            "kerncijfers niet getoond worden: ze zouden tot personen te herleiden zijn. Deze mensen tellen wel mee in "
            f"de cijfers van de regio {regio['naam']}; die staan in de nota over de regio."
        )
        kerncijfers = []

    kernzinnen = [] if klein else kernboodschap(figures, nota)
    consequenties = []
    for number, c in enumerate(nota.consequenties, start=1):
        consequenties.append(
            {
                "kop": c.kop,
                "tekst": fill(c.tekst, figures, nota, f"de tekst van [[consequentie]] {number}") if c.tekst else None,
                "zinnen": [drafted(id) for id in c.indicatoren if figures.computed(id)],
            }
        )

    kop = [{"label": label, "waarde": nota.kopveld(key, label)} for key, label in HEADER_FIELDS]
    besluit_datum = _dutch_date_or_text((nota.kop.get("besluit_college_datum") or "").strip())
    kort = (nota.kop.get("kernboodschap") or "").strip()
    return {
        **head,
        "kop": kop,
        "kernboodschap_kort": fill(kort, figures, nota, "kernboodschap in [kop]") if kort else marker("korte kernboodschap"),
        "behandelvoorstel": (nota.kop.get("behandelvoorstel") or "").strip() or marker("Behandelvoorstel voor commissie"),
        "eerdere_besluiten": nota.eerdere_besluiten,
        "besluit_college_datum": besluit_datum or marker("datum besluit college"),
        "besluit_college": (nota.kop.get("besluit_college") or "").strip() or marker("besluit college"),
        "inleiding": text("inleiding", "inleiding in [tekst]"),
        "kernboodschap": text("kernboodschap", "kernboodschap in [tekst]"),
        "vervolg": text("vervolg", "vervolg in [tekst]"),
        "conceptzinnen": nota.conceptzinnen,
        "kernzinnen": kernzinnen,
        "kerncijfers": kerncijfers,
        "kerncijfers_klein": klein,
        "kerncijfers_legenda": legend([c for row in kerncijfers for c in (row["vorige"], row["nu"])]),
        "streefwaarden": bool(targets),
        "consequenties": consequenties,
        "monitor": monitor_title(document),
        "monitor_bestanden": monitor_files,
    }


KERN_MAX = 5


def kernboodschap(figures: Figures, nota: Nota) -> list[str]:
    """At most five sentences: the judged changes first (largest |z| first; changes without a z,
    the medians and bedragen, after them by relative size), then the headline figures. Only
    the indicators the note is about (the Kerncijfers and those of the Consequenties) count."""
    defs = catalog()
    named = list(dict.fromkeys([*nota.kerncijfers, *(id for c in nota.consequenties for id in c.indicatoren)]))
    changes = []
    for id in named:
        record = figures.current(id)
        vergelijking = (record or {}).get("vergelijking") or {}
        if record is not None and record["status"] == "ok" and vergelijking.get("oordeel") in sentences.VERB:
            z = vergelijking.get("z")
            before = vergelijking.get("waarde") or 0
            relative = abs(record["waarde"] - before) / abs(before) if before else float("inf")
            changes.append(((0, abs(z)) if z is not None else (1, relative), id))
    changes.sort(key=lambda c: (c[0][0], -c[0][1]))
    chosen = [id for _, id in changes][:KERN_MAX]
    out = [sentences.change(defs[id], figures.current(id), figures.reeks[id]) for id in chosen]  # type: ignore[arg-type]
    for id in nota.kerncijfers:
        if len(out) >= KERN_MAX:
            break
        if id in chosen or not figures.computed(id):
            continue
        said = sentences.headline(defs[id], figures.reeks[id], figures.label, figures.pooled.get(id))
        if said:
            out.append(said)
    return out


# --- the monitor -------------------------------------------------------------------------------


def chart_specs(figures: Figures) -> list[dict]:
    """What each theme's chart shows (see charts.chart_spec), in the monitor's order."""
    defs = catalog()
    names = [period_name(p) for p in figures.periods]
    specs = []
    for key, title in themes().items():
        ids = [id for id in standaard()["grafieken"].get(key, []) if figures.computed(id)]
        series = []
        for id in ids:
            points = []
            for p in figures.periods:
                record = figures.reeks[id].get(p)
                points.append((_plotted(record), cel(record, defs[id]), bool(record and record["status"] == "voorlopig")))
            series.append({"naam": defs[id].naam, "punten": points})
        unit = defs[ids[0]].eenheid if ids else "aantal"
        spec = chart_spec(key, title, series, names, unit)
        if spec:
            specs.append(spec)
    return specs


def monitor_context(document: dict, figures: Figures, nota: Nota, quality: dict | None, drawn: dict[str, dict]) -> dict:
    """``drawn``: by theme key, the chart's titel, beschrijving, file name and svg."""
    defs = catalog()
    head = _head(document, figures, nota, monitor_title(document))
    P = figures.label
    columns = [period_name(p) for p in figures.periods]
    breakdowns: dict[str, list[dict]] = {}
    shown = {P, figures.vorige_label}
    for r in document["indicatoren"]:
        if r["uitsplitsing"] is not None and r["periode"] in shown:
            breakdowns.setdefault(r["id"], []).append(r)

    sections = []
    for key, title in themes().items():
        ids = [id for id in defs if defs[id].thema == key and figures.computed(id)]
        if not ids:
            sections.append({"key": key, "titel": title, "berekend": False})
            continue
        theme_targets = {id: nota.streefwaarden[id] for id in ids if id in nota.streefwaarden}
        rows = []
        for id in ids:
            cells = [cel(figures.reeks[id].get(p), defs[id]) for p in figures.periods]
            row = {"id": id, "naam": defs[id].naam, "waarden": cells, "streefwaarde": "", "stoplicht": ""}
            if id in theme_targets:
                row["streefwaarde"] = target_text(theme_targets[id], defs[id])
                row["stoplicht"] = light(figures.current(id), theme_targets[id], defs[id])
            rows.append(row)
        counts = [_counts(defs[id], figures.current(id)) for id in ids]
        pooled = [
            {
                "naam": defs[id].naam,
                "periode": period_name(figures.pooled[id]["periode"]),
                "waarde": cel(figures.pooled[id], defs[id]),
            }
            for id in ids
            if id in figures.pooled and figures.pooled[id]["status"] != "onderdrukt"
        ]
        split = []
        for id in ids:
            by_category: dict[tuple[str, str], dict[str, dict]] = {}
            for r in breakdowns.get(id, []):
                by_category.setdefault((r["uitsplitsing"], r["categorie"]), {})[r["periode"]] = r
            for (uitsplitsing, categorie), records in by_category.items():
                split.append(
                    {
                        "naam": defs[id].naam,
                        "uitsplitsing": BREAKDOWN_WORDS.get(uitsplitsing, uitsplitsing.replace("_", " ")),
                        "categorie": category_word(categorie),
                        "vorige": cel(records.get(figures.vorige_label or ""), defs[id]),
                        "nu": cel(records.get(P), defs[id]),
                    }
                )
        hidden = [figures.current(id)["reden"] for id in ids if figures.current(id)["status"] == "onderdrukt"]  # type: ignore[index]
        sections.append(
            {
                "key": key,
                "titel": title,
                "berekend": True,
                "rijen": rows,
                "streefwaarden": bool(theme_targets),
                "legenda": legend([c for row in rows for c in row["waarden"]]),
                "tellingen": counts,
                "tellingen_legenda": legend([c for row in counts for c in (row["teller"], row["noemer"])]),
                "gepoold": pooled,
                "uitsplitsingen": split,
                "uitsplitsingen_legenda": legend([c for row in split for c in (row["vorige"], row["nu"])]),
                "onderdrukt": _hidden_sentence(len(ids), hidden) if hidden else None,
                "grafiek": drawn.get(key),
            }
        )
    return {
        **head,
        "kolommen": columns,
        "uit_historie": [period_name(p) for p in figures.history_periods],
        "secties": sections,
        "grafieken": [s["grafiek"] for s in sections if s.get("grafiek")],
        "stoplicht_regel": RULE,
        "streefwaarden": bool(nota.streefwaarden),
        "definities": [
            {
                "id": d.id,
                "naam": d.naam,
                "eenheid": d.eenheid,
                "bronnen": ", ".join(d.bronnen),
                "definitie": d.definitie
                + (
                    f" Termijn: {d.venster[0]} dagen na {sentences.EVENT.get(d.venster[1], d.venster[1])}; zolang die "
                    f"loopt, is het cijfer voorlopig."
                    if d.venster
                    else ""
                ),
            }
            for d in defs.values()
        ],
        "datakwaliteit": _quality(quality, openbaar=document["publicatie"] == "openbaar"),
    }


def _counts(definition: IndicatorDef, record: dict | None) -> dict:
    """Teller, noemer, the onbekend share and the open cases of P's figure."""
    if record is None:
        return {"naam": definition.naam, "teller": NO_DATA, "noemer": NO_DATA, "onbekend": NO_DATA, "open": NO_DATA}
    hidden = record["status"] == "onderdrukt"

    def count(field: str) -> str:
        if hidden:
            return SUPPRESSED
        value = record.get(field)
        return "" if value is None else getal(value)

    onbekend = ""
    if hidden:
        onbekend = SUPPRESSED
    elif record.get("onbekend") is not None:
        known = (record.get("noemer") or 0) + record["onbekend"]
        share = f" ({procent(float(Decimal(100 * record['onbekend']) / known))})" if known and record["onbekend"] else ""
        onbekend = getal(record["onbekend"]) + share
    teller = count("teller") if definition.eenheid == "percentage" else ""
    still_open = count("open") if definition.venster else ""  # only a follow-up window leaves cases open
    return {"naam": definition.naam, "teller": teller, "noemer": count("noemer"), "onbekend": onbekend, "open": still_open}


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
    """The data-quality summary. In an openbaar document its counts follow the rules of any
    count: a source whose row counts include one of 1 to k - 1 rows shows x for all four (they
    add up, so one x alone could be worked out), and so does a small count of row findings. The
    other counts are rounded to tens (ca. 1.060): a source's rows bound the row counts of its
    indicators over all periods, and an exact total could pin a suppressed one down by
    subtraction; rounded, it leaves at least five either way. An intern one shows them exact."""
    if quality is None:
        return None

    def small(n: int) -> bool:
        return openbaar and 0 < n < k

    def shown(n: int) -> str:
        if n == 0:
            return NIHIL
        if not openbaar:
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
            {
                "bron": b,
                "code": finding_words(c),
                "ernst": ERNST_WORDS.get(e, e),
                "aantal": getal(n) if c in COLUMN_CODES else shown(n),
            }
            for (b, c, e), n in sorted(counts.items())
        ],
    }


ERNST_WORDS = {"info": "ter informatie", "waarschuwing": "waarschuwing", "fout": "fout: rij afgekeurd"}


def finding_words(code: str) -> str:
    """A finding as words for people: the first sentence of its title, without the references
    in brackets ('Een kolom die nazorg niet gebruikt; hij wordt genegeerd.')."""
    from nazorg_cli.codes import CODES

    if code not in CODES:
        return code.replace("-", " ")
    first = CODES[code].titel.split(". ")[0].rstrip(".")
    return re.sub(r"\s*\([^)]*\)", "", first) + "."


def _hidden_sentence(indicators: int, redenen: list) -> str:
    """How many of a theme's indicators are an x, and why (their reden, DOMAIN §6 v2)."""
    small = "omdat het om te weinig mensen gaat"
    guarding = "om een ander, klein cijfer in de tabellen te beschermen"
    secundair = redenen.count("secundair")
    primair = len(redenen) - secundair  # records from before v2 carry no reden: too few persons
    start = (
        f"Van de {meervoud(indicators, 'cijfer', 'cijfers')} van dit thema "
        f"{'wordt' if len(redenen) == 1 else 'worden'} er {getal(len(redenen))} niet gepubliceerd"
    )
    if not secundair:
        return f"{start}, {small}."
    if not primair:
        return f"{start}, {guarding}."
    return f"{start}: {getal(primair)} {small} en {getal(secundair)} {guarding}."


# --- a region (DOMAIN §8) -------------------------------------------------------------------------

ONBEKEND = "onbekend"


def regional_parts(document: dict) -> tuple[dict, dict[str, Figures]]:
    """A regional indicatoren.json as the region's own document (its records of the region as a
    whole, named "regio <naam>"), and the figures of each part (gemeente, then onbekend) for the
    comparison table; any other document as it is, with no parts."""
    regio = document.get("regio")
    if not regio or document.get("gemeente") is not None:
        return document, {}

    def of(gemeente: str | None, key: str) -> list[dict]:
        return [r for r in document.get(key, []) if r.get("gemeente") == gemeente]

    own = {
        **document,
        "gemeente": f"regio {regio['naam']}",
        "indicatoren": of(None, "indicatoren"),
        "historie": of(None, "historie"),
    }
    names = [*regio["gemeenten"], ONBEKEND]
    parts = {
        name: Figures.of({**document, "indicatoren": of(name, "indicatoren"), "historie": of(name, "historie")})
        for name in names
        if any(r.get("gemeente") == name for r in document["indicatoren"])
    }
    return own, parts


def mostly_secret(cells: list[str]) -> bool:
    """More than half of these figures are suppressed: a row of x tells a reader nothing."""
    return bool(cells) and 2 * sum(c == "x" for c in cells) > len(cells)


# Gemeenten per comparison table: with the region's column beside them, a table stays readable on
# an A4 page in portrait (a region of more gemeenten gets one table per this many).
GEMEENTEN_PER_TABLE = 5


def region_comparison(document: dict, own: Figures, parts: dict[str, Figures], nota: Nota) -> dict:
    """The Kerncijfers of P per gemeente, for the part of unknown gemeente and for the region, one
    row per Kerncijfer and a column per gemeente and the region's (so the indicators' long names
    read as they do in every other table), with the same symbols as every table; a gemeente whose
    figures are mostly suppressed gets a plain sentence instead of a column of x."""
    defs = catalog()
    ids = [id for id in nota.kerncijfers if own.computed(id)]
    columns: list[tuple[str, list[str]]] = []
    small: list[str] = []
    for name, figures in parts.items():
        cells = [cel(figures.current(id), defs[id]) for id in ids]
        if mostly_secret(cells):
            small.append("de personen van wie de gemeente onbekend is" if name == ONBEKEND else name)
            continue
        columns.append(("Gemeente onbekend" if name == ONBEKEND else name, cells))
    region = [cel(own.current(id), defs[id]) for id in ids]
    tables = []
    for start in range(0, max(len(columns), 1), GEMEENTEN_PER_TABLE):
        chunk = columns[start : start + GEMEENTEN_PER_TABLE]
        tables.append(
            {
                "koppen": [name for name, _ in chunk] + ["Regio"],
                "rijen": [
                    {"naam": defs[id].naam, "cellen": [cells[i] for _, cells in chunk] + [region[i]]} for i, id in enumerate(ids)
                ],
            }
        )
    zin = ""
    if small:
        namen = small[0] if len(small) == 1 else ", ".join(small[:-1]) + " en " + small[-1]
        staat = "staan" if len(small) > 1 or small[0].startswith("de personen") else "staat"
        zin = (
            f"{namen[0].upper() + namen[1:]}{',' if len(small) > 1 or ' ' in namen else ''} {staat} niet in de tabel: "
            "het gaat om zo weinig mensen dat de meeste kerncijfers tot personen te herleiden zouden zijn. "
            "Zij tellen wel mee in de cijfers van de regio."
        )
    return {
        "tabellen": tables,
        "legenda": legend([c for _, cells in columns for c in cells] + region),
        "zin": zin,
    }
