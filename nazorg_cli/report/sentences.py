"""Drafted Dutch sentences from the protected figures (DOMAIN §7 v2), from the templates in
zinnen.toml: each indicator in its own unit, with its denominator, whole percentages in running
text, and a verb that follows the judged comparison (``vergelijking.oordeel``) and nothing else.

Sentences use only published values: a suppressed figure is named as not published with its
reason, never hinted at through a difference with another figure; a voorlopig figure says so and
how many cases are still open; a follow-up indicator whose P is open is told for its latest
closed period.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from string import Formatter

from nazorg_cli.indicators.catalog import IndicatorDef, catalog
from nazorg_cli.indicators.period import span
from nazorg_cli.report.formatting import getal

# Why a figure is an x, by its reden (DOMAIN §6 v2); records from before v2 have none.
WHY_SUPPRESSED = {
    "primair": "omdat het om te weinig mensen gaat",
    "secundair": "om een ander, klein cijfer in de tabellen te beschermen",
    None: "omdat het tot personen herleidbaar zou kunnen zijn",
}
# The subject of a comparison sentence by unit, unless the template names one (kort).
KORT = {"percentage": "Dat aandeel", "aantal": "Dat aantal", "dagen": "De mediaan", "bedrag": "Dat bedrag"}
# The event a follow-up window counts from (catalog.toml's venster), as the sentence says it.
EVENT = {
    "ontslag": "het ontslag",
    "plaatsing": "de plaatsing",
    "aanmelding": "de aanmelding",
    "start traject": "de start van het traject",
    "start werk": "de start van het werk",
}
VERB = {"hoger": "steeg", "lager": "daalde"}
# A follow-up window in words, as the sentences say it elsewhere ("binnen een half jaar").
WINDOW_WORDS = {28: "vier weken", 90: "90 dagen", 180: "180 dagen", 183: "een half jaar", 365: "een jaar", 730: "twee jaar"}
FIELDS = {
    "percentage": {"noemer": {"periode"}, "teller": set(), "feit": {"periode", "teller", "noemer", "procent"}},
    "aantal": {"feit": {"periode", "n"}},
    "waarde": {"feit": {"periode", "waarde", "n"}},
}
ORDINALS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}


@dataclass(frozen=True)
class Template:
    id: str
    noemer: tuple[str, str] | None = None
    teller: tuple[str, str] | None = None
    feit: tuple[str, str] | None = None  # (one, other); a single form is both
    kort: str | None = None
    open: tuple[str, str] | None = None


def kind(definition: IndicatorDef) -> str:
    """percentage; aantal (a count: singular and plural forms); waarde (a median, mean or bedrag)."""
    if definition.eenheid == "percentage":
        return "percentage"
    if definition.eenheid == "aantal" and definition.decimalen == 0:
        return "aantal"
    return "waarde"


@cache
def templates() -> dict[str, Template]:
    text = resources.files("nazorg_cli.report").joinpath("zinnen.toml").read_text("utf-8")
    return parse_templates(text)


def parse_templates(text: str) -> dict[str, Template]:
    """The templates in ``text``, checked against the catalogue: every indicator has its forms,
    with exactly the placeholders its unit allows, and an ``open`` word when it has a window."""
    data = tomllib.loads(text)
    defs = catalog()
    if set(data) != set(defs):
        missing, extra = sorted(set(defs) - set(data)), sorted(set(data) - set(defs))
        raise ValueError(f"zinnen.toml: ontbrekend {missing}, onbekend {extra}")
    out = {}
    for id, raw in data.items():
        definition = defs[id]
        allowed = FIELDS[kind(definition)]

        unknown = set(raw) - {"noemer", "teller", "feit", "kort", "open"}
        if unknown or set(raw) - {"kort", "open"} - set(allowed):
            raise ValueError(f"zinnen.toml [{id}]: sleutels {sorted(set(raw))} passen niet bij {definition.eenheid}")
        forms = {key: _pair(id, raw, key, allowed) for key in ("noemer", "teller", "feit", "open")}
        template = Template(id, forms["noemer"], forms["teller"], forms["feit"], raw.get("kort"), forms["open"])
        if template.feit is None and (template.noemer is None or template.teller is None):
            raise ValueError(f"zinnen.toml [{id}]: feit, of noemer en teller, ontbreekt")
        if definition.venster and template.open is None:
            raise ValueError(f"zinnen.toml [{id}]: open ontbreekt (de indicator heeft een termijn)")
        out[id] = template
    return out


def _pair(id: str, raw: dict, key: str, allowed: dict[str, set[str]]) -> tuple[str, str] | None:
    """A template's [singular, plural] (or one text for both), its placeholders checked."""
    value = raw.get(key)
    if value is None:
        return None
    forms = (value, value) if isinstance(value, str) else tuple(value)
    if len(forms) != 2 or not all(isinstance(f, str) and f for f in forms):
        raise ValueError(f"zinnen.toml [{id}] {key}: een tekst of [enkelvoud, meervoud]")
    if key in allowed:
        for form in forms:
            names = {name for _, name, _, _ in Formatter().parse(form) if name is not None}
            if not names <= allowed[key]:
                raise ValueError(f"zinnen.toml [{id}] {key}: onbekend {sorted(names - allowed[key])}")
    return forms[0], forms[1]


