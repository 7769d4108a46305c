"""Issue 15: exports that cannot carry the figures stop the run with a Dutch sentence and exit 2,
instead of printing "Klaar" with wrong headline figures."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, bsn, invoke, records, write_csv

P2018 = ("--period", "2018", "--peildatum", "2018-12-31")


def exports(
    tmp_path,
    detenties_headers=("BSN", "Geslacht", "Insluitingsdatum", "Ontslagdatum", "Gemeente"),
    config: str = 'gemeente = "Haarlem"\n',
):
    folder = tmp_path / "data"
    values = {"BSN": None, "Geslacht": "M", "Insluitingsdatum": "1-2-2018", "Ontslagdatum": "1-5-2018", "Gemeente": "Haarlem"}
    rows = []
    for i in range(12):
        row = {}
        for header in detenties_headers:
            canonical = {"Datum uitstroom": "Ontslagdatum", "Woonplaats gemeente": "Gemeente", "Uitstroom per": "Ontslagdatum"}
            row[header] = bsn(i) if header == "BSN" else values[canonical.get(header, header)]
        rows.append(row)
    write_csv(folder, "detenties", rows)
    (folder / "nazorg.toml").write_text(config, "utf-8")
    return folder


def test_a_needed_column_under_another_header_stops_the_run_and_names_the_closest(tmp_path):
    folder = exports(tmp_path, ("BSN", "Geslacht", "Insluitingsdatum", "Uitstroom per", "Gemeente"))
    result = invoke(["evaluate", folder, "--out", tmp_path / "uit"], exit_code=2)
    message = result.stderr
    assert message.rstrip().endswith("[kolom-nodig]")
    assert "detenties.csv: geen kolom voor datum_ontslag" in message
    assert "Uitstroom uit detentie (personen)" in message and "Insluitingen" not in message  # only what it breaks
    assert "Bedoelt u 'Uitstroom per'?" in message
    assert '"Uitstroom per" = "datum_ontslag"' in message and 'ontbreekt = ["datum_ontslag"]' in message
    assert not (tmp_path / "uit" / "indicatoren.json").exists()
    invoke(["indicators", folder], exit_code=2)  # the cron job stops the same way

    # Pointed at the column, the run goes; declared absent, the figures are geen_gegevens.
    (folder / "nazorg.toml").write_text(
        'gemeente = "Haarlem"\n[bronnen.detenties.kolommen]\n"Uitstroom per" = "datum_ontslag"\n', "utf-8"
    )
    invoke(["indicators", folder, "--intern", *P2018, "--out", tmp_path / "a-VERTROUWELIJK.json"])
    assert records(tmp_path / "a-VERTROUWELIJK.json")[("uitstroom", "2018-01-01", None, None)]["waarde"] == 12
    (folder / "nazorg.toml").write_text('gemeente = "Haarlem"\n[bronnen.detenties]\nontbreekt = ["datum_ontslag"]\n', "utf-8")
    invoke(["indicators", folder, "--intern", *P2018, "--out", tmp_path / "b-VERTROUWELIJK.json"])
    found = records(tmp_path / "b-VERTROUWELIJK.json")
    assert found[("uitstroom", "2018-01-01", None, None)]["status"] == "geen_gegevens"
    assert found[("insluitingen", "2018-01-01", None, None)]["waarde"] == 12  # needs no ontslag date


def test_usual_dutch_headers_are_recognised(tmp_path):
    folder = exports(tmp_path, ("BSN", "Geslacht", "Insluitingsdatum", "Datum uitstroom", "Gemeente"))
    invoke(["indicators", folder, "--intern", *P2018, "--out", tmp_path / "t-VERTROUWELIJK.json"])
    assert records(tmp_path / "t-VERTROUWELIJK.json")[("uitstroom", "2018-01-01", None, None)]["waarde"] == 12


def test_a_configured_gemeente_needs_a_gemeente_column(tmp_path):
    folder = exports(tmp_path, ("BSN", "Geslacht", "Insluitingsdatum", "Ontslagdatum", "Woonplaats gemeente"))
    result = invoke(["evaluate", folder, "--out", tmp_path / "uit"], exit_code=2)
    assert "geen kolom voor gemeente" in result.stderr and result.stderr.rstrip().endswith("[kolom-nodig]")


def test_a_gemeente_that_matches_nothing_stops_and_lists_what_is_there(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "sample_data", data)
    config = data / "nazorg.toml"
    config.write_text(config.read_text("utf-8").replace('gemeente = "Haarlem"', 'gemeente = "Harlem"'), "utf-8")
    result = invoke(["evaluate", data, "--out", tmp_path / "uit"], exit_code=2)
    assert "Geen enkele detentie heeft gemeente 'Harlem'. Gevonden: Haarlem (902)," in result.stderr
    assert result.stderr.rstrip().endswith("[gemeente-onbekend]") and "nan" not in result.stderr
    # Case, spaces and accents do not matter.
    config.write_text(config.read_text("utf-8").replace('gemeente = "Harlem"', 'gemeente = " HAARLÉM "'), "utf-8")
    invoke(["indicators", data])


def test_no_detenties_stops_evaluate_and_is_an_error_for_validate(tmp_path):
    folder = tmp_path / "data"
    write_csv(folder, "casussen", [{"BSN": bsn(1), "Aanmelddatum": "1-2-2018"}])
    write_csv(folder, "export_dji", [{"BSN": bsn(1), "Insluitingsdatum": "1-2-2018"}])
    result = invoke(["evaluate", folder, "--out", tmp_path / "uit"], exit_code=2)
    assert "Er is geen bestand voor detenties" in result.stderr and "casussen.csv, export_dji.csv" in result.stderr
    assert '[bronnen.detenties] bestand = "naam.xlsx"' in result.stderr
    validated = invoke(["validate", folder, "--format", "json"], exit_code=1)
    assert '"code": "geen-detenties"' in validated.stdout and '"ernst": "fout"' in validated.stdout


@pytest.mark.parametrize("absent", [["datum_ontslg"], "datum_ontslag"])
def test_ontbreekt_is_checked(tmp_path, absent):
    folder = exports(tmp_path)
    value = f'["{absent[0]}"]' if isinstance(absent, list) else f'"{absent}"'
    (folder / "nazorg.toml").write_text(f"[bronnen.detenties]\nontbreekt = {value}\n", "utf-8")
    result = invoke(["validate", folder], exit_code=2)
    assert "[configuratie]" in result.stderr


def test_a_source_name_anywhere_in_the_file_name_is_found(tmp_path):
    """export_dji_detenties_2019.xlsx, the very example of the starter config, was not found."""
    folder = exports(tmp_path)
    (folder / "detenties.csv").rename(folder / "export_dji_detenties_2019.csv")
    write_csv(folder, "kostwinners_trajecten", [{"BSN": bsn(1), "Startdatum traject": "1-2-2018"}])
    doc = invoke(["validate", folder, "--format", "json"]).stdout
    import json

    files = {b["bron"]: b["bestand"] for b in json.loads(doc)["bronnen"]}
    assert files["detenties"] == "export_dji_detenties_2019.csv"
    assert files["kostwinners"] == "kostwinners_trajecten.csv" and files["begeleiding"] is None  # the closer match
    write_csv(folder, "overzicht_briefadres_schuldhulp", [{"BSN": bsn(1)}])
    result = invoke(["validate", folder], exit_code=2)
    assert "past bij twee bronnen (briefadres en schuldhulp)" in result.stderr


def test_an_unreadable_optional_value_empties_the_field_and_keeps_the_row(tmp_path):
    """Issue 15.6: 'Aantal contacten = twaalf' rejected the whole traject; now the count is left
    empty with a warning and the traject counts."""
    import json

    folder = exports(tmp_path)
    write_csv(
        folder,
        "begeleiding",
        [
            {"BSN": bsn(1), "Coach": "A", "Startdatum": "1-3-2018", "Aantal contacten": "twaalf"},
            {"BSN": bsn(2), "Coach": "A", "Startdatum": "2-3-2018", "Aantal contacten": "4"},
        ],
    )
    doc = json.loads(invoke(["validate", folder, "--format", "json"]).stdout)
    account = next(b for b in doc["bronnen"] if b["bron"] == "begeleiding")
    assert (account["rijen_gelezen"], account["rijen_geaccepteerd"], account["rijen_afgekeurd"]) == (2, 2, 0)
    finding = next(f for f in doc["bevindingen"] if f["code"] == "getal-ongeldig")
    assert (finding["ernst"], finding["rij"], finding["kolom"]) == ("waarschuwing", 2, "Aantal contacten")
    assert finding["melding"].endswith("Het veld blijft leeg; de rij telt mee.")


@pytest.mark.parametrize("encoding, delimiter", [("utf-16", "\t"), ("utf-8", "\t"), ("utf-16", ";")])
def test_tab_separated_and_utf16_text_is_read(tmp_path, encoding, delimiter):
    """Issue 15.7: Excel's 'Unicode-tekst' (UTF-16 with tabs) and other tab-separated exports."""
    import json

    folder = tmp_path / "data"
    folder.mkdir()
    lines = ["BSN", "Insluitingsdatum", "Ontslagdatum"], [bsn(1), "1-2-2018", "1-5-2018"], [bsn(2), "3-3-2018", "31-02-2018"]
    (folder / "detenties.txt").write_text("\r\n".join(delimiter.join(line) for line in lines) + "\r\n", encoding)
    doc = json.loads(invoke(["validate", folder, "--format", "json"]).stdout)
    account = next(b for b in doc["bronnen"] if b["bron"] == "detenties")
    assert (account["rijen_gelezen"], account["rijen_geaccepteerd"]) == (2, 2)
    finding = next(f for f in doc["bevindingen"] if f["code"] == "datum-ongeldig")
    assert (finding["rij"], finding["kolom"]) == (3, "Ontslagdatum")


