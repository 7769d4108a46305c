"""nazorg sample: synthetic exports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from nazorg_cli.cli.console import handle_errors, say
from nazorg_cli.codes import refusal

EXAMPLE = "Voorbeeld: nazorg sample --out demo --seed 7 --personen 800 --jaren 2016-2019"


def _regio(value: int) -> int:
    if value != 0 and not 2 <= value <= 40:
        # In click's words, which nazorg_cli.cli.dutch turns into a Dutch sentence.
        raise typer.BadParameter(f"{value} is not in the range 0 of 2 tot en met 40.")
    return value


@handle_errors
def sample(
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("sample_data"),
    seed: Annotated[int, typer.Option("--seed", help="Startwaarde: dezelfde seed geeft dezelfde bestanden.")] = 2019,
    personen: Annotated[int, typer.Option("--personen", help="Aantal verzonnen personen.", min=1)] = 800,
    jaren: Annotated[str, typer.Option("--jaren", help="Jaren met detenties, JJJJ-JJJJ.")] = "2016-2019",
    regio: Annotated[
        int,
        typer.Option(
            "--regio",
            metavar="N",
            callback=_regio,
            help="Verdeel de personen over N echte gemeenten van een regio (2 tot en met 40); 0 (standaard): "
            "één gemeente, Haarlem. Met 4: Zuid-Kennemerland (Haarlem, Zandvoort, Bloemendaal, "
            "Heemstede), anders de eerste N gemeenten van Noord-Holland. De gemeenten zijn heel ongelijk "
            "groot, een paar hebben maar een handvol personen; van ongeveer 3% van de personen is de "
            "gemeente onbekend en een paar procent is binnen de regio verhuisd. nazorg.toml noemt dan de "
            "regio in plaats van één gemeente.",
        ),
    ] = 0,
    overschrijven: Annotated[
        bool, typer.Option("--overschrijven", help="Bestaande bestanden in de map vervangen (standaard: weigeren).")
    ] = False,
) -> None:
    """Schrijf synthetische exports van alle zeven bronnen, plus nazorg.toml en nota.toml.

    De personen zijn verzonnen; de BSN's zijn willekeurig maar doorstaan de 11-proef. Met --regio
    wonen ze verspreid over de gemeenten van een regio, om nazorg evaluate per regio te proberen.
    """
    from nazorg_cli.sample.generator import SampleOptions, write_sample

    m = re.fullmatch(r"(\d{4})-(\d{4})", jaren.strip())
    if not m or int(m[1]) > int(m[2]) or int(m[1]) < 1991:
        raise refusal("gebruik", "jaren", tekst=jaren)
    written = write_sample(
        out,
        SampleOptions(seed=seed, personen=personen, eerste_jaar=int(m[1]), laatste_jaar=int(m[2]), regio=regio),
        overschrijven,
    )
    say(f"Klaar: {len(written)} bestanden in {out}.")


def register(app: typer.Typer) -> None:
    app.command("sample", epilog=EXAMPLE)(sample)
