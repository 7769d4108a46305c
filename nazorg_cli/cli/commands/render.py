"""nazorg render: the note again from computed tables, without raw data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.cli.console import handle_errors, say
from nazorg_cli.cli.options import NotaOpt
from nazorg_cli.errors import InputError

EXAMPLE = "Voorbeeld: nazorg render uitvoer/indicatoren.json --nota nota.toml --out uitvoer"


@handle_errors
def render(
    indicatoren: Annotated[Path, typer.Argument(help="indicatoren.json van nazorg evaluate of indicators.", show_default=False)],
    nota: NotaOpt = None,
    templates: Annotated[Optional[Path], typer.Option("--templates", help="Map met eigen templates (vervangt de standaard).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Uitvoermap (standaard: de map van INDICATOREN).")] = None,
) -> None:
    """Maak de informatienota opnieuw uit indicatoren.json, zonder de ruwe data.

    Neemt datakwaliteit.json mee als die naast indicatoren.json staat; het notabestand is --nota,
    anders nota.toml naast indicatoren.json.
    """
    from nazorg_cli.outputs.folder import write_folder
    from nazorg_cli.report.note import check_document, render_note
    from nazorg_cli.report.nota import load_nota

    document = check_document(_read_json(indicatoren), indicatoren.name)
    quality_path = indicatoren.parent / "datakwaliteit.json"
    quality = _read_json(quality_path) if quality_path.is_file() else None
    if templates is not None and not templates.is_dir():
        raise InputError(f"Templatemap {templates} bestaat niet.")
    beside = indicatoren.parent / "nota.toml"
    markdown_text, html_text = render_note(document, load_nota(nota or (beside if beside.is_file() else None)),
                                           quality, templates)
    out_dir = out or indicatoren.parent
    write_folder(out_dir, {"informatienota.md": markdown_text.encode(), "informatienota.html": html_text.encode()})
    say(f"Klaar: informatienota.md en informatienota.html in {out_dir}.")


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path} bestaat niet.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"{path.name} is geen leesbaar JSON-bestand.") from None


def register(app: typer.Typer) -> None:
    app.command("render", epilog=EXAMPLE)(render)
