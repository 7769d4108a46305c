"""The ``nazorg`` command. Only this layer knows typer and rich; heavy imports live in the commands."""

from __future__ import annotations

from typing import Annotated

import typer

from nazorg_cli import __version__
from nazorg_cli.cli.commands import definities, evaluate, indicators, init, render, sample, validate

app = typer.Typer(
    name="nazorg",
    help="Evaluatie van nazorg na detentie: gevalideerde, beveiligde cijfers en een concept-informatienota.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nazorg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Toon de versie.")] = False,
) -> None:
    """Evaluatie van nazorg na detentie voor gemeenten."""


for module in (evaluate, validate, indicators, render, definities, sample, init):
    module.register(app)


def main() -> None:
    app()
