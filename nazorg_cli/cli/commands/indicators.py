"""nazorg indicators: the tables alone, for cron."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from nazorg_cli.cli.console import handle_errors, say, step
from nazorg_cli.cli.options import (
    ConfigOpt,
    FromOpt,
    GemeenteOpt,
    HistoryOpt,
    InputDir,
    InternOpt,
    PeildatumOpt,
    PeriodOpt,
    ToOpt,
    run_fields,
)
from nazorg_cli.codes import refusal

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
    history_file: HistoryOpt = None,
    gemeente: GemeenteOpt = None,
) -> None:
    """Bereken alleen de indicatorentabel (json, csv of xlsx), naar een bestand of stdout.

    Alle indicatoren van de catalogus, met uitsplitsingen, voor de periode en tot vier eerdere
    periodes van gelijke lengte (de reeks), met de vergelijking met de vorige periode.
    Een openbare run bewaart zijn gepubliceerde cijfers in de historie.
    """
    from nazorg_cli import pipeline

    if format is Format.xlsx and out == "-" and sys.stdout.isatty():
        raise refusal("gebruik", "xlsx-naar-terminal")
    options = pipeline.IndicatorsOptions(
        **run_fields(input, config, period, van, tot, peildatum, intern, history_file),
        gemeente=gemeente,
        format=format.value,
        out_file=None if out == "-" else Path(out),
    )
    outcome = pipeline.indicators(options, progress=step)
    if options.out_file is None:
        sys.stdout.buffer.write(outcome.content or b"")
        sys.stdout.flush()
    else:
        say(f"Klaar: {outcome.written[0]}.")


def register(app: typer.Typer) -> None:
    app.command("indicators", epilog=EXAMPLE)(indicators)
