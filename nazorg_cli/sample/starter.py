"""Starter files for ``nazorg init`` and the sample: a commented nazorg.toml and a note file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

CONFIG_TEXT = """\
# nazorg.toml: de instellingen voor nazorg evaluate, indicators en validate.
# nazorg zoekt dit bestand in de invoermap, dan in de werkmap, tenzij --config er een noemt.
# Regels die met # beginnen zijn uitleg; haal het # weg om een instelling te gebruiken.

# De gemeente waarvoor de cijfers zijn. Een detentie telt mee als haar gemeente deze gemeente is
# (of leeg); een rij van een andere bron volgt haar eigen kolom gemeente, en anders de gemeente
# van de laatste detentie van die persoon ervoor. Hoofdletters, spaties en accenten maken niet
# uit. Staat er geen gemeente, dan telt alles mee. Komt de naam in geen enkele detentie voor,
# dan stopt nazorg en noemt wat er wel staat.
{gemeente}
{synthetic}
# Het notabestand met de teksten van het college (ten opzichte van dit bestand).
nota = "nota.toml"

# De map voor de uitvoer, als --out ontbreekt (standaard: uitvoer).
# uitvoer = "uitvoer"

# De sleutel voor het pseudonimiseren van BSN's (HMAC-SHA256). Bewaar hem BUITEN de datamap.
# Zonder sleutel (hier, in $NAZORG_KEY_FILE of in $NAZORG_KEY) geldt een willekeurige sleutel voor één run.
# sleutelbestand = "~/.config/nazorg/sleutel"

# De historie van gepubliceerde cijfers (SQLite), gedeeld door de jaarlijkse runs; nooit in de
# uitvoermap. Standaard: $NAZORG_HISTORIE, anders history.sqlite per gemeente in de
# gebruikersmap van nazorg.
# historie = "/data/nazorg/historie.sqlite"
{regio}
{kosten}
[privacy]
# Onthullingsbeheersing: aantallen onder k worden in openbare uitvoer onderdrukt (x).
k = 5

# Welke uitsplitsingen u publiceert (standaard alle) en de leeftijdsklassen (de laagste leeftijd
# van elke klasse; standaard 18-24, 25-34, 35-49, 50+). Een kleine gemeente kan een uitsplitsing
# weglaten, zodat minder cijfers als x verdwijnen.
# [uitsplitsingen]
# publiceren = ["geslacht", "leeftijdsklasse", "titel", "kwetsbaar", "hands_on",
#               "hands_on_voor_ontslag", "uitkomst", "soort", "soort_werk", "vlag"]
# leeftijdsklassen = [18, 25, 35, 50]

# Per bron, als de standaard niet past: de bestandsnaam (of een patroon), het blad, welke kolom
# welk veld is, en welke velden de export echt niet heeft (die cijfers krijgen dan de status
# 'geen gegevens' in plaats van dat nazorg stopt). De velden per bron staan in docs/reading.md.
# [bronnen.detenties]
# bestand = "export_dji_*.xlsx"
# blad = "Export DJI"
# ontbreekt = ["titel"]
# [bronnen.detenties.kolommen]
# "BSN cliënt" = "persoon"
# "Datum uitstroom" = "datum_ontslag"
"""

NOTE_TEXT = """\
# nota.toml: de teksten van de informatienota. nazorg vult de cijfers in; de woorden van het
# college komen hiervandaan. Wat leeg blijft, staat als zichtbare markering [in te vullen: ...]
# in het concept. Zet tekst tussen aanhalingstekens; een tekst van meer regels tussen drie
# aanhalingstekens (\"\"\"...\"\"\").

[kop]
onderwerp = "Nazorg na detentie: evaluatie van het plan van aanpak"
nummer = ""
portefeuillehouder = ""
programma = ""            # Programma/beleidsveld
afdeling = ""
auteur = ""
telefoonnummer = ""
email = ""
kernboodschap = ""        # de korte kernboodschap in de kop van de nota
behandelvoorstel = "Het college stuurt de informatienota ter kennisname naar de commissie Bestuur."
besluit_college_datum = ""   # Besluit College d.d., bijvoorbeeld 2019-02-05
besluit_college = "Het college stelt de informatienota aan de commissie vast."

# Relevante eerdere besluiten: een blok [[eerdere_besluiten]] per besluit (titel, nummer, datum).
# [[eerdere_besluiten]]
# titel = "Nazorg na detentie. Plan van aanpak 2017-2018"
# nummer = "2017/435701"

[tekst]
# Laat een tekst leeg: dan staat er een markering en zet nazorg er conceptzinnen uit de cijfers
# bij. Cijfers in uw eigen tekst: {bereik_nazorg} wordt het gepubliceerde cijfer over de periode
# (59,3%), {bereik_nazorg.teller} en {bereik_nazorg.noemer} de aantallen, {bereik_nazorg.vorige}
# het cijfer van de periode ervoor. Een geheim of onbekend cijfer weigert nazorg met een melding.
kernboodschap = ""
inleiding = ""
vervolg = ""

# De kerncijfers in 2. Kernboodschap: hoogstens acht indicatoren, gebruikelijk zes tot acht
# (nazorg definities toont ze).
[kerncijfers]
indicatoren = [
    "uitstroom",
    "bereik_nazorg",
    "nazorg_bereikt",
    "hands_on_bereik",
    "alle_vijf_op_orde_bij_ontslag",
    "contingent_plaatsingen",
    "kostwinners_werk",
    "wederopsluiting_2jaar",
]

