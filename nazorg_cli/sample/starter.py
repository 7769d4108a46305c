"""Starter files for ``nazorg init`` and the sample: a commented nazorg.toml and a note file."""

from __future__ import annotations

from pathlib import Path

CONFIG_TEXT = """\
# nazorg.toml: settings for nazorg evaluate / indicators / validate.
# nazorg looks for this file in the input folder, then in the working directory,
# unless --config names one.

# Only detention episodes whose gemeente is empty or equal to this name count (case-insensitive).
# Leave it out to count all episodes.
gemeente = "Haarlem"
{synthetic}
# The note file with the college's texts (relative to this file).
nota = "nota.toml"

# Key for pseudonymising BSNs (HMAC-SHA256). Keep it OUTSIDE the data folder.
# Without a key (here, $NAZORG_KEY_FILE or $NAZORG_KEY) a random key lives for one run.
# sleutelbestand = "~/.config/nazorg/sleutel"

# The history of published figures (SQLite), shared by the yearly runs; never in the output folder.
# Default: $NAZORG_HISTORIE, else history.sqlite per gemeente in the user's data folder for nazorg.
# historie = "/data/nazorg/historie.sqlite"

[privacy]
# Disclosure control: counts below k are suppressed in openbaar outputs.
k = 5

# Per source: a file name, a sheet and header mappings, when the defaults do not fit.
# [bronnen.detenties]
# bestand = "export_dji_2019.xlsx"
# blad = "Export DJI"
# [bronnen.detenties.kolommen]
# "BSN client" = "persoon"
"""

NOTE_TEXT = """\
# nota.toml: the texts of the informatienota. nazorg fills in the figures; the college's words
# come from here. Anything left empty shows as a visible [in te vullen: ...] marker in the draft.

[kop]
onderwerp = "Nazorg na detentie: evaluatie van het plan van aanpak"
nummer = ""
portefeuillehouder = ""
programma = ""            # Programma/beleidsveld
afdeling = ""
auteur = ""
telefoonnummer = ""
email = ""
behandelvoorstel = "Het college stuurt de informatienota ter kennisname naar de commissie Bestuur."
besluit_college_datum = ""   # Besluit College d.d., e.g. 2019-02-05
besluit_college = "Het college stelt de informatienota aan de commissie vast."

# Relevante eerdere besluiten: one [[eerdere_besluiten]] block per decision.
# [[eerdere_besluiten]]
# titel = "Nazorg na detentie. Plan van aanpak 2017-2018"
# nummer = "2017/435701"

[tekst]
# Leave a text empty to get drafted sentences from the figures in its place.
kernboodschap = ""
inleiding = ""
hands_on = ""
basisvoorwaarden = ""
huisvesting = ""
arbeid = ""
schulden_briefadres = ""
kwetsbare_groepen = ""
vervolg = ""
"""

SYNTHETIC_LINE = (
    "\n# This folder holds synthetic sample data made by `nazorg sample`; notes built on it say so.\nsynthetisch = true\n"
)


def write_starter_files(folder: Path, synthetic: bool = False, overwrite: bool = False) -> list[Path]:
    """Write nazorg.toml and nota.toml into ``folder``; existing files are kept unless ``overwrite``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("nazorg.toml", CONFIG_TEXT.format(synthetic=SYNTHETIC_LINE if synthetic else "")),
        ("nota.toml", NOTE_TEXT),
    ):
        path = folder / name
        if path.exists() and not overwrite:
            continue
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
