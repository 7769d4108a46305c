"""Write a set of output files into a folder: assembled in a temporary folder beside it, then
moved into place file by file, so a failed run never leaves a half-written file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from nazorg_cli.errors import UsageError


def write_folder(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise UsageError(f"Uitvoermap {out_dir} kan niet worden aangemaakt.") from None
    staging = Path(tempfile.mkdtemp(prefix=".nazorg-", dir=out_dir))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        written = []
        for name in files:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