def test_an_explanation_sheet_in_front_is_passed_by(tmp_path):
    """Issue 15.7: the sheet whose headers match is chosen when the first is 'Toelichting'."""
    import json

    import xlsxwriter

    folder = tmp_path / "data"
    folder.mkdir()
    workbook = xlsxwriter.Workbook(str(folder / "detenties.xlsx"))
    about = workbook.add_worksheet("Toelichting")
    about.write_string(0, 0, "Deze export bevat alle detenties van 2018.")
    about.write_string(2, 0, "Kolommen: zie het volgende blad.")
    data = workbook.add_worksheet("Gegevens")
    for r, row in enumerate([["BSN", "Insluitingsdatum", "Ontslagdatum"], [bsn(1), "1-2-2018", "1-5-2018"]]):
        for c, value in enumerate(row):
            data.write_string(r, c, value)
    workbook.close()
    doc = json.loads(invoke(["validate", folder, "--format", "json"]).stdout)
    account = next(b for b in doc["bronnen"] if b["bron"] == "detenties")
    assert (account["blad"], account["rijen_geaccepteerd"]) == ("Gegevens", 1)


def test_footer_lines_are_not_read_as_rows(tmp_path):
    """Issue 15.6: 'Totaal aantal regels: 2' and 'Bron: DJI' below the data are footer lines, not
    BSN errors; every other row still counts."""
    import json

    folder = tmp_path / "data"
    folder.mkdir()
    rows = f"BSN;Insluitingsdatum;Ontslagdatum\n{bsn(1)};1-2-2018;1-5-2018\n{bsn(2)};3-3-2018;\n"
    text = rows + "\nTotaal aantal regels:;2;\nBron: DJI, export 3-1-2019\n"
    (folder / "detenties.csv").write_text(text, "utf-8")
    doc = json.loads(invoke(["validate", folder, "--format", "json"]).stdout)
    account = next(b for b in doc["bronnen"] if b["bron"] == "detenties")
    assert (account["rijen_gelezen"], account["rijen_geaccepteerd"], account["rijen_afgekeurd"]) == (2, 2, 0)
    assert sorted((f["rij"], f["code"]) for f in doc["bevindingen"] if f["bron"] == "detenties") == [
        (5, "voetregel"),
        (6, "voetregel"),
    ]


