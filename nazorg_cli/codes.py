"""Every code nazorg can emit, in one place: findings in the data, and causes of "could not run".

Each code has a severity, a short Dutch title (docs/findings.md is generated from this table) and
its Dutch message templates; a code whose cause comes in several shapes has one template per
variant. Messages never carry a personal value: the placeholders are file names, sheet names,
column headers as the user wrote them, counts and limits, or a masked identifier.

    message("datum-ongeldig", kolom="Startdatum")  ->  "Kolom 'Startdatum': de datum is niet te lezen ..."
    raise refusal("zip-bom", "onderdelen", bestand="x.xlsx", aantal="12.000", grens="10.000")
"""

from __future__ import annotations

from dataclasses import dataclass, field

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
INFO = "info"
WEIGERING = "weigering"  # the run cannot go on: exit code 2


@dataclass(frozen=True)
class Code:
    code: str
    ernst: str
    titel: str
    sjablonen: dict[str, str] = field(default_factory=dict)  # variant ("" = the default) -> template


def _codes(*entries: Code) -> dict[str, Code]:
    return {entry.code: entry for entry in entries}


CODES = _codes(
    # --- findings in the data (validate, datakwaliteit.json) -------------------------------------
    Code(
        "verplicht-leeg",
        FOUT,
        "Een verplicht veld is leeg; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}' is leeg, maar is verplicht; de rij telt niet mee."},
    ),
    Code(
        "bsn-elfproef",
        FOUT,
        "Een BSN heeft geen 9 cijfers of doorstaat de 11-proef niet; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': {bsn} is geen geldig BSN (9 cijfers en de 11-proef)."},
    ),
    Code(
        "datum-ongeldig",
        FOUT,
        "Een datum is niet te lezen (dag eerst, nooit maand eerst); de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': de datum is niet te lezen; gebruik dag-maand-jaar (31-12-2019) of 2019-12-31."},
    ),
    Code(
        "datum-toekomst",
        FOUT,
        "Een datum ligt na vandaag; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': de datum ligt na vandaag."},
    ),
    Code(
        "datum-te-vroeg",
        FOUT,
        "Een datum ligt vóór 1 januari 1990 (geboortedatum: vóór 1 januari 1900); de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': de datum ligt vóór {grens}."},
    ),
    Code(
        "datum-volgorde",
        FOUT,
        "Een einddatum ligt vóór de bijbehorende begindatum; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}' ligt vóór kolom '{begin}' in dezelfde rij."},
    ),
    Code(
        "waarde-onbekend",
        FOUT,
        "Een waarde staat niet in de lijst van toegestane waarden; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': de waarde staat niet in de lijst ({toegestaan})."},
    ),
    Code(
        "ja-nee-ongeldig",
        FOUT,
        "Een ja/nee-waarde is niet te lezen; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': verwacht ja of nee (ook j/n, 1/0, waar/onwaar, x)."},
    ),
    Code(
        "status-ongeldig",
        FOUT,
        "Een status is niet te lezen; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': verwacht 'op orde', 'niet op orde' of 'onbekend'."},
    ),
    Code(
        "getal-ongeldig",
        FOUT,
        "Een geheel getal van 0 of meer werd verwacht; de rij wordt afgekeurd.",
        {"": "Kolom '{kolom}': verwacht een geheel getal van 0 of meer."},
    ),
    Code(
        "duplicaat",
        WAARSCHUWING,
        "Een rij is een exacte kopie van een eerdere rij; hij telt één keer.",
        {"": "Exacte kopie van een eerdere rij; één keer geteld."},
    ),
    Code(
        "episodes-overlappen",
        WAARSCHUWING,
        "Twee detentie-episodes van één persoon overlappen; de rij blijft.",
        {"": "Deze detentie-episode overlapt met een eerdere episode van dezelfde persoon."},
    ),
    Code(
        "persoon-niet-in-detenties",
        WAARSCHUWING,
        "De persoon komt niet voor in detenties; de rij blijft.",
        {"": "Deze persoon komt niet voor in detenties; de rij blijft behouden."},
    ),
    Code(
        "bron-ontbreekt",
        WAARSCHUWING,
        "Er is geen bestand voor deze bron; indicatoren die de bron nodig hebben krijgen de status geen gegevens.",
        {"": "Geen bestand gevonden voor bron {bron}; indicatoren die deze bron nodig hebben krijgen de status 'geen gegevens'."},
    ),
    Code(
        "geen-detenties",
        FOUT,
        "Er is geen bestand voor detenties: zonder detenties is geen enkel cijfer te berekenen.",
        {
            "": "Geen bestand gevonden voor detenties; zonder detenties is geen enkel cijfer te berekenen. Noem het bestand "
            'detenties.xlsx (of .csv), of zet in nazorg.toml: [bronnen.detenties] bestand = "naam.xlsx".'
        },
    ),
    Code(
        "sjabloon-stijl",
        WAARSCHUWING,
        "Het Word-sjabloon mist een stijl die de documenten gebruiken; die van het standaardsjabloon is gebruikt.",
        {"": "Het sjabloon {bestand} mist de stijl(en) {stijlen}; daarvoor zijn de stijlen van het standaardsjabloon gebruikt."},
    ),
    Code(
        "pdf-niet-mogelijk",
        WEIGERING,
        "De PDF kan niet worden gemaakt: WeasyPrint mist de tekstbibliotheek Pango van het systeem.",
        {
            "": "De PDF kan niet worden gemaakt: {reden}. Installeer Pango (apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0) of laat de PDF weg met --formaat md,html,docx."
        },
    ),
    Code(
        "geen-notabestand",
        WAARSCHUWING,
        "render vond geen notabestand; de teksten van het college staan als markering in de nota.",
        {
            "": "Geen notabestand gevonden (--nota, of nota.toml naast indicatoren.json of in de werkmap): de teksten van "
            "het college staan als [in te vullen: ...] in de nota."
        },
    ),
    Code(
        "voetregel",
        INFO,
        "Een regel onder de gegevens met alleen tekst (een totaal, een bronvermelding); hij telt niet als rij.",
        {"": "Deze regel onder de gegevens is een voetregel (alleen tekst); hij telt niet als rij."},
    ),
    Code(
        "andere-gemeente",
        INFO,
        "Rijen die bij een andere gemeente horen (eigen kolom gemeente, of de gemeente van de detentie-episode "
        "ervoor), tellen niet mee voor de gemeente van nazorg.toml (DOMAIN §2, gemeente).",
        {
            "": "{aantal} van een andere gemeente dan {gemeente}; die tellen niet mee.",
        },
    ),
    Code(
        "onderdrukking-tijdslimiet",
        WAARSCHUWING,
        "De kleinste secundaire onderdrukking (DOMAIN §6 v2) is niet binnen de tijdslimiet gevonden; daar heeft "
        "de regel per lijn gekozen: de cijfers zijn even goed beveiligd, maar er kunnen meer x zijn dan nodig.",
        {
            "": "Voor {perioden} is binnen de tijdslimiet geen zo klein mogelijke onderdrukking gevonden. De cijfers "
            "zijn veilig, maar mogelijk zijn meer cijfers dan nodig vervangen door x.",
        },
    ),
    Code(
        "samenvoegen-tijdslimiet",
        WAARSCHUWING,
        "Niet elk samengevoegd cijfer (een te klein cijfer van P met de periode ervoor samen, DOMAIN §6 v2) is "
        "binnen de tijdslimiet gecontroleerd; wat niet gecontroleerd is, staat niet in de publicatie.",
        {
            "": "Niet alle samengevoegde cijfers over {perioden} konden binnen de tijdslimiet worden gecontroleerd. "
            "Wat niet is gecontroleerd, wordt niet gepubliceerd: de gepubliceerde cijfers zijn veilig, maar er "
            "kunnen samengevoegde cijfers ontbreken die wel veilig waren.",
        },
    ),
    Code(
        "na-peildatum",
        INFO,
        "Gegevens van na de peildatum: rijen die toen nog niet bestonden zijn weggelaten en latere datums, met wat "
        "erbij is vastgelegd, gelden als nog onbekend (DOMAIN §2, peildatum).",
        {
            "": "Peildatum {peildatum}: {wat}, zoals in een export van die dag.",
        },
    ),
    Code(
        "kolom-onbekend",
        INFO,
        "Een kolom die nazorg niet gebruikt; hij wordt genegeerd.",
        {"": "Kolom '{kolom}' wordt niet gebruikt en is genegeerd."},
    ),
    Code(
        "bibliotheek-melding",
        WAARSCHUWING,
        "Een onderdeel van nazorg (zoals de lezer van spreadsheets) gaf een technische melding; de tekst is "
        "weggelaten omdat die gegevens uit een cel kan bevatten.",
        {
            "": "Het onderdeel {bibliotheek} gaf een technische melding tijdens de run; de tekst is weggelaten omdat die "
            "gegevens kan bevatten. De uitkomsten zijn gecontroleerd zoals altijd."
        },
    ),
    Code(
        "kolom-dubbel",
        WAARSCHUWING,
        "Een tweede kolom voor hetzelfde veld; de eerste telt.",
        {"": "Kolom '{kolom}' noemt een veld dat al in kolom '{eerste}' staat; de eerste kolom telt."},
    ),
    # --- could not run (exit code 2) ---------------------------------------------------------------
    Code(
        "gebruik",
        WEIGERING,
        "Verkeerde opties of argumenten.",
        {
            "datum": "{optie}: '{tekst}' is geen geldige datum; gebruik JJJJ-MM-DD of D-M-JJJJ.",
            "formaat": "--formaat: '{tekst}' kent nazorg niet; kies uit md, html, docx en pdf, gescheiden door "
            "komma's (bijvoorbeeld --formaat md,html).",
            "sjabloon-bestaat-niet": "Sjabloon {bestand} bestaat niet.",
            "periode-en-van-tot": "Gebruik --period óf --from/--to, niet beide.",
            "periode-geen-jaar": "--period: '{tekst}' is geen jaartal (JJJJ).",
            "datum-buiten-bereik": "{optie}: {tekst} ligt buiten de jaren {van} tot en met {tot} waarover nazorg rekent.",
            "van-zonder-tot": "--from en --to horen bij elkaar: geef ze allebei op.",
            "tot-voor-van": "--to ligt vóór --from.",
            "geen-ontslag": "Er is geen ontslagdatum in detenties om de periode uit af te leiden; geef --period of --from/--to op.",
            "periode-na-peildatum": "De periode {periode} loopt tot na de peildatum ({peildatum}): de gegevens over die "
            "periode zijn nog niet compleet. Kies een periode die eerder eindigt, of een latere --peildatum. De "
            "ontslagdata in de detenties lopen van {van} tot en met {tot}.",
            "periode-na-peildatum-kort": "De periode {periode} loopt tot na de peildatum ({peildatum}): de gegevens "
            "over die periode zijn nog niet compleet. Kies een periode die eerder eindigt, of een latere --peildatum.",
            "periode-zonder-uitstroom": "In de periode {periode} is volgens de detenties niemand ontslagen; de "
            "ontslagdata lopen van {van} tot en met {tot}. Kies een periode daarbinnen, bijvoorbeeld --period {jaar}.",
            "geen-peildatum": "Er is geen geldige datum in de bronnen om de peildatum uit af te leiden; geef --peildatum op.",
            "indicator-onbekend": "Onbekende indicator '{id}'. `nazorg definities` toont alle ids.",
            "jaren": "--jaren: '{tekst}' is geen bereik als 2016-2019.",
            "sample-bestaat": "In {map} staan al bestanden die nazorg sample zou vervangen ({bestanden}); kies een lege "
            "map, of geef --overschrijven als ze weg mogen.",
            "bron-onbekend": "Onbekende bron '{bron}'; bronnen: {bronnen}.",
            "run-onbekend": "De historie {pad} heeft geen run {run}; `nazorg historie` toont de runs.",
            "xlsx-naar-terminal": "xlsx gaat niet naar een terminal; geef --out BESTAND.xlsx op.",
            "uitvoermap": "Uitvoermap {map} kan niet worden aangemaakt of beschreven.",
            "gemeente-buiten-regio": "--gemeente {gemeente}: deze gemeente staat in nazorg.toml niet onder regio "
            "{regio}; kies uit {gemeenten}.",
        },
    ),
    Code(
        "configuratie",
        WEIGERING,
        "nazorg.toml of het notabestand klopt niet, of twee bestanden claimen één bron.",
        {
            "bestaat-niet": "Configuratiebestand {bestand} bestaat niet.",
            "toml": "{bestand}: de TOML klopt niet op {plaats} (let op aanhalingstekens, '=' en [kopjes]).",
            "geen-utf8": "{bestand} is geen UTF-8-tekst; sla het op als UTF-8 (in Kladblok: Opslaan als, codering UTF-8).",
            "te-groot": "{bestand} is groter dan 1 MiB; dat is geen instellingenbestand.",
            "nota-geen-tabel": "{bestand}: [{sectie}] moet een tabel met teksten zijn.",
            "onleesbaar": "{bestand} kan niet worden gelezen.",
            "sleutel-onbekend": "{plaats}: onbekende sleutel '{sleutel}' in {waar}; toegestaan: {toegestaan}.",
            "sleutel-type": "{plaats}: sleutel '{sleutel}' in {waar} moet een {soort} zijn.",
            "k-te-klein": "{plaats}: [privacy] k moet minstens 2 zijn.",
            "regio-en-gemeente": "{plaats}: noem óf één gemeente (gemeente = ...), óf een regio ([regio] met naam en "
            "gemeenten), niet allebei. Wilt u één gemeente van de regio apart doorrekenen, gebruik dan --gemeente.",
            "regio-naam": '{plaats}: [regio] heeft een naam nodig, zoals naam = "Zuid-Kennemerland".',
            "regio-gemeenten": "{plaats}: 'gemeenten' onder [regio] moet een lijst van minstens twee namen zijn, zoals "
            'gemeenten = ["Haarlem", "Zandvoort"].',
            "regio-dubbel": "{plaats}: de gemeente '{gemeente}' staat twee keer in [regio] of lijkt te veel op "
            "'{ander}'. Een gemeente mag ook niet 'regio' of 'onbekend' heten; die namen gebruikt nazorg zelf.",
            "uitsplitsing-onbekend": "{plaats}: onbekende uitsplitsing '{waarde}' bij publiceren onder "
            "[uitsplitsingen]. Mogelijk zijn: {bekend}.",
            "leeftijdsklassen": "{plaats}: leeftijdsklassen onder [uitsplitsingen] moet een oplopende lijst zijn van "
            "leeftijden in hele jaren tussen 0 en 120: de laagste leeftijd van elke klasse, zoals [18, 25, 35, 50].",
            "kosten-onbekend": "{plaats}: onbekende kostenpost [kosten.{post}]; toegestaan: hands_on, kostwinners.",
            "kosten-regel": "{plaats}: in [kosten.{post}] staat per jaar één bedrag in hele euro's, zoals 2019 = 250000; "
            "'{sleutel}' klopt niet.",
            "bron-onbekend": "{bestand}: onbekende bron [bronnen.{bron}]; bronnen: {bronnen}.",
            "bron-geen-tabel": "{bestand}: [bronnen.{bron}] moet een tabel zijn.",
            "ontbreekt-onbekend": "{bestand}: [bronnen.{bron}] ontbreekt noemt '{veld}', dat geen veld van {bron} is; "
            "velden: {velden}.",
            "veld-onbekend": "{bestand}: [bronnen.{bron}.kolommen] '{kop}' verwijst naar onbekend veld '{veld}'.",
            "bestand-niet-gevonden": "nazorg.toml: geen bestand '{patroon}' voor bron {bron} in {map}.",
            "bestand-buiten-invoer": "nazorg.toml: bestand '{patroon}' voor bron {bron} moet een naam (of patroon) in de "
            "invoermap zijn, geen pad; zet het bestand in de invoermap.",
            "bestand-twee-bronnen": "De naam van {bestand} past bij twee bronnen ({bronnen}); zet in nazorg.toml bij de "
            'juiste bron: bestand = "{bestand}".',
            "bron-dubbel": "Meerdere bestanden claimen bron {bron}: {bestanden}. Kies er één in nazorg.toml.",
            "nota-bestaat-niet": "Notabestand {bestand} bestaat niet.",
            "nota-sectie": "{bestand}: onbekende sectie '{sectie}'; gebruik [kop], [[eerdere_besluiten]], [tekst], "
            "[kerncijfers], [[consequentie]], [streefwaarden] en [weergave].",
            "nota-sleutel": "{bestand}: onbekende sleutel '{sleutel}' in [{sectie}].",
            "nota-thema-tekst": "{bestand}: '{sleutel}' in [tekst] bestaat niet meer: de teksten bij de boodschappen "
            "staan nu in [[consequentie]]-blokken (kop, tekst, indicatoren); zie nazorg init.",
            "nota-indicator": "{bestand}: onbekende indicator '{indicator}' in {waar}; nazorg definities toont de indicatoren.",
            "nota-lijst": '{bestand}: {waar} moet een lijst van indicatoren zijn, zoals ["uitstroom", "bereik_nazorg"].',
            "nota-kerncijfers": "{bestand}: [kerncijfers] noemt {aantal} indicatoren; een nota heeft er hoogstens "
            "{maximum}, anders past hij niet op vier pagina's.",
            "nota-consequentie": "{bestand}: [[consequentie]]-blok {nummer} heeft een kop (tekst) nodig en kan "
            "alleen tekst en indicatoren hebben.",
            "nota-streefwaarde": "{bestand}: streefwaarde '{indicator}' moet zo zijn: {indicator} = {{ waarde = 50, "
            'richting = "minimaal" }} (richting minimaal of maximaal{procent}).',
            "nota-weergave": "{bestand}: conceptzinnen in [weergave] is true of false.",
            "nota-cijfer-onbekend": "{bestand}: {plek} noemt {{{naam}}}, maar dat is geen indicator of veld; gebruik "
            "{{id}}, {{id.teller}}, {{id.noemer}} of {{id.vorige}} (nazorg definities toont de indicatoren). "
            "Schrijf {{{{ en }}}} voor een accolade zelf.",
            "nota-cijfer-geheim": "{bestand}: {plek} noemt {{{naam}}}, maar dat cijfer over {periode} wordt niet "
            "gepubliceerd ({reden}); haal het uit de tekst.",
            "nota-type": "{bestand}: '{sleutel}' in [{sectie}] moet tekst zijn.",
            "nota-sjabloon": "{bestand}: sjabloon moet de naam van een Word-bestand zijn, zoals sjabloon = "
            '"huisstijl.docx" (bovenaan het bestand, vóór de eerste [sectie]).',
            "nota-besluiten": "{bestand}: elk [[eerdere_besluiten]]-blok heeft alleen titel, nummer en datum, elk als "
            "tekst tussen aanhalingstekens.",
            "sleutel-kort": "De pseudonimiseringssleutel is te kort: gebruik minstens 16 bytes.",
            "sleutel-in-data": "Het sleutelbestand staat in de datamap; bewaar de sleutel buiten de data.",
            "sleutel-onleesbaar": "Het sleutelbestand {bestand} kan niet worden gelezen.",
            "sleutel-geen-bestand": "Het sleutelbestand {bestand} is geen gewoon bestand (maar een map, apparaat of pijp); "
            "gebruik een bestand met de sleutel.",
            "sleutel-te-groot": "Het sleutelbestand {bestand} is groter dan {grens} bytes; een sleutel is kort (32 tot "
            "64 tekens is genoeg).",
            "historie-ongeldig": "Historiebestand {pad} is geen nazorg-historie (SQLite) of is beschadigd.",
            "historie-onbereikbaar": "Historiebestand {pad} kan niet worden aangemaakt of bijgewerkt (alleen-lezen, "
            "geen rechten of schijf vol); er is niets weggeschreven.",
            "historie-map": "De historie {pad} is een map; geef een bestandsnaam, zoals {pad}/history.sqlite. Er is "
            "niets weggeschreven.",
        },
    ),
    Code(
        "metadata-ongeldig",
        WEIGERING,
        "De catalogus of een bronschema van nazorg zelf klopt niet (een fout in nazorg, niet in de data).",
        {"": "{bestand}: {fout}"},
    ),
    Code("invoer-ontbreekt", WEIGERING, "De invoermap bestaat niet.", {"": "Invoermap {map} bestaat niet of is geen map."}),
    Code(
        "onleesbaar",
        WEIGERING,
        "Een bestand kan niet worden geopend.",
        {
            "": "{bestand} kan niet worden geopend.",
            "bestaat-niet": "{bestand} bestaat niet.",
            "json": "{bestand} is geen leesbaar JSON-bestand.",
            "json-map": "{bestand} is een map; geef het bestand indicatoren.json in die map, zoals {bestand}/indicatoren.json.",
            "geen-indicatoren": "{bestand} is geen indicatoren.json van nazorg (velden ontbreken).",
            "veld-ongeldig": "{bestand}: {waar} klopt niet; gebruik een indicatoren.json zoals nazorg die schreef.",
            "kwaliteit-ongeldig": "{bestand}: {waar} klopt niet; gebruik een datakwaliteit.json zoals nazorg die schreef.",
            "versie": "{bestand} heeft versie {versie}; deze nazorg leest versie {verwacht}.",
            "templatemap": "Templatemap {map} bestaat niet.",
            "template-naam": "Template {bestand}: de naam '{naam}' bestaat niet (meer) in nazorg {versie}; zie de "
            "templates van nazorg zelf voor de namen die er zijn.",
            "template-opmaak": "Template {bestand}, regel {regel}: de Jinja-opmaak klopt niet (let op {{% ... %}}, "
            "{{{{ ... }}}} en hun afsluiting).",
        },
    ),
    Code(
        "leeg-bestand",
        WEIGERING,
        "Een bestand is leeg of bevat geen cellen met gegevens.",
        {
            "": "{bestand}: het bestand is leeg.",
            "geen-gegevens": "{bestand}: het bestand bevat geen gegevens.",
            "werkboek": "{bestand}: het werkboek bevat geen gegevens.",
        },
    ),
    Code(
        "beschadigd",
        WEIGERING,
        "Een werkboek is beschadigd of onvolledig.",
        {
            "": "{bestand}: het werkboek is beschadigd (een onderdeel kan niet worden uitgepakt).",
            "zip": "{bestand}: het werkboek is beschadigd of onvolledig (geen geldig zip-archief).",
            "nul-teken": "{bestand}: een onderdeel van het werkboek bevat NUL-tekens; het is beschadigd of geen echt werkboek.",
            "xml": "{bestand}: een onderdeel van het werkboek is geen geldige XML; open het en sla het opnieuw op.",
            "geen-inhoud": "{bestand}: het werkboek heeft geen inhoud (content.xml ontbreekt); open het en sla het opnieuw op.",
            "lezen": "{bestand}: het werkboek kan niet worden gelezen (beschadigd of geen {soort}-bestand).",
            "gestopt": "{bestand}: het lezen stopte onverwacht (het bestand is mogelijk beschadigd of te groot voor het geheugen).",
        },
    ),
    Code(
        "verkeerd-type",
        WEIGERING,
        "Een bestand is niet wat de extensie zegt (een HTML-'xls', een csv met de naam xlsx, ...).",
        {
            "": "{bestand}: bestandstype {extensie} wordt niet ondersteund.",
            "zip-als-xls": "{bestand}: dit is een xlsx- of ods-bestand met de extensie .xls; geef het de juiste extensie.",
            "nep-xls": "{bestand}: dit is geen echt xls-werkboek ({lijkt_op}); sla het op als xlsx of csv.",
            "werkboek-als-tekst": "{bestand}: dit is een werkboek met de extensie van een tekstbestand; geef het de juiste extensie.",
            "oud-xls": "{bestand}: dit is een oud xls-werkboek met de extensie .{soort}; geef het de extensie .xls.",
            "geen-werkboek": "{bestand}: dit is geen {soort}-werkboek ({lijkt_op}).",
            "ander-werkboek": "{bestand}: dit is {wat}, geen {soort}.",
            "geen-docx": "{bestand}: dit is geen Word-document (.docx); het sjabloon moet een docx-bestand zijn, zonder macro's.",
        },
    ),
    Code(
        "binair-bestand",
        WEIGERING,
        "Een csv- of txt-bestand heeft binaire inhoud.",
        {"": "{bestand}: dit is geen tekstbestand (binaire inhoud)."},
    ),
    Code(
        "codering-onbekend",
        WEIGERING,
        "Een tekstbestand is geen utf-8 en geen cp1252.",
        {"": "{bestand}: de tekencodering is niet utf-8 of cp1252."},
    ),
    Code(
        "csv-onleesbaar",
        WEIGERING,
        "Een csv-bestand heeft een niet-afgesloten aanhalingsteken of laat zich niet in kolommen splitsen.",
        {
            "": "{bestand}: het bestand kan niet als csv worden gelezen (een niet-afgesloten aanhalingsteken of een kapotte regel)."
        },
    ),
    Code(
        "zip-bom",
        WEIGERING,
        "Een werkboek pakt uit tot meer dan de grenzen toestaan (omvang, verhouding, aantal onderdelen).",
        {
            "onderdelen": "{bestand}: het archief heeft {aantal} onderdelen (meer dan {grens}).",
            "verhouding": "{bestand}: een onderdeel pakt meer dan {grens}× uit (zip-bom).",
            "omvang": "{bestand}: het archief pakt uit tot {omvang} GiB (meer dan de grens).",
        },
    ),
    Code(
        "versleuteld",
        WEIGERING,
        "Een werkboek is versleuteld of met een wachtwoord beveiligd.",
        {"": "{bestand}: het werkboek is met een wachtwoord versleuteld; sla het zonder wachtwoord op."},
    ),
    Code(
        "xml-entiteiten",
        WEIGERING,
        "Een onderdeel van een werkboek declareert een DTD of XML-entiteiten.",
        {"": "{bestand}: het werkboek bevat XML-entiteitdefinities (DTD); zulke bestanden worden uit veiligheid geweigerd."},
    ),
    Code(
        "bereik-absurd",
        WEIGERING,
        "Een blad declareert of beslaat meer cellen dan veilig te lezen is.",
        {
            "gedeclareerd": "{bestand}: een blad declareert een bereik van {aantal} cellen; zo'n bestand wordt uit veiligheid geweigerd.",
            "kolommen": "{bestand}: een blad heeft {aantal} kolommen (meer dan {grens}); dat is geen export maar een te groot bestand.",
            "teksten": "{bestand}: het werkboek kondigt {aantal} teksten aan (meer dan {grens}); zo'n bestand wordt uit veiligheid geweigerd.",
            "beslagen": "{bestand}: een blad heeft cellen die {rijen} rijen bij {kolommen} kolommen beslaan; zo'n bestand "
            "wordt uit veiligheid geweigerd.",
        },
    ),
    Code(
        "blad-ontbreekt",
        WEIGERING,
        "Het blad dat nazorg.toml noemt bestaat niet.",
        {"": "{bestand}: blad '{blad}' bestaat niet; het werkboek heeft de bladen {bladen}."},
    ),
    Code(
        "kolom-ontbreekt",
        WEIGERING,
        "Een verplichte kolom ontbreekt.",
        {
            "": "{waar}: verplichte kolom ontbreekt voor bron {bron}: {velden}.",
            "bladen": "{waar}: verplichte kolom ontbreekt voor bron {bron}: {velden}. Het werkboek heeft ook de bladen "
            '{bladen}; staan de gegevens daar, zet dan in nazorg.toml: [bronnen.{bron}] blad = "naam van het blad".',
        },
    ),
    Code(
        "kolom-nodig",
        WEIGERING,
        "Een kolom die cijfers nodig hebben is niet gevonden; zonder die kolom zouden ze stil verkeerd zijn.",
        {
            "": "{bestand}: geen kolom voor {veld} (bijvoorbeeld '{voorbeeld}'), en zonder die kolom kloppen deze cijfers "
            "niet: {indicatoren}. Kolommen in het bestand: {gevonden}. Heet de kolom anders, zet dan in nazorg.toml onder "
            '[bronnen.{bron}.kolommen]: "kolomkop" = "{veld}". Ontbreekt de kolom echt, zet dan onder [bronnen.{bron}]: '
            'ontbreekt = ["{veld}"]; die cijfers krijgen dan de status geen gegevens.',
            "suggestie": "{bestand}: geen kolom voor {veld}, en zonder die kolom kloppen deze cijfers niet: {indicatoren}. "
            'Bedoelt u \'{kop}\'? Zet dan in nazorg.toml onder [bronnen.{bron}.kolommen]: "{kop}" = "{veld}". '
            'Ontbreekt de kolom echt, zet dan onder [bronnen.{bron}]: ontbreekt = ["{veld}"].',
        },
    ),
    Code(
        "kolom-onleesbaar",
        WEIGERING,
        "Een kolom die cijfers nodig hebben heeft veel waarden die niet te lezen zijn; de cijfers zouden stil verkeerd zijn.",
        {
            "": "{bestand}: in kolom '{kolom}' zijn {aantal} van de {rijen} waarden niet te lezen ({procent}%); {cijfers} cijfers "
            "hebben die kolom nodig en zouden dan niet kloppen. Kijk in datakwaliteit.json of met nazorg validate welke rijen "
            "het zijn (staan datums dag-maand-jaar?) en herstel de export."
        },
    ),
    Code(
        "gemeente-onbekend",
        WEIGERING,
        "De gemeente in nazorg.toml komt in geen enkele detentie voor.",
        {
            "": "Geen enkele detentie heeft gemeente '{gemeente}'. Gevonden: {gevonden}. Zet de juiste naam in nazorg.toml "
            '(gemeente = "...").'
        },
    ),
    Code(
        "detenties-ontbreekt",
        WEIGERING,
        "Er is geen bestand voor detenties; zonder detenties is geen enkel cijfer te berekenen.",
        {
            "": "Er is geen bestand voor detenties in {map}; zonder detenties is geen enkel cijfer te berekenen. Gevonden "
            'bestanden: {bestanden}. Heet het bestand anders, zet dan in nazorg.toml: [bronnen.detenties] bestand = "naam.xlsx".'
        },
    ),
    Code(
        "map-bezet",
        WEIGERING,
        "Een andere nazorg-run schrijft al in dezelfde uitvoermap.",
        {"": "Een andere nazorg-run schrijft al in {map}; wacht tot die klaar is."},
    ),
    Code(
        "map-vertrouwelijk",
        WEIGERING,
        "Een openbare run schrijft niet in een map met vertrouwelijke (interne) uitvoer.",
        {
            "": "{map} bevat vertrouwelijke uitvoer ({bestand}); een openbare run schrijft daar niet naast. Kies een "
            "andere --out, of verplaats de vertrouwelijke bestanden eerst."
        },
    ),
    Code(
        "schrijven-mislukt",
        WEIGERING,
        "De uitvoer kan niet worden weggeschreven (schijf vol, geen rechten, ...).",
        {"": "De uitvoer kan niet in {map} worden geschreven ({reden}); er is niets weggeschreven."},
    ),
    Code(
        "afgebroken",
        WEIGERING,
        "De run is gestopt (Ctrl-C of SIGTERM) voordat de uitvoer op zijn plaats stond.",
        {"": "Afgebroken; er is niets weggeschreven."},
    ),
    Code(
        "geheugen",
        WEIGERING,
        "Er is onvoldoende geheugen om de invoer te verwerken.",
        {"": "onvoldoende geheugen om de invoer te verwerken."},
    ),
    Code(
        "intern",
        WEIGERING,
        "Een onverwachte fout in nazorg zelf; de melding noemt alleen het soort fout, nooit gegevens.",
        {"": "Interne fout ({soort}); er is niets weggeschreven. Meld dit aan de beheerder van nazorg."},
    ),
)


# An unreadable value in a field that is not required empties that field and keeps the row
# (DOMAIN §3 v2): the finding is then a warning, and its message says so.
EMPTIED = "Het veld blijft leeg; de rij telt mee."


def message(code: str, variant: str = "", **fields: object) -> str:
    """The Dutch message of ``code`` (and ``variant``) with ``fields`` filled in."""
    return CODES[code].sjablonen[variant].format(**fields)


def refusal(code: str, variant: str = "", **fields: object):
    """The exception for a cause of "could not run" (exit 2), of the class that fits the code."""
    from nazorg_cli import errors

    if CODES[code].ernst != WEIGERING:
        raise ValueError(f"{code} is a finding, not a refusal")
    kind = {"gebruik": errors.UsageError, "configuratie": errors.ConfigError, "metadata-ongeldig": errors.MetadataError}
    return kind.get(code, errors.InputError)(message(code, variant, **fields), code)
