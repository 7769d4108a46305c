"""nazorg definities: the indicator catalogue."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg definities bereik_nazorg"


@handle_errors
def definities(
    id: Annotated[Optional[str], typer.Argument(help="Id van één indicator; zonder id de hele catalogus.")] = None,
) -> None:
    """Toon de definities van de indicatoren: dezelfde tekst als de bijlage van de nota."""
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.compute import computed_ids

    defs = catalog()
    if id is not None and id not in defs:
        raise refusal("gebruik", "indicator-onbekend", id=id)
    computed = computed_ids()
    for d in [defs[id]] if id else defs.values():
        note = "" if d.id in computed else "  [wordt nog niet berekend]"
        typer.echo(f"{d.id}: {d.naam} ({d.eenheid}){note}")
        typer.echo(f"  {d.definitie}")
        if d.venster:
            typer.echo(f"  Termijn: {d.venster[0]} dagen na {d.venster[1]}; tot die voorbij is, telt een geval als open.")
        typer.echo(
            f"  Bronnen: {', '.join(d.bronnen)}"
            + (f"; uitsplitsingen: {', '.join(d.uitsplitsingen)}" if d.uitsplitsingen else "")
        )
        if not id:
            typer.echo("")


def register(app: typer.Typer) -> None:
    app.command("definities", epilog=EXAMPLE)(definities)
