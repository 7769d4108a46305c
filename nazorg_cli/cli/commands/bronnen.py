"""nazorg bronnen: every source's fields, their role, their aliases and the header they matched."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors, terminal_text
from nazorg_cli.cli.options import ConfigOpt
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg bronnen detenties --invoer /data/exports"


@handle_errors
def bronnen(
    bron: Annotated[Optional[str], typer.Argument(help="Eén bron (bijv. detenties); zonder bron alle zeven.")] = None,
    invoer: Annotated[
        Optional[Path], typer.Option("--invoer", help="Map met exports: toon per veld de kolomkop die nazorg daar vond.")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Toon per bron de velden: verplicht, nodig voor cijfers of optioneel, de kolomkoppen die nazorg
    herkent, en (met --invoer) de kolomkop die in uw export bij het veld hoort."""
    from nazorg_cli import pipeline
    from nazorg_cli.indicators.requirements import needed_fields
    from nazorg_cli.sources.schema import SOURCE_NAMES, load_schema

    if bron is not None and bron not in SOURCE_NAMES:
        raise refusal("gebruik", "bron-onbekend", bron=bron, bronnen=", ".join(SOURCE_NAMES))
    matched: dict[str, dict[str, str]] = {}
    gemeente = None
    if invoer is not None:
        outcome = pipeline.validate(invoer, config)
        matched = {b["bron"]: {**b.get("kolommen", {}), "_bestand": b["bestand"] or ""} for b in outcome.document["bronnen"]}
        from nazorg_cli.config import load_config

        settings = load_config(invoer, config)
        # A region needs the gemeente column as much as one gemeente does.
        gemeente = settings.gemeente or (settings.regio.naam if settings.regio else None)
    needed = needed_fields(gemeente)
    for name in [bron] if bron else SOURCE_NAMES:
        schema = load_schema(name)
        found = matched.get(name, {})
        file = f" ({terminal_text(found['_bestand'])})" if found.get("_bestand") else (" (geen bestand)" if invoer else "")
        typer.echo(f"{name}: {schema.title}{file}")
        for field in schema.fields:
            role = (
                "verplicht"
                if field.required
                else f"nodig voor {len(needed[(name, field.name)])} cijfers"
                if (name, field.name) in needed
                else "optioneel"
            )
            line = f"  {field.name:<24} {role:<24} herkend: {', '.join([field.name, *field.aliases])}"
            if invoer is not None:
                line += f"\n  {'':<24} {'':<24} in uw export: {terminal_text(found.get(field.name, '-'))}"
            typer.echo(line)
        typer.echo("")


def register(app: typer.Typer) -> None:
    app.command("bronnen", epilog=EXAMPLE)(bronnen)
