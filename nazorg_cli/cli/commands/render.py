"""nazorg render: the note again from computed tables, without raw data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors, say
from nazorg_cli.cli.options import FormaatOpt, NotaOpt, SjabloonOpt
from nazorg_cli.codes import message

EXAMPLE = "Voorbeeld: nazorg render uitvoer/indicatoren.json --nota nota.toml --out uitvoer"


@handle_errors
def render(
    indicatoren: Annotated[Path, typer.Argument(help="indicatoren.json van nazorg evaluate of indicators.", show_default=False)],
    nota: NotaOpt = None,
    templates: Annotated[
        Optional[Path], typer.Option("--templates", help="Map met eigen templates (vervangt de standaard).")
    ] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Uitvoermap (standaard: de map van INDICATOREN).")] = None,
    formaat: FormaatOpt = "md,html,docx,pdf",
    sjabloon: SjabloonOpt = None,
) -> None:
    """Maak de informatienota en de monitor opnieuw uit indicatoren.json, zonder de ruwe data.

    Neemt datakwaliteit.json mee als die naast indicatoren.json staat; het notabestand is --nota,
    anders nota.toml naast indicatoren.json, anders nota.toml in de werkmap. Zonder notabestand
    zegt render dat, en staan de teksten als [in te vullen: ...] in de nota.
    """
    from nazorg_cli.report.charts import chart_helper

    # The helper first: it imports the chart library while this process loads the rest.
    with chart_helper(pdf="pdf" in formaat.lower()) as charts:
        from nazorg_cli import pipeline

        outcome = pipeline.render(indicatoren, nota, templates, out, pipeline.formats_of(formaat), sjabloon, charts)
    for code, text in outcome.warnings:
        say(text, "waarschuwing", code)
    if outcome.nota is None:
        say(message("geen-notabestand"), "waarschuwing", "geen-notabestand")
    else:
        say(f"Teksten uit {outcome.nota}.")
    target = outcome.out_dir or Path(".")
    names = sorted(str(p.relative_to(target)) for p in outcome.written)
    say(f"Klaar: {', '.join(names)} in {outcome.out_dir}.")


def register(app: typer.Typer) -> None:
    app.command("render", epilog=EXAMPLE)(render)
