"""nazorg init: starter configuration and note file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nazorg_cli.cli.console import handle_errors, say

EXAMPLE = "Voorbeeld: nazorg init exports/ && nazorg evaluate exports/"


@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Map voor nazorg.toml en nota.toml.")] = Path("."),
) -> None:
    """Schrijf een nazorg.toml en een nota.toml met uitleg; bestaande bestanden blijven staan."""
    from nazorg_cli.sample.starter import write_starter_files

    written = write_starter_files(folder)
    for name in ("nazorg.toml", "nota.toml"):
        path = folder / name
        say(f"{'Geschreven' if path in written else 'Bestaat al, ongewijzigd'}: {path}")


def register(app: typer.Typer) -> None:
    app.command("init", epilog=EXAMPLE)(init)
