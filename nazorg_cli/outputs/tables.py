"""Writers for indicatoren.json / .csv / .xlsx and datakwaliteit.json (DOMAIN §5).

All writers take the same plain document (the content of indicatoren.json), so the tables and
the note can never disagree. Output is deterministic: sorted records, no timestamps, fixed
workbook metadata. Cells are safe to open: strings never become formulas.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

COLUMNS = [
    "id",
    "naam",
    "eenheid",
    "periode",
    "uitsplitsing",
    "categorie",
    "waarde",
    "teller",
    "noemer",
    "onbekend",
    "open",
    "status",
    "reden",
]
# The CSV flattens vergelijking into four columns (DOMAIN §5 v2).
COMPARISON = ["periode", "waarde", "z", "oordeel"]
CSV_COLUMNS = COLUMNS + [f"vergelijking_{k}" for k in COMPARISON]
DUTCH_HEADERS = {
    "id": "Id",
    "naam": "Indicator",
    "eenheid": "Eenheid",
    "periode": "Periode",
    "uitsplitsing": "Uitsplitsing",
    "categorie": "Categorie",
    "waarde": "Waarde",
    "teller": "Teller",
    "noemer": "Noemer",
    "onbekend": "Onbekend",
    "open": "Open",
    "status": "Status",
    "reden": "Reden",
    "gemeente": "Gemeente",
}
# For people (the xlsx): words instead of codes (DOMAIN §6 v2, issue 18).
UNIT_WORDS = {"percentage": "%", "aantal": "aantal", "dagen": "dagen", "bedrag": "euro"}
STATUS_WORDS = {
    "ok": "definitief",
    "voorlopig": "voorlopig (*)",
    "onderdrukt": "geheim (x)",
    "geen_gegevens": "geen gegevens (.)",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARK = "VERTROUWELIJK"
MARK_TEXT = "VERTROUWELIJK: onbeveiligde cijfers, niet publiceren"


def output_name(name: str, intern: bool) -> str:
    """An output's file name: intern outputs carry VERTROUWELIJK in the name
    (indicatoren-VERTROUWELIJK.csv), so they never overwrite openbaar ones, nor the reverse."""
    if not intern:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-{MARK}{dot}{suffix}" if dot else f"{name}-{MARK}"


def is_intern_name(name: str) -> bool:
    return f"-{MARK}." in name or name.endswith(f"-{MARK}")


FIXED_CREATED = datetime(2000, 1, 1)


def json_text(document: dict) -> str:
    if document.get("publicatie") == "intern":
        document = {"vertrouwelijk": MARK_TEXT, **document}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def safe_csv_cell(value: object) -> object:
    """Prefix text that a spreadsheet would read as a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def columns_of(document: dict) -> list[str]:
    """The record fields of the tables: a regional document's records name their gemeente."""
    if any("gemeente" in r for r in document["indicatoren"]):
        return [*COLUMNS[:4], "gemeente", *COLUMNS[4:]]
    return COLUMNS