def test_datakwaliteit_accounts_for_episodes_per_gemeente(sample_dir):
    """Issue 15.2: rows per gemeente counted in, counted out, empty."""
    import json

    doc = json.loads(invoke(["validate", sample_dir, "--format", "json"]).stdout)
    accounting = doc["gemeenten"]["detenties"]
    total = next(b for b in doc["bronnen"] if b["bron"] == "detenties")["rijen_geaccepteerd"]
    assert accounting["geteld"] + accounting["andere_gemeente"] + accounting["leeg"] == total
    assert accounting["geteld"] == doc["gemeenten"]["per_gemeente"]["Haarlem"] == 902


def test_many_unreadable_values_in_a_needed_column_stop_the_run(tmp_path):
    """Month-first ontslag dates would be emptied one by one (a warning each) and make people
    look still detained: uitstroom quietly too low. Above 5 % of the rows the run stops."""
    folder = tmp_path / "data"
    rows = [
        {"BSN": bsn(i), "Insluitingsdatum": "1-2-2018", "Ontslagdatum": "05/31/2018" if i % 3 else "31-5-2018"} for i in range(30)
    ]
    write_csv(folder, "detenties", rows)
    result = invoke(["evaluate", folder, "--out", tmp_path / "uit", *P2018], exit_code=2)
    assert "in kolom 'Ontslagdatum' zijn 20 van de 30 waarden niet te lezen (67%)" in result.stderr
    assert result.stderr.rstrip().endswith("[kolom-onleesbaar]")


def test_the_sheets_are_listed_when_none_has_the_columns(tmp_path):
    """Issue 15.7: when no sheet matches, the refusal lists the workbook's other sheets."""
    import xlsxwriter

    folder = tmp_path / "data"
    folder.mkdir()
    workbook = xlsxwriter.Workbook(str(folder / "detenties.xlsx"))
    for name in ("Overzicht", "Blad2"):
        sheet = workbook.add_worksheet(name)
        sheet.write_string(0, 0, "Iets")
        sheet.write_string(1, 0, "anders")
    workbook.close()
    result = invoke(["validate", folder], exit_code=2)
    assert "Het werkboek heeft ook de bladen 'Blad2'" in result.stderr and 'blad = "naam van het blad"' in result.stderr
