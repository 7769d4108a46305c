"""nazorg evaluate: the yearly job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import EXIT_DATA_ERRORS, command_line, handle_errors, say, step
from nazorg_cli.cli.options import (
    ConfigOpt,
    FormaatOpt,
    FromOpt,
    GemeenteOpt,
    HistoryOpt,
    InputDir,
    InternOpt,
    NotaOpt,
    PeildatumOpt,
    PeriodOpt,
    SjabloonOpt,
    ToOpt,
    run_fields,
)

EXAMPLE = "Voorbeeld: nazorg evaluate sample_data --period 2019 --out uitvoer"


@handle_errors
def evaluate(
    ctx: typer.Context,
    input: InputDir,
    period: PeriodOpt = None,
    van: FromOpt = None,
    tot: ToOpt = None,
    peildatum: PeildatumOpt = None,
    config: ConfigOpt = None,
    nota: NotaOpt = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="Uitvoermap (standaard: uitvoer, of 'uitvoer' uit nazorg.toml).")
    ] = None,
    intern: InternOpt = False,
    formaat: FormaatOpt = "md,html,docx,pdf",
    sjabloon: SjabloonOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exitcode 1 als de data fouten bevat.")] = False,
    history_file: HistoryOpt = None,
    gemeente: GemeenteOpt = None,
) -> None:
    """Valideer de exports, bereken de indicatoren en schrijf tabellen, de concept-informatienota en de monitor.

    Schrijft informatienota en monitor als md, html, docx en pdf (--formaat kiest), de grafieken in
    figuren/, indicatoren.json/.csv/.xlsx, datakwaliteit.json en manifest.json. De Word-bestanden
    gebruiken de huisstijl van --sjabloon (of 'sjabloon' in het notabestand).
    Standaard openbaar: kleine aantallen worden onderdrukt (x). Elke openbare run bewaart zijn
    gepubliceerde cijfers in de historie (buiten de uitvoermap); de nota toont eerdere jaren daaruit.
    """
    from nazorg_cli.report.charts import chart_helper

    # The chart helper first: it imports the chart library while this process loads the rest.
    with chart_helper(pdf="pdf" in formaat.lower()) as charts:
        from nazorg_cli import pipeline

        options = pipeline.EvaluateOptions(
            **run_fields(input, config, period, van, tot, peildatum, intern, history_file),
            gemeente=gemeente,
            command=tuple(command_line(ctx)),
            out_dir=out,
            nota_path=nota,
            formats=pipeline.formats_of(formaat),
            sjabloon=sjabloon,
        )
        outcome = pipeline.evaluate(options, progress=step, charts=charts)
    document, report = outcome.document, outcome.report
    for code, text in outcome.warnings:
        say(text, "waarschuwing", code)
    say(
        f"Klaar: {len(outcome.written)} bestanden in {outcome.out_dir} ({document['publicatie']}, periode "
        f"{document['periode']['van']} t/m {document['periode']['tot_en_met']}); "
        f"{report.count('fout')} fouten en {report.count('waarschuwing')} waarschuwingen in de data, "
        f"zie datakwaliteit.json."
    )
    if strict and report.has_errors:
        raise typer.Exit(EXIT_DATA_ERRORS)


def register(app: typer.Typer) -> None:
    app.command("evaluate", epilog=EXAMPLE)(evaluate)
