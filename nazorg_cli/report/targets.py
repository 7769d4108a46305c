"""Streefwaarden and their stoplicht (DOMAIN §7 v2), always a word as well as a colour.

- gehaald: the figure meets the target (at least it for minimaal, at most it for maximaal);
- niet gehaald (red): short of it by a real gap: for a percentage z = (p - p*) / sqrt(p* (1 - p*) / n)
  beyond 1.96 in the wrong direction (p = teller / noemer exactly, n = noemer); for other units more
  than 20% of the target past it;
- bijna (orange): short of it, within that margin;
- onbekend: the figure is not published (suppressed, no data, or not yet known).

A voorlopig figure is published (with its *) and is judged like any other; the leeswijzer says so.
"""

from __future__ import annotations

import math
from fractions import Fraction

from nazorg_cli.report.notabestand import Streefwaarde

GEHAALD, BIJNA, NIET_GEHAALD, ONBEKEND = "gehaald", "bijna", "niet gehaald", "onbekend"
Z = 1.96
MARGIN = Fraction(1, 5)  # 20% of the target, for units other than percentages
RULE = (
    "Bij een streefwaarde staat een stoplicht, als woord en als kleur: gehaald (groen) als het cijfer de "
    "streefwaarde haalt; niet gehaald (rood) als het cijfer de streefwaarde niet haalt en het verschil groter is "
    "dan toeval kan verklaren (bij een percentage volgens een statistische toets, bij andere cijfers als het meer "
    "dan 20% van de streefwaarde scheelt); bijna (oranje) als het cijfer de streefwaarde net niet haalt; onbekend "
    "(grijs) als het cijfer niet is gepubliceerd. Ook een voorlopig cijfer krijgt een stoplicht; dat kan nog "
    "veranderen."
)


def stoplicht(record: dict | None, target: Streefwaarde, eenheid: str) -> str:
    if record is None or record["status"] in ("onderdrukt", "geen_gegevens") or record.get("waarde") is None:
        return ONBEKEND
    sign = 1 if target.richting == "minimaal" else -1  # > 0 on the good side
    if eenheid == "percentage" and record.get("teller") is not None and record.get("noemer"):
        p = Fraction(record["teller"], record["noemer"])
        goal = Fraction(target.waarde).limit_denominator(10**6) / 100
        if sign * (p - goal) >= 0:
            return GEHAALD
        if goal in (0, 1):  # no spread around the target: any shortfall is real
            return NIET_GEHAALD
        z = float(p - goal) / math.sqrt(float(goal * (1 - goal)) / record["noemer"])
        return NIET_GEHAALD if sign * z < -Z else BIJNA
    value = Fraction(str(record["waarde"]))
    goal = Fraction(target.waarde).limit_denominator(10**6)
    if sign * (value - goal) >= 0:
        return GEHAALD
    return NIET_GEHAALD if abs(value - goal) > MARGIN * goal else BIJNA
