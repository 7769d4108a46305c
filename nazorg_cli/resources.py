"""Locate the templates that ship with the package.

In a wheel they live in ``nazorg_cli/_data`` (with the sample data); in a source checkout
(editable install, tests) they are the top-level ``templates/`` folder.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def templates_dir() -> Path:
    return _data_dir("templates")
