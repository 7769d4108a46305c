"""nazorg historie: the stored runs of published figures, and removing one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors, say, terminal_text
from nazorg_cli.cli.options import ConfigOpt, HistoryOpt
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg historie /data/exports (en --verwijder 3 om run 3 te verwijderen)"


@handle_errors
def historie(
    invoer: Annotated[
        Optional[Path],
        typer.Argument(help="Map met de exports en hun nazorg.toml (bepaalt gemeente en historie); standaard de werkmap."),
    ] = None,
    config: ConfigOpt = None,
    history_file: HistoryOpt = None,
    verwijder: Annotated[Optional[int], typer.Option("--verwijder", help="Verwijder deze run (het nummer uit de lijst).")] = None,
) -> None:
    """Toon de opgeslagen runs in de historie van gepubliceerde cijfers, of verwijder er een.

    De historie staat buiten de uitvoermap (zie --history). Een nieuwe run van dezelfde periode
    vervangt de oude vanzelf; --verwijder is voor een run die nooit gepubliceerd had mogen worden.
    """
    from nazorg_cli.config import load_config
    from nazorg_cli.outputs import history

    settings = load_config(invoer, config)
    path = history.location(history_file, settings.historie, settings.gemeente, settings.synthetisch)
    if verwijder is not None:
        if not history.remove(path, verwijder):
            raise refusal("gebruik", "run-onbekend", run=verwijder, pad=path)
        say(f"Run {verwijder} is uit {path} verwijderd.")
        return
    stored = history.runs(path)
    if not stored:
        gemeente = f" voor {settings.gemeente}" if settings.gemeente else " (geen gemeente in nazorg.toml gevonden)"
        say(f"De historie{gemeente} ({path}) bevat nog geen runs.")
        return
    typer.echo(f"Historie: {terminal_text(path)}")
    typer.echo(f"{'Run':>4}  {'Gemeente':<16} {'Periode':<25} {'Peildatum':<10}  {'Gedraaid':<25} {'Versie':<8} {'Cijfers':>7}")
    for run in stored:
        periode = f"{run['van']} t/m {run['tot_en_met']}"
        gemeente = terminal_text(run["gemeente"] or "(geen)")
        typer.echo(
            f"{run['run']:>4}  {gemeente:<16} {periode:<25} {run['peildatum']:<10}  {run['gestart']:<25} "
            f"{run['versie']:<8} {run['records']:>7}"
        )


def register(app: typer.Typer) -> None:
    app.command("historie", epilog=EXAMPLE)(historie)
