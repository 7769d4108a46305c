"""Write docs/findings.md from the code registry, nazorg_cli/codes.py (python docs/make_findings.py)."""

from pathlib import Path

from nazorg_cli.codes import CODES, WEIGERING

ERNST = {"fout": "fout (rij afgekeurd)", "waarschuwing": "waarschuwing (rij blijft)", "info": "info"}


def _templates(sjablonen: dict[str, str]) -> str:
    return "<br>".join(f"`{t}`" for t in sjablonen.values())


def text() -> str:
    findings = [c for c in CODES.values() if c.ernst != WEIGERING]
    refusals = [c for c in CODES.values() if c.ernst == WEIGERING]
    lines = [
        "# Codes en meldingen",
        "",
        "Gegenereerd uit `nazorg_cli/codes.py` (`python docs/make_findings.py`): het ene register van",
        "alle codes die nazorg kan geven, met hun ernst en de Nederlandse meldingen. In een melding staat",
        "`{kolom}` voor de kolomkop zoals die in uw export staat; persoonsgegevens staan er nooit in (een",
        "BSN alleen gemaskeerd, `*****6782`).",
        "",
        "## Bevindingen in de data",
        "",
        "Elke bevinding van `nazorg validate` en in `datakwaliteit.json` heeft een van deze codes, met",
        "bestand, blad, rij en kolom. Een fout keurt de rij af; een waarschuwing houdt hem; info meldt alleen.",
        "",
        "| code | ernst | betekenis | melding |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {ERNST[c.ernst]} | {c.titel} | {_templates(c.sjablonen)} |" for c in findings]
    lines += [
        "",
        "## Kan niet draaien (exitcode 2)",
        "",
        "Een run die niet verder kan, schrijft niets weg en zet één zin op stderr met de code erachter,",
        "bijvoorbeeld `Fout: detenties.xlsx: het werkboek is met een wachtwoord versleuteld; sla het zonder",
        "wachtwoord op. [versleuteld]`. Met `--log-format json` staat de code in het veld `code`.",
        "",
        "| code | betekenis | meldingen |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.code}` | {c.titel} | {_templates(c.sjablonen)} |" for c in refusals]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(__file__).with_name("findings.md").write_text(text(), "utf-8")
