"""Drafted Dutch sentences from the protected figures, for the analyst to keep or rewrite.

Sentences use only published values: a suppressed figure is named as not published, never
hinted at through a difference with another figure.
"""

from __future__ import annotations

from nazorg_cli.report.formatting import waarde


def _subject(definition) -> str:
    return definition.onderwerp or f"de indicator ‘{definition.naam}’"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(definition, current: dict | None, previous: dict | None, periode: str, vorige: str | None) -> str:
    """One sentence on an indicator, comparing with the previous period where both are published."""
    subject = _subject(definition)
    if current is None or current["status"] == "geen_gegevens":
        return f"Over {periode} zijn voor {subject} geen gegevens beschikbaar."
    if current["status"] == "onderdrukt":
        return (
            f"{_capital(subject)} over {periode} wordt niet gepubliceerd (x), omdat het om te weinig personen "
            f"gaat om herleidbaarheid uit te sluiten."
        )
    now = waarde(current, definition.decimalen)
    caveat = ""
    if current["status"] == "onvolledig":
        caveat = " Dit cijfer is voorlopig: voor een deel van de personen loopt de termijn na de peildatum af."
    usable = previous is not None and previous["status"] in ("ok", "onvolledig") and previous["waarde"] is not None
    if not usable or vorige is None:
        return f"{_capital(subject)} was {now} in {periode}.{caveat}"
    before = waarde(previous, definition.decimalen)
    if before == now:
        return f"{_capital(subject)} bleef gelijk op {now} ({vorige} en {periode}).{caveat}"
    assert previous is not None  # waarde(None) never equals a published figure
    verb = "steeg" if current["waarde"] > previous["waarde"] else "daalde"
    return f"{_capital(subject)} {verb} van {before} in {vorige} naar {now} in {periode}.{caveat}"
