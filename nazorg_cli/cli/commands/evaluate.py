"""nazorg evaluate: the yearly job."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import EXIT_DATA_ERRORS, command_line, handle_errors, say, step
from nazorg_cli.cli.options import (ConfigOpt, FromOpt, InputDir, InternOpt, NotaOpt, PeildatumOpt, PeriodOpt, ToOpt,
                                    peildatum_from_option, period_from_options)

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
    out: Annotated[Optional[Path], typer.Option("--out", help="Uitvoermap (standaard: uitvoer, of 'uitvoer' uit nazorg.toml).")] = None,
    intern: InternOpt = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exitcode 1 als de data fouten bevat.")] = False,
    history_file: Annotated[Optional[Path], typer.Option("--history", help="Historie van gepubliceerde cijfers (SQLite; standaard history.sqlite in de uitvoermap).")] = None,
) -> None:
    """Valideer de exports, bereken de indicatoren en schrijf tabellen en de concept-informatienota.

    Schrijft informatienota.md/.html, indicatoren.json/.csv/.xlsx, datakwaliteit.json en manifest.json.
    Standaard openbaar: kleine aantallen worden onderdrukt (x). Elke openbare run bewaart zijn
    gepubliceerde cijfers in de historie; de nota toont eerdere jaren daaruit.
    """
    from nazorg_cli.processes import Helper
    from nazorg_cli.report.charts import prepare_drawing

    # Forked first, before the data libraries load: imports the chart library while the files
    # are read, then draws the charts (two copies, half each) while the note's text is rendered.
    with Helper(prepare_drawing, copies=2) as helper:
        from nazorg_cli import __version__
        from nazorg_cli.outputs import history
        from nazorg_cli.outputs.folder import write_folder
        from nazorg_cli.outputs.tables import csv_text, json_text, xlsx_bytes
        from nazorg_cli.pipeline import indicator_document, manifest_document, prepare, quality_document, warm_up
        from nazorg_cli.report.note import render_note
        from nazorg_cli.report.nota import load_nota

        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        chosen_period = period_from_options(period, van, tot)
        chosen_peildatum = peildatum_from_option(peildatum)
        with step("Bronnen lezen en controleren"):
            prepared = prepare(input, config, while_reading=warm_up)
        out_dir = out or prepared.config.uitvoer or Path("uitvoer")
        history_path = history_file or out_dir / history.HISTORY_NAME
        with step("Indicatoren berekenen en beveiligen"):
            document = indicator_document(prepared, chosen_period, chosen_peildatum, intern)
            document["historie"] = history.earlier(history_path, document)
            quality = quality_document(prepared)
        with step("Informatienota maken"):
            nota_path = nota or prepared.config.nota or (input / "nota.toml" if (input / "nota.toml").is_file() else None)
            markdown_text, html_text = render_note(document, load_nota(nota_path), quality,
                                                   draw=lambda specs: _draw_in_halves(helper, specs))
    files = {
        "indicatoren.json": json_text(document).encode(),
        "indicatoren.csv": csv_text(document).encode(),
        "indicatoren.xlsx": xlsx_bytes(document),
        "datakwaliteit.json": json_text(quality).encode(),
        "informatienota.md": markdown_text.encode(),
        "informatienota.html": html_text.encode(),
    }
    names = [out_dir / n for n in [*files, "manifest.json"]]
    files["manifest.json"] = json_text(manifest_document(prepared, command_line(ctx), started, names)).encode()
    with step("Wegschrijven"):
        write_folder(out_dir, files)
        if not intern:
            history.store(history_path, document, started, __version__)
    report = prepared.data.report
    errors, warnings = report.count("fout"), report.count("waarschuwing")
    say(f"Klaar: {len(files)} bestanden in {out_dir} ({document['publicatie']}, periode "
        f"{document['periode']['van']} t/m {document['periode']['tot_en_met']}); "
        f"{errors} fouten en {warnings} waarschuwingen in de data, zie datakwaliteit.json.")
    if strict and report.has_errors:
        raise typer.Exit(EXIT_DATA_ERRORS)


def _draw_in_halves(helper, specs: list[dict]):
    """Half the charts to each copy of the helper; returns a function that waits for all SVGs."""
    from nazorg_cli.report.charts import draw_charts

    waiting = [helper.submit(draw_charts, half) for half in (specs[::2], specs[1::2])]
    return lambda: {key: svg for result in waiting for key, svg in result().items()}


def register(app: typer.Typer) -> None:
    app.command("evaluate", epilog=EXAMPLE)(evaluate)
