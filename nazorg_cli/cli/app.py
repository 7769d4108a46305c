"""The ``nazorg`` command. Only this layer knows typer and rich; heavy imports live in the commands."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from nazorg_cli import __version__
from nazorg_cli.cli.commands import bronnen, definities, evaluate, historie, indicators, init, render, sample, validate
from nazorg_cli.cli.console import SETTINGS
from nazorg_cli.cli.dutch import install as speak_dutch
from nazorg_cli.cli.dutch import run

speak_dutch()

app = typer.Typer(
    name="nazorg",
    help="Evaluatie van nazorg na detentie: gevalideerde, beveiligde cijfers en een concept-informatienota.",
    no_args_is_help=True,
    epilog="Voorbeeld: nazorg evaluate sample_data --out uitvoer (en nazorg OPDRACHT --help voor elke opdracht).",
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: Rich help formatting imports rich.markdown and markdown-it at every start.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nazorg {__version__}")
        raise typer.Exit()


class LogFormat(str, Enum):
    text = "text"
    json = "json"


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Alleen fouten op stderr (voor cron).")] = False,
    log_format: Annotated[
        LogFormat, typer.Option("--log-format", help="text, of json: één JSON-object per regel.")
    ] = LogFormat.text,
) -> None:
    """Evaluatie van nazorg na detentie voor gemeenten.

    Opties vóór de opdracht gelden voor alle opdrachten, bijv. nazorg --quiet --log-format json indicators DATA.
    """
    SETTINGS.quiet = quiet
    SETTINGS.log_format = log_format.value


for module in (evaluate, validate, indicators, render, definities, bronnen, historie, sample, init):
    module.register(app)


def main() -> None:
    from nazorg_cli.processes import quiet_threads

    quiet_threads()
    try:
        run(typer.main.get_command(app))
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def leave(code: object) -> None:
    """End the process at once with ``code``. Every output is written and closed by now (the
    output folder's writes and lock end inside the command), so the interpreter's teardown of
    the data and libraries (0.1-0.2 s after a run) is skipped: streams and logging are flushed,
    and forked helpers end with this process (processes.die_with_parent)."""
    import contextlib
    import logging
    import os
    import sys

    if isinstance(code, str):  # sys.exit("message"): the message goes to stderr, exit code 1
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (nazorg ... | head) is no error of ours
            stream.flush()
    os._exit(code if isinstance(code, int) else 0)