# --- periods --------------------------------------------------------------------------------


def period_phrase(label: str) -> str:
    """A period as an adverbial phrase: 'in 2019', 'in 2018 en 2019', 'in de eerste helft van
    2019', 'in het derde kwartaal van 2019', 'in maart 2019', else 'van 1 juli 2018 tot en met 30
    juni 2019'."""
    from babel.dates import format_date

    found = span(label)
    van, tot = found.van, found.tot
    if found.kind == "jaren":
        if van.year == tot.year:
            return f"in {van.year}"
        if tot.year == van.year + 1:
            return f"in {van.year} en {tot.year}"
        return f"van {van.year} tot en met {tot.year}"
    if found.kind == "halfjaar":
        return f"in de {ORDINALS[found.number]} helft van {van.year}"
    if found.kind == "kwartaal":
        return f"in het {ORDINALS[found.number]} kwartaal van {van.year}"
    if found.kind == "maand":
        return f"in {format_date(van, format='MMMM y', locale='nl_NL')}"
    long = "d MMMM y"
    return f"van {format_date(van, format=long, locale='nl_NL')} tot en met {format_date(tot, format=long, locale='nl_NL')}"


def over(label: str) -> str:
    """'over 2019', 'over de eerste helft van 2019' (the phrase after 'over')."""
    phrase = period_phrase(label)
    return "over " + (phrase[3:] if phrase.startswith("in ") else phrase)


# --- numbers in running text ------------------------------------------------------------------