# 3. Consequenties: een blok per boodschap, in deze volgorde. Hernoem, schrap of voeg toe;
# bij elke boodschap zet nazorg conceptzinnen over de genoemde indicatoren.
[[consequentie]]
kop = "Succesvolle aanpak hands-on begeleiders"
tekst = ""
indicatoren = ["hands_on_bereik", "hands_on_tijdens_detentie", "hands_on_afgerond", "alle_vijf_op_orde_bij_ontslag"]

[[consequentie]]
kop = "Gebrek aan passende huisvesting"
tekst = ""
indicatoren = [
    "zonder_huisvesting_bij_ontslag",
    "contingent_plaatsingen",
    "forensisch_plaatsingen",
    "tijd_tot_huisvesting_mediaan",
]

[[consequentie]]
kop = "Re-integratie naar arbeid"
tekst = ""
indicatoren = ["kostwinners_instroom", "kostwinners_werk", "kostwinners_duurzaam"]

[[consequentie]]
kop = "Door met het verbeteren van vrijwillige nazorg"
tekst = ""
indicatoren = ["bereik_nazorg", "nazorg_bereikt", "nazorg_geweigerd", "contact_voor_ontslag"]

# Streefwaarden uit het plan van aanpak, met een stoplicht in de kerncijfers en de monitor.
# richting = "minimaal" (het cijfer moet minstens zo hoog zijn) of "maximaal".
[streefwaarden]
# hands_on_bereik = { waarde = 50, richting = "minimaal" }
# nazorg_geweigerd = { waarde = 10, richting = "maximaal" }

# [weergave]
# conceptzinnen = false    # de conceptzinnen weglaten waar het college zelf tekst heeft
"""

SYNTHETIC_LINE = (
    "\n# Deze map bevat verzonnen voorbeelddata van `nazorg sample`; een nota daaruit zegt dat op elke pagina.\n"
    "synthetisch = true\n"
)
KOSTEN_EXAMPLE = """
# Het budget per jaar in hele euro's, voor de kosten per traject en per persoon. Een regel per
# jaar; zonder budget voor het jaar krijgen die cijfers de status 'geen gegevens'.
# [kosten.hands_on]
# 2019 = 250000
# [kosten.kostwinners]
# 2019 = 120000
"""
KOSTEN_SAMPLE = """
# Het budget per jaar in hele euro's (verzonnen), voor de kosten per traject en per persoon.
[kosten.hands_on]
2017 = 240000
2018 = 245000
2019 = 250000

[kosten.kostwinners]
2018 = 115000
2019 = 120000
"""
UNSET_GEMEENTE = '# gemeente = ""   <- vul hier de naam van uw gemeente in en haal het # weg'
REGIO_GEMEENTE = '# gemeente = ""   <- niet nodig: [regio] hieronder noemt de gemeenten'
REGIO_TEXT = """
# Regio: met [regio] maakt nazorg evaluate in één keer een map per gemeente en een map regio met
# een vergelijking; cijfers van personen zonder bekende gemeente tellen alleen voor de regio mee
# (onbekend)."""
REGIO_EXAMPLE = (
    REGIO_TEXT
    + """ Zet dan hierboven geen gemeente.
# [regio]
# naam = "Zuid-Kennemerland"
# gemeenten = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede"]
"""
)


def regio_table(naam: str, gemeenten: Sequence[str]) -> str:
    """The [regio] table of nazorg.toml, the gemeenten on one line while that stays short."""
    items = [json.dumps(g, ensure_ascii=False) for g in gemeenten]
    line = f"gemeenten = [{', '.join(items)}]"
    if len(line) > 100:
        line = "gemeenten = [\n" + "".join(f"    {item},\n" for item in items) + "]"
    return f"[regio]\nnaam = {json.dumps(naam, ensure_ascii=False)}\n{line}\n"


def write_starter_files(
    folder: Path,
    synthetic: bool = False,
    overwrite: bool = False,
    gemeente: str | None = None,
    regio: tuple[str, Sequence[str]] | None = None,
) -> list[Path]:
    """Write nazorg.toml and nota.toml into ``folder``; existing files are kept unless ``overwrite``.
    Without ``gemeente`` the user fills it in (nazorg init); the sample names its own, or with
    ``regio`` (name, gemeenten) a [regio] table instead of a gemeente."""
    folder.mkdir(parents=True, exist_ok=True)
    if regio:
        gemeente_line = REGIO_GEMEENTE
        regio_text = f"{REGIO_TEXT} De gemeenten zijn echt, de personen verzonnen.\n{regio_table(*regio)}"
    else:
        gemeente_line = f'gemeente = "{gemeente}"' if gemeente else UNSET_GEMEENTE
        regio_text = REGIO_EXAMPLE
    written = []
    for name, text in (
        (
            "nazorg.toml",
            CONFIG_TEXT.format(
                synthetic=SYNTHETIC_LINE if synthetic else "",
                gemeente=gemeente_line,
                regio=regio_text,
                kosten=KOSTEN_SAMPLE if synthetic else KOSTEN_EXAMPLE,
            ),
        ),
        ("nota.toml", NOTE_TEXT),
    ):
        path = folder / name
        if path.exists() and not overwrite:
            continue
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