def csv_text(document: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # An intern table carries its mark in every row (a first column), so no copy of a row loses it.
    mark = [MARK_TEXT] if document.get("publicatie") == "intern" else []
    columns = columns_of(document)
    writer.writerow((["vertrouwelijk"] if mark else []) + columns + [f"vergelijking_{k}" for k in COMPARISON])
    for record in document["indicatoren"]:
        comparison = record.get("vergelijking") or {}
        values = [record.get(c) for c in columns] + [comparison.get(k) for k in COMPARISON]
        writer.writerow(mark + ["" if v is None else safe_csv_cell(v) for v in values])
    return buffer.getvalue()


def xlsx_bytes(document: dict) -> bytes:
    """The tables formatted for people: one sheet per theme with Dutch headers, words instead of
    codes, the unit, periods as people say them ("2019") and the CBS symbols (x geheim, .
    gegevens ontbreken, – nihil, * voorlopig after a figure), with the legend in "Tekens"; a
    comparison sheet and a definitions sheet."""
    import xlsxwriter

    from nazorg_cli.indicators.catalog import catalog, themes
    from nazorg_cli.indicators.period import period_name

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    wb.set_properties(
        {
            "created": FIXED_CREATED,
            "title": "Indicatoren nazorg na detentie",
            "comments": "VERTROUWELIJK" if document["publicatie"] == "intern" else "openbaar",
        }
    )
    header = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True})
    pct = wb.add_format({"num_format": "0.0"})
    whole = wb.add_format({"num_format": "#,##0"})
    one = wb.add_format({"num_format": "#,##0.0"})
    # A voorlopig figure keeps its number and shows the CBS asterisk after it.
    provisional = {
        fmt: wb.add_format({"num_format": f'{code}"*"'}) for fmt, code in ((pct, "0.0"), (whole, "#,##0"), (one, "#,##0.0"))
    }
    people = {
        "eenheid": lambda v: UNIT_WORDS.get(v, v),
        "periode": period_name,
        "uitsplitsing": lambda v: v.replace("_", " "),
        "categorie": lambda v: v.replace("_", " "),
        "status": lambda v: STATUS_WORDS.get(v, v),
        "gemeente": lambda v: "gemeente onbekend" if v == "onbekend" else v,
    }
    regio = document.get("regio") or {}
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    warn = wb.add_format({"bold": True, "font_color": "#B00020"})
    defs = catalog()
    records = document["indicatoren"]
    for key, title in themes().items():
        rows = [r for r in records if defs[r["id"]].thema == key]
        if not rows:
            continue
        ws = wb.add_worksheet(title[:31])
        top = _mark_row(ws, document, warn)
        cols = [c for c in columns_of(document) if c != "id"]
        for c, name in enumerate(cols):
            ws.write_string(top, c, DUTCH_HEADERS[name], header)
        for i, rec in enumerate(rows, start=top + 1):
            for c, name in enumerate(cols):
                value = rec.get(name)
                if name in people and isinstance(value, str):
                    ws.write_string(i, c, people[name](value))
                elif name == "gemeente":
                    ws.write_string(i, c, f"regio {regio.get('naam', '')}")  # the region as a whole
                elif name == "waarde" and rec["status"] == "onderdrukt":
                    ws.write_string(i, c, "x")
                elif name == "waarde" and (rec["status"] == "geen_gegevens" or value is None):
                    ws.write_string(i, c, ".")  # CBS: gegevens ontbreken (or not yet known), never a 0
                elif name == "waarde" and rec["eenheid"] == "aantal" and value == 0:
                    ws.write_string(i, c, "–")  # CBS: nihil
                elif value is None:
                    continue
                elif isinstance(value, str):
                    ws.write_string(i, c, value)
                elif name == "waarde":
                    fmt = pct if rec["eenheid"] == "percentage" else (one if isinstance(value, float) else whole)
                    ws.write_number(i, c, value, provisional[fmt] if rec["status"] == "voorlopig" else fmt)
                else:
                    ws.write_number(i, c, value, whole)
        ws.freeze_panes(top + 1, 0)
        ws.set_column(0, 0, 46)
        ws.set_column(1, 1, 9)
        ws.set_column(2, 2, 23)
        ws.set_column(3, 4, 16)
        ws.set_column(5, 10, 11)
        ws.set_column(11, 11, 18)
    _comparison_sheet(wb, document, header, warn)
    legend = wb.add_worksheet("Tekens")
    for r, (symbol, meaning) in enumerate(
        [
            ("Teken", "Betekenis"),
            ("x", "geheim: te weinig personen om te publiceren, of nodig om zo'n klein aantal te beschermen"),
            (".", "gegevens ontbreken"),
            ("–", "nihil (0)"),
            ("*", "voorlopig (achter een cijfer): de termijn is voor een deel van de gevallen nog niet verstreken"),
        ]
    ):
        legend.write_string(r, 0, symbol, header if r == 0 else None)
        legend.write_string(r, 1, meaning, header if r == 0 else None)
    legend.set_column(1, 1, 90)
    ws = wb.add_worksheet("Definities")
    for c, name in enumerate(["Id", "Indicator", "Eenheid", "Bronnen", "Definitie"]):
        ws.write_string(0, c, name, header)
    for i, d in enumerate(defs.values(), start=1):
        for c, value in enumerate([d.id, d.naam, UNIT_WORDS.get(d.eenheid, d.eenheid), ", ".join(d.bronnen), d.definitie]):
            ws.write_string(i, c, value, wrap)
    ws.freeze_panes(1, 0)
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 3, 14)
    ws.set_column(4, 4, 90)
    wb.close()
    return buffer.getvalue()


