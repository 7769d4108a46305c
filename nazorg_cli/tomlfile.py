"""Reading the user's TOML files (nazorg.toml, the note file): every failure one Dutch sentence."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from nazorg_cli.codes import refusal

MAX_BYTES = 1 << 20  # a settings file; anything larger is not one


def read_toml(path: Path) -> tuple[str, dict]:
    """(text, data) of a TOML file, or a refusal (configuratie) that says what is wrong in Dutch:
    unreadable, too large, not UTF-8, or where the TOML breaks (line and column)."""
    try:
        if not path.is_file():
            raise refusal("configuratie", "bestaat-niet", bestand=path)
        if path.stat().st_size > MAX_BYTES:
            raise refusal("configuratie", "te-groot", bestand=path.name)
        raw = path.read_bytes()
    except OSError:
        raise refusal("configuratie", "onleesbaar", bestand=path.name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refusal("configuratie", "geen-utf8", bestand=path.name) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"regel {position[1]}, kolom {position[2]}" if position else "onbekende plaats"
        raise refusal("configuratie", "toml", bestand=path.name, plaats=where) from None
