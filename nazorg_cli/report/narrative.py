"""Drafted Dutch sentences from the protected figures, for the analyst to keep or rewrite.

Sentences use only published values: a suppressed figure is named as not published, never
hinted at through a difference with another figure.
"""

from __future__ import annotations

from nazorg_cli.report.formatting import meervoud, waarde


def _subject(definition) -> str:
    return definition.onderwerp or f"de indicator ‘{definition.naam}’"


# Why a figure is an x, by its reden (DOMAIN §6 v2); records from before v2 have none.
WHY_SUPPRESSED = {
    "primair": "het gaat om zo weinig gevallen dat het cijfer tot personen herleidbaar zou kunnen zijn.",
    "secundair": (
        "het cijfer is zelf groot genoeg, maar samen met de andere gepubliceerde cijfers zou er een klein "
        "aantal elders in de tabellen mee te berekenen zijn."
    ),
    None: "het cijfer zou tot personen herleidbaar kunnen zijn.",
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(
    definition, current: dict | None, previous: dict | None, periode: str, vorige: str | None, pooled: dict | None = None
) -> str:
    """One sentence on an indicator, comparing with the previous period where both are published;
    for a suppressed figure the pooled one of both periods together, where there is one."""
    subject = _subject(definition)
    if current is None or current["status"] == "geen_gegevens":
        return f"Over {periode} zijn voor {subject} geen gegevens beschikbaar."
    if current["status"] == "onderdrukt":
        text = f"{_capital(subject)} over {periode} wordt niet gepubliceerd (x): {WHY_SUPPRESSED[current.get('reden')]}"
        if pooled is not None and vorige is not None and pooled.get("waarde") is not None:
            text += f" Over {vorige} en {periode} samen was het {waarde(pooled, definition.decimalen)}."
        return text
    if current["status"] == "voorlopig":
        # Open cases are out of the figure, so it is not compared (DOMAIN §4 v2).
        open_cases = meervoud(current.get("open") or 0, "geval", "gevallen")
        pending = f"in {open_cases} is de termijn op de peildatum nog niet verstreken"
        if current["waarde"] is None:
            return f"{_capital(subject)} over {periode} is nog niet bekend: {pending}."
        return (
            f"{_capital(subject)} was {waarde(current, definition.decimalen)} in {periode}. Dit cijfer is voorlopig: {pending}."
        )
    now = waarde(current, definition.decimalen)
    oordeel = (current.get("vergelijking") or {}).get("oordeel")
    usable = previous is not None and previous["status"] == "ok" and previous["waarde"] is not None
    if not usable or vorige is None or oordeel in (None, "geen"):
        return f"{_capital(subject)} was {now} in {periode}."
    assert previous is not None
    before = waarde(previous, definition.decimalen)
    if oordeel == "gelijk":
        return f"{_capital(subject)} bleef ongeveer gelijk: {before} in {vorige} en {now} in {periode}."
    if oordeel == "onzeker":
        return (
            f"{_capital(subject)} was {now} in {periode}, tegen {before} in {vorige}; dat verschil kan op toeval "
            f"berusten en wijst dus niet zeker op een echte verandering."
        )
    verb = "steeg" if oordeel == "hoger" else "daalde"
    return f"{_capital(subject)} {verb} van {before} in {vorige} naar {now} in {periode}."