def _mark_row(ws, document: dict, warn) -> int:
    """An intern sheet starts with the VERTROUWELIJK line; the row where the table starts."""
    if document["publicatie"] != "intern":
        return 0
    ws.write_string(0, 0, MARK_TEXT, warn)
    return 1


OORDEEL_WORDS = {
    "hoger": "hoger (een echte verandering)",
    "lager": "lager (een echte verandering)",
    "gelijk": "gelijk",
    "onzeker": "onzeker (het verschil kan op toeval berusten)",
    "geen": "niet te vergelijken",
}


def _comparison_sheet(wb, document: dict, header, warn) -> None:
    """Every headline figure of P beside the previous period, with z and the judgement."""
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.period import period_name

    defs = catalog()
    ws = wb.add_worksheet("Vergelijking")
    top = _mark_row(ws, document, warn)
    heads = ["Indicator", "Periode", "Waarde", "Status", "Vorige periode", "Vorige waarde", "z", "Oordeel"]
    for c, name in enumerate(heads):
        ws.write_string(top, c, name, header)
    rows = [r for r in document["indicatoren"] if r.get("vergelijking")]
    for i, r in enumerate(rows, start=top + 1):
        v = r["vergelijking"]
        cells = [
            defs[r["id"]].naam,
            period_name(r["periode"]),
            r["waarde"] if r["status"] != "onderdrukt" else "x",
            STATUS_WORDS.get(r["status"], r["status"]),
            period_name(v["periode"]),
            v["waarde"],
            v["z"],
            OORDEEL_WORDS[v["oordeel"]],
        ]
        for c, value in enumerate(cells):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(i, c, value)
            else:
                ws.write_number(i, c, value)
    ws.freeze_panes(top + 1, 0)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 1, 23)
    ws.set_column(4, 4, 23)
    ws.set_column(7, 7, 36)


def quality_xlsx_bytes(quality: dict) -> bytes:
    """datakwaliteit.xlsx: an overview sheet, then per source a sheet of its findings with the row
    and column as the partner's file shows them, ready to send back to that partner."""
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    wb.set_properties({"created": FIXED_CREATED, "title": "Datakwaliteit nazorg na detentie"})
    header = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1})
    overview = wb.add_worksheet("Overzicht")
    columns = ["Bron", "Bestand", "Blad", "Gelezen", "Goedgekeurd", "Afgekeurd", "Dubbel", "Bevindingen"]
    for c, name in enumerate(columns):
        overview.write_string(0, c, name, header)
    per_source: dict[str, list[dict]] = {}
    for f in quality["bevindingen"]:
        per_source.setdefault(f["bron"], []).append(f)
    for r, b in enumerate(quality["bronnen"], start=1):
        overview.write_string(r, 0, b["bron"])
        overview.write_string(r, 1, safe_text(b["bestand"] or "(ontbreekt)"))
        overview.write_string(r, 2, safe_text(b["blad"] or ""))
        for c, key in enumerate(("rijen_gelezen", "rijen_geaccepteerd", "rijen_afgekeurd", "duplicaten"), start=3):
            overview.write_number(r, c, b[key])
        overview.write_number(r, 7, len(per_source.get(b["bron"], [])))
    overview.set_column(0, 2, 18)
    overview.set_column(3, 7, 12)
    for b in quality["bronnen"]:
        findings = per_source.get(b["bron"], [])
        if not findings:
            continue
        ws = wb.add_worksheet(b["bron"][:31])
        for c, name in enumerate(["Rij", "Kolom", "Ernst", "Code", "Melding"]):
            ws.write_string(0, c, name, header)
        for r, f in enumerate(findings, start=1):
            if f["rij"] is not None:
                ws.write_number(r, 0, f["rij"])
            ws.write_string(r, 1, safe_text(f["kolom"] or ""))
            ws.write_string(r, 2, f["ernst"])
            ws.write_string(r, 3, f["code"])
            ws.write_string(r, 4, safe_text(f["melding"]))
        ws.freeze_panes(1, 0)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 3, 18)
        ws.set_column(4, 4, 90)
    wb.close()
    return buffer.getvalue()


def safe_text(value: object) -> str:
    """Text for a cell: written as a string, never read as a formula (write_string already keeps
    it text; control characters that some readers stumble on are dropped)."""
    return "".join(ch for ch in str(value) if ch >= " " or ch in "\t\n")
