"""nazorg sample: synthetic exports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from nazorg_cli.cli.console import handle_errors, say
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg sample --out demo --seed 7 --personen 800 --jaren 2016-2019"


@handle_errors
def sample(
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("sample_data"),
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde: dezelfde seed geeft dezelfde bestanden.")] = 2019,
    personen: Annotated[int, typer.Option("--personen", help="Aantal verzonnen personen.", min=1)] = 800,
    jaren: Annotated[str, typer.Option("--jaren", help="Jaren met detenties, JJJJ-JJJJ.")] = "2016-2019",
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Bestaande bestanden in de map vervangen (standaard: weigeren).")
    ] = False,
) -> None:
    """Schrijf synthetische exports van alle zeven bronnen, plus nazorg.toml en nota.toml.

    De personen zijn verzonnen; de BSN's zijn willekeurig maar doorstaan de 11-proef.
    """
    from nazorg_cli.sample.generator import SampleOptions, write_sample

    m = re.fullmatch(r"(\d{4})-(\d{4})", jaren.strip())
    if not m or int(m[1]) > int(m[2]) or int(m[1]) < 1991:
        raise refusal("gebruik", "jaren", tekst=jaren)
    written = write_sample(
        out, SampleOptions(seed=seed, personen=personen, eerste_jaar=int(m[1]), laatste_jaar=int(m[2])), overschrijven
    )
    say(f"Klaar: {len(written)} bestanden in {out}.")


def register(app: typer.Typer) -> None:
    app.command("sample", epilog=EXAMPLE)(sample)
