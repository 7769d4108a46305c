"""nazorg indicators: the tables alone, for cron."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors
from nazorg_cli.cli.options import (ConfigOpt, FromOpt, InputDir, InternOpt, PeildatumOpt, PeriodOpt, ToOpt,
                                    peildatum_from_option, period_from_options)
from nazorg_cli.errors import UsageError

EXAMPLE = "Voorbeeld: nazorg indicators /data/exports --period 2019 --format csv --out indicatoren.csv"


class Format(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@handle_errors
def indicators(
    input: InputDir,
    period: PeriodOpt = None,
    van: FromOpt = None,
    tot: ToOpt = None,
    peildatum: PeildatumOpt = None,
    config: ConfigOpt = None,
    intern: InternOpt = False,
    format: Annotated[Format, typer.Option("--format", help="json, csv of xlsx.")] = Format.json,
    out: Annotated[str, typer.Option("--out", help="Bestand, of - voor stdout.")] = "-",
    history_file: Annotated[Optional[Path], typer.Option("--history", help="Historie van gepubliceerde cijfers (SQLite; standaard history.sqlite naast --out BESTAND, geen bij stdout).")] = None,
) -> None:
    """Bereken alleen de indicatorentabel (json, csv of xlsx), naar een bestand of stdout.

    Alle indicatoren van de catalogus, met uitsplitsingen en de vorige periode van gelijke lengte.
    Een openbare run met een historie bewaart daarin zijn gepubliceerde cijfers.
    """
    from datetime import datetime, timezone

    from nazorg_cli import __version__
    from nazorg_cli.outputs import history
    from nazorg_cli.outputs.folder import write_folder
    from nazorg_cli.outputs.tables import csv_text, json_text, xlsx_bytes
    from nazorg_cli.pipeline import indicator_document, prepare

    chosen_period = period_from_options(period, van, tot)
    chosen_peildatum = peildatum_from_option(peildatum)
    if format is Format.xlsx and out == "-" and sys.stdout.isatty():
        raise UsageError("xlsx gaat niet naar een terminal; geef --out BESTAND.xlsx op.")
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    history_path = history_file or (Path(out).parent / history.HISTORY_NAME if out != "-" else None)
    document = indicator_document(prepare(input, config), chosen_period, chosen_peildatum, intern)
    document["historie"] = history.earlier(history_path, document) if history_path else []
    content = {Format.json: lambda: json_text(document).encode(), Format.csv: lambda: csv_text(document).encode(),
               Format.xlsx: lambda: xlsx_bytes(document)}[format]()
    if out == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        target = Path(out)
        write_folder(target.parent if str(target.parent) else Path("."), {target.name: content})
    if history_path and not intern:
        history.store(history_path, document, started, __version__)


def register(app: typer.Typer) -> None:
    app.command("indicators", epilog=EXAMPLE)(indicators)
