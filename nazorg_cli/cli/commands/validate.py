"""nazorg validate: findings only, with locations and row accounting."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from nazorg_cli.cli.console import EXIT_DATA_ERRORS, handle_errors
from nazorg_cli.cli.options import ConfigOpt, InputDir

EXAMPLE = "Voorbeeld: nazorg validate sample_data --format json > bevindingen.json"


class Format(str, Enum):
    human = "human"
    json = "json"


@handle_errors
def validate(
    input: InputDir,
    config: ConfigOpt = None,
    format: Annotated[Format, typer.Option("--format", help="human (tabel) of json.")] = Format.human,
) -> None:
    """Controleer de exports: rijtelling per bron en elke bevinding met bestand, blad, rij en kolom.

    Exitcode 0 zonder fouten, 1 als er fouten in de data staan, 2 als de invoer niet te lezen is.
    Onveilige of verkeerd benoemde bestanden (zipbommen, versleuteld, XML-entiteiten) worden
    vooraf geweigerd met exitcode 2.
    """
    from nazorg_cli import pipeline

    outcome = pipeline.validate(input, config)
    if format is Format.json:
        typer.echo(json.dumps(outcome.document, ensure_ascii=False, indent=2))
    else:
        _print_human(outcome.document)
    if outcome.report.has_errors:
        raise typer.Exit(EXIT_DATA_ERRORS)


def _print_human(document: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    sources = Table(title="Bronnen", title_justify="left")
    for col in ("Bron", "Bestand", "Blad", "Gelezen", "Geaccepteerd", "Afgekeurd", "Duplicaten", "Onbekende kolommen"):
        sources.add_column(col, justify="right" if col in ("Gelezen", "Geaccepteerd", "Afgekeurd", "Duplicaten") else "left")
    for b in document["bronnen"]:
        sources.add_row(
            b["bron"],
            b["bestand"] or "(ontbreekt)",
            b["blad"] or "",
            str(b["rijen_gelezen"]),
            str(b["rijen_geaccepteerd"]),
            str(b["rijen_afgekeurd"]),
            str(b["duplicaten"]),
            ", ".join(b["onbekende_kolommen"]),
        )
    console.print(sources)
    findings = document["bevindingen"]
    if not findings:
        console.print("Geen bevindingen.")
        return
    table = Table(title=f"Bevindingen ({len(findings)})", title_justify="left")
    for col in ("Ernst", "Code", "Bron", "Bestand", "Blad", "Rij", "Kolom", "Melding"):
        table.add_column(col)
    for f in findings:
        table.add_row(
            f["ernst"],
            f["code"],
            f["bron"],
            f["bestand"] or "",
            f["blad"] or "",
            "" if f["rij"] is None else str(f["rij"]),
            f["kolom"] or "",
            f["melding"],
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("validate", epilog=EXAMPLE)(validate)
