"""nazorg validate: findings only, with locations and row accounting."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import EXIT_DATA_ERRORS, handle_errors, say, terminal_text
from nazorg_cli.cli.options import ConfigOpt, InputDir
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg validate sample_data --format xlsx --out datakwaliteit.xlsx"


class Format(str, Enum):
    human = "human"
    json = "json"
    xlsx = "xlsx"


@handle_errors
def validate(
    input: InputDir,
    config: ConfigOpt = None,
    format: Annotated[
        Format, typer.Option("--format", help="human (tabel), json, of xlsx (per bron een blad, om terug te sturen).")
    ] = Format.human,
    out: Annotated[Optional[Path], typer.Option("--out", help="Bestand voor --format xlsx (bijv. datakwaliteit.xlsx).")] = None,
) -> None:
    """Controleer de exports: rijtelling per bron en elke bevinding met bestand, blad, rij en kolom.

    Exitcode 0 zonder fouten, 1 als er fouten in de data staan, 2 als de invoer niet te lezen is.
    Onveilige of verkeerd benoemde bestanden (zipbommen, versleuteld, XML-entiteiten) worden
    vooraf geweigerd met exitcode 2.
    """
    from nazorg_cli import pipeline

    if format is Format.xlsx and out is None:
        raise refusal("gebruik", "xlsx-naar-terminal")
    outcome = pipeline.validate(input, config)
    if format is Format.xlsx and out is not None:
        from nazorg_cli.outputs.folder import write_folder
        from nazorg_cli.outputs.tables import quality_xlsx_bytes

        written = write_folder(out.parent, {out.name: quality_xlsx_bytes(outcome.document)})
        say(f"Klaar: {written[0]}.")
    elif format is Format.json:
        typer.echo(json.dumps(outcome.document, ensure_ascii=False, indent=2))
    else:
        _print_human(outcome.document)
    if outcome.report.has_errors:
        raise typer.Exit(EXIT_DATA_ERRORS)


SHOWN_FINDINGS = 50


def _print_human(document: dict) -> None:
    """Sources, then a count per source and code (errors first), then the first findings one by
    one; the rest are in --format json. Data is never read as Rich markup, and control
    characters in it never reach the terminal."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def cell(value: object) -> Text:
        return Text(terminal_text("" if value is None else value))

    console = Console(highlight=False)
    sources = Table(title="Bronnen", title_justify="left")
    for col in ("Bron", "Bestand", "Blad"):
        sources.add_column(col, no_wrap=col == "Bron", overflow="fold")
    for col in ("Gelezen", "Goed", "Afgekeurd", "Dubbel"):
        sources.add_column(col, justify="right")
    for b in document["bronnen"]:
        sources.add_row(
            *(
                cell(v)
                for v in (
                    b["bron"],
                    b["bestand"] or "(ontbreekt)",
                    b["blad"],
                    b["rijen_gelezen"],
                    b["rijen_geaccepteerd"],
                    b["rijen_afgekeurd"],
                    b["duplicaten"],
                )
            )
        )
    console.print(sources)
    findings = document["bevindingen"]
    if not findings:
        console.print("Geen bevindingen.")
        return
    order = {"fout": 0, "waarschuwing": 1, "info": 2}
    counts = Counter((f["ernst"], f["bron"], f["code"]) for f in findings)
    summary = Table(title=f"Bevindingen per bron en soort ({len(findings)} in totaal)", title_justify="left")
    for col in ("Ernst", "Bron", "Code", "Aantal"):
        summary.add_column(col, justify="right" if col == "Aantal" else "left")
    for (ernst, bron, code), n in sorted(counts.items(), key=lambda item: (order.get(item[0][0], 3), item[0][1:])):
        summary.add_row(cell(ernst), cell(bron), cell(code), cell(n))
    console.print(summary)
    # Findings about a row first (a missing file or an unused column is in the summary already).
    in_rows = [f for f in findings if f["rij"] is not None] or findings
    shown = sorted(in_rows, key=lambda f: order.get(f["ernst"], 3))[:SHOWN_FINDINGS]
    title = "Bevindingen" if len(shown) == len(findings) else f"De eerste {len(shown)} bevindingen"
    table = Table(title=title, title_justify="left")
    for col in ("Ernst", "Bestand", "Blad", "Rij", "Kolom", "Melding"):
        table.add_column(col, overflow="fold")
    for f in shown:
        table.add_row(*(cell(v) for v in (f["ernst"], f["bestand"], f["blad"], f["rij"], f["kolom"], f["melding"])))
    console.print(table)
    if len(findings) > len(shown):
        console.print(f"En nog {_getal(len(findings) - len(shown))} bevindingen: alle staan in `nazorg validate --format json`.")
    errors = sum(1 for f in findings if f["ernst"] == "fout")
    if errors:
        console.print(
            f"{_getal(errors)} {'fout' if errors == 1 else 'fouten'}: een rij met een fout telt niet mee in de cijfers. "
            "Herstel de export van de bron en draai opnieuw."
        )


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def register(app: typer.Typer) -> None:
    app.command("validate", epilog=EXAMPLE)(validate)
