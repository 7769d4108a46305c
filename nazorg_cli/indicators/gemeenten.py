"""Gemeente names: compared with case, spaces and accents ignored, and as folder names."""

from __future__ import annotations

import unicodedata


def normalise_gemeente(name: object) -> str:
    """A gemeente name for comparing: case, spaces and accents ignored ('Súdwest-Fryslân')."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(c))
    return "".join(plain.casefold().split())


def folder_name(gemeente: str | None) -> str:
    """A gemeente as a folder name: lower case, no spaces or accents ('Súdwest-Fryslân' ->
    'sudwest-fryslan'); 'zonder-gemeente' when none is configured."""
    if not gemeente or not gemeente.strip():
        return "zonder-gemeente"
    plain = "".join(c for c in unicodedata.normalize("NFKD", gemeente) if not unicodedata.combining(c))
    kept = "".join(c for c in plain.casefold() if c.isalnum() or c in "-_")
    return kept or "zonder-gemeente"