def _half_up(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole_percent(record: dict, places: int = 0) -> str:
    """A percentage in running text: whole percentages from teller / noemer (exact), so 59,3%
    reads 59%."""
    if record.get("teller") is not None and record.get("noemer"):
        exact = Decimal(record["teller"]) * 100 / Decimal(record["noemer"])
    else:
        exact = Decimal(str(record["waarde"]))
    return getal(float(_half_up(exact, places)), places) + "%"


def spoken(definition: IndicatorDef, record: dict, places: int = 0) -> str:
    """A value as running text says it: 59%, 246, 19,7, 100 dagen (whole days), € 2.427."""
    value = record["waarde"]
    if definition.eenheid == "percentage":
        return whole_percent(record, places)
    if definition.eenheid == "dagen":
        days = int(_half_up(Decimal(str(value)), places)) if not places else value
        return f"{getal(days, places)} {'dag' if days == 1 else 'dagen'}"
    if definition.eenheid == "bedrag":
        return f"€ {getal(value)}"
    if value == 0:
        return "geen" if kind(definition) == "aantal" else "0"
    return getal(value, definition.decimalen if not float(value).is_integer() else 0)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _form(forms: tuple[str, str], n: int | float | None) -> str:
    return forms[0] if n == 1 else forms[1]


# --- sentences --------------------------------------------------------------------------------


def fact(definition: IndicatorDef, record: dict, label: str | None = None) -> str:
    """One sentence with the figure of ``record`` in its unit, denominator named."""
    template = templates()[definition.id]
    periode = period_phrase(label or record["periode"])
    unit = kind(definition)
    if unit == "percentage":
        teller, noemer = record.get("teller"), record.get("noemer")
        procent = spoken(definition, record)
        values = {"periode": periode, "teller": getal(teller or 0), "noemer": getal(noemer or 0), "procent": procent}
        if template.feit:
            text = _form(template.feit, teller).format(**values)
        else:
            assert template.noemer and template.teller
            who = _form(template.noemer, noemer).format(**values)
            if not teller:
                # "Geen van de 246 mensen die in 2019 vrijkwamen, werd ..." (0%)
                text = f"Geen van de {getal(noemer or 0)} {who}, {template.teller[0]}"
            else:
                text = f"{getal(teller)} van de {getal(noemer or 0)} {who} ({procent}), {_form(template.teller, teller)}"
    elif unit == "aantal":
        assert template.feit
        text = _form(template.feit, record["waarde"]).format(periode=periode, n=spoken(definition, record))
    else:
        assert template.feit
        n = getal(record["noemer"]) if record.get("noemer") is not None else ""
        text = template.feit[0].format(periode=periode, waarde=spoken(definition, record), n=n)
    return _capital(text) + "."


def comparison(definition: IndicatorDef, record: dict, previous: dict | None) -> str | None:
    """The sentence after the fact that compares it with the period before, by the judged
    oordeel: steeg/daalde, bleef vrijwel gelijk, the two side by side (onzeker), or nothing."""
    vergelijking = record.get("vergelijking") or {}
    oordeel = vergelijking.get("oordeel")
    if oordeel in (None, "geen") or vergelijking.get("waarde") is None:
        return None
    usable = previous is not None and previous.get("waarde") is not None
    before_record = previous if usable else {"waarde": vergelijking["waarde"], "teller": None, "noemer": None}
    assert before_record is not None
    vorige = period_phrase(vergelijking["periode"])
    now, before = spoken(definition, record), spoken(definition, before_record)
    if oordeel in VERB and now == before:  # a real change that whole numbers hide: one decimal more
        now, before = spoken(definition, record, 1), spoken(definition, before_record, 1)
    subject = templates()[definition.id].kort or KORT[definition.eenheid]
    if oordeel in VERB:
        return f"{subject} {VERB[oordeel]} van {before} {vorige} naar {now}."
    if oordeel == "gelijk":
        return f"{subject} bleef vrijwel gelijk ({before} {vorige})."
    if kind(definition) == "waarde":  # a median, mean or budget: the two side by side, no chance talk
        return f"{_capital(vorige)} was dat {before}."
    return f"{_capital(vorige)} was dat {before}; het verschil kan toeval zijn."


def suppressed(definition: IndicatorDef, record: dict, label: str) -> str:
    """'Het cijfer ‘Nazorg geweigerd’ over 2019 wordt niet gepubliceerd, omdat ...' (the short
    name keeps the sentence readable; the table shows its x)."""
    return f"Het cijfer ‘{definition.naam}’ {over(label)} wordt niet gepubliceerd, {WHY_SUPPRESSED[record.get('reden')]}."


def still_open(definition: IndicatorDef, record: dict) -> str:
    """'bij 43 mensen is het ontslag minder dan 180 dagen geleden'."""
    template = templates()[definition.id]
    open_cases = record.get("open") or 0
    words = template.open or ("geval", "gevallen")
    if not definition.venster:
        return f"bij {getal(open_cases)} {_form(words, open_cases)} is de termijn nog niet voorbij"
    days, event = definition.venster
    window = WINDOW_WORDS.get(days, f"{getal(days)} dagen")
    return f"bij {getal(open_cases)} {_form(words, open_cases)} is {EVENT.get(event, event)} minder dan {window} geleden"


def pending(definition: IndicatorDef, record: dict, label: str) -> str:
    """What a voorlopig figure is: not final, and how many cases are still open."""
    if record.get("waarde") is None:
        return f"{_capital(over(label))} is het cijfer nog niet bekend: {still_open(definition, record)}."
    return (
        f"{_capital(over(label))} is het cijfer voorlopig en kan het nog veranderen: "
        f"{still_open(definition, record)}; die tellen nog niet mee."
    )


def told(definition: IndicatorDef, reeks: dict[str, dict], label: str, pooled: dict | None = None) -> list[str]:
    """The sentences on one indicator for period ``label``: ``reeks`` holds its total records
    by periode (P and the periods before it), ``pooled`` the record of P with the period before
    it together, where P's own figure is an x."""
    record = reeks.get(label)
    if record is None or record["status"] == "geen_gegevens":
        subject = definition.onderwerp or f"de indicator ‘{definition.naam}’"
        return [f"{_capital(over(label))} zijn er geen gegevens over {subject}."]
    if record["status"] == "onderdrukt":
        out = [suppressed(definition, record, label)]
        if pooled is not None and pooled.get("waarde") is not None and pooled["status"] == "ok":
            out.append(fact(definition, pooled))
        return out
    if record["status"] == "voorlopig":
        closed = latest_closed(reeks, label)
        if closed is not None:
            return [fact(definition, closed), pending(definition, record, label)]
        if record.get("waarde") is None:
            return [pending(definition, record, label)]
        return [fact(definition, record), pending(definition, record, label)]
    previous_label = (record.get("vergelijking") or {}).get("periode")
    out = [fact(definition, record)]
    said = comparison(definition, record, reeks.get(previous_label) if previous_label else None)
    return out + ([said] if said else [])


def latest_closed(reeks: dict[str, dict], label: str) -> dict | None:
    """The latest period before ``label`` whose figure is final and published (status ok)."""
    for earlier in sorted((k for k in reeks if k < label), reverse=True):
        record = reeks[earlier]
        if record["status"] == "ok" and record.get("waarde") is not None:
            return record
    return None


def headline(definition: IndicatorDef, reeks: dict[str, dict], label: str, pooled: dict | None = None) -> str | None:
    """One sentence for the Kernboodschap: a judged change as a change, else the figure."""
    record = reeks.get(label)
    if record is None or record["status"] == "geen_gegevens":
        return None
    if record["status"] == "onderdrukt":
        return suppressed(definition, record, label)
    if record["status"] == "voorlopig":
        if record.get("waarde") is None:
            closed = latest_closed(reeks, label)
            return fact(definition, closed) if closed else None
        return fact(definition, record)[:-1] + f"; dit cijfer is voorlopig, want {still_open(definition, record)}."
    oordeel = (record.get("vergelijking") or {}).get("oordeel")
    if oordeel in VERB:
        return change(definition, record, reeks)
    return fact(definition, record)


def change(definition: IndicatorDef, record: dict, reeks: dict[str, dict]) -> str:
    """'Het aantal mensen dat vrijkwam uit detentie steeg van 194 in 2018 naar 246 in 2019.'"""
    vergelijking = record["vergelijking"]
    previous = reeks.get(vergelijking["periode"]) or {"waarde": vergelijking["waarde"], "teller": None, "noemer": None}
    now, before = spoken(definition, record), spoken(definition, previous)
    if now == before:
        now, before = spoken(definition, record, 1), spoken(definition, previous, 1)
    subject = definition.onderwerp or f"de indicator ‘{definition.naam}’"
    return (
        f"{_capital(subject)} {VERB[vergelijking['oordeel']]} van {before} {period_phrase(vergelijking['periode'])} "
        f"naar {now} {period_phrase(record['periode'])}."
    )
