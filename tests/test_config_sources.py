"""Per-source overrides in nazorg.toml, and where the pseudonymisation key comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import bsn, invoke, write_csv

from nazorg_cli.errors import ConfigError
from nazorg_cli.pipeline import read_exports
from nazorg_cli.privacy.pseudonym import Pseudonymiser


def test_pattern_sheet_and_column_mapping(tmp_path):
    """A file found by pattern, a named sheet (not the first), and a header mapped by hand."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Leesmij"
    wb.active.append(["Dit blad is uitleg"])
    ws = wb.create_sheet("Export DJI")
    ws.append(["Client-ID", "Datum in", "Datum uit"])
    ws.append([bsn(1), "1-2-2018", "1-5-2018"])
    wb.save(tmp_path / "export_dji_2019.xlsx")
    (tmp_path / "nazorg.toml").write_text(
        '[bronnen.detenties]\nbestand = "export_dji_*.xlsx"\nblad = "Export DJI"\n'
        '[bronnen.detenties.kolommen]\n"Client-ID" = "persoon"\n"Datum in" = "datum_insluiting"\n'
        '"Datum uit" = "datum_ontslag"\n',
        "utf-8",
    )
    prepared = read_exports(tmp_path)
    det = prepared.data.frames["detenties"]
    assert len(det) == 1 and det["_rij"].tolist() == [2]
    assert str(det["datum_ontslag"].iloc[0].date()) == "2018-05-01"
    account = prepared.data.report.bronnen[0]
    assert (account.bestand, account.blad) == ("export_dji_2019.xlsx", "Export DJI")


def test_mapping_to_unknown_field_is_a_config_error(tmp_path):
    write_csv(tmp_path, "detenties", [{"BSN": bsn(1), "Insluitingsdatum": "1-1-2018"}])
    (tmp_path / "nazorg.toml").write_text('[bronnen.detenties.kolommen]\n"BSN" = "bsn_nummer"\n', "utf-8")
    result = invoke(["validate", tmp_path], exit_code=2)
    assert "onbekend veld 'bsn_nummer'" in result.stderr and result.stderr.rstrip().endswith("[configuratie]")


def test_wrong_type_in_config(tmp_path):
    write_csv(tmp_path, "detenties", [{"BSN": bsn(1), "Insluitingsdatum": "1-1-2018"}])
    (tmp_path / "nazorg.toml").write_text('[privacy]\nk = "vijf"\n', "utf-8")
    assert "moet een geheel getal zijn" in invoke(["validate", tmp_path], exit_code=2).stderr


def test_key_from_file_env_and_random(tmp_path, monkeypatch):
    monkeypatch.delenv("NAZORG_KEY", raising=False)
    monkeypatch.delenv("NAZORG_KEY_FILE", raising=False)
    keyfile = tmp_path / "sleutel"
    keyfile.write_bytes(b"een-geheime-sleutel-van-32-bytes!")
    from_file = Pseudonymiser.from_environment(keyfile).pseudonym(bsn(1))
    assert from_file == Pseudonymiser(b"een-geheime-sleutel-van-32-bytes!").pseudonym(bsn(1))
    monkeypatch.setenv("NAZORG_KEY_FILE", str(keyfile))
    assert Pseudonymiser.from_environment().pseudonym(bsn(1)) == from_file
    monkeypatch.delenv("NAZORG_KEY_FILE")
    monkeypatch.setenv("NAZORG_KEY", "nog-een-sleutel-16+")
    assert Pseudonymiser.from_environment().pseudonym(bsn(1)) == Pseudonymiser(b"nog-een-sleutel-16+").pseudonym(bsn(1))
    monkeypatch.delenv("NAZORG_KEY")
    assert Pseudonymiser.from_environment().pseudonym(bsn(1)) != Pseudonymiser.from_environment().pseudonym(bsn(1))


def test_key_file_inside_data_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sleutel").write_bytes(b"x" * 32)
    with pytest.raises(ConfigError):
        Pseudonymiser.from_environment(data / "sleutel", data_dir=data)
    with pytest.raises(ConfigError):
        Pseudonymiser(b"kort")


def test_openpyxl_parses_xml_with_defusedxml():
    """openpyxl is not used for reading exports, but wherever it parses XML it must use defusedxml."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_file_names_that_start_with_the_source_name(tmp_path):
    write_csv(tmp_path, "Detenties_export_2019", [{"BSN": bsn(1), "Insluitingsdatum": "1-1-2018"}])
    write_csv(tmp_path, "casussen-DEC", [{"BSN": bsn(1), "Aanmelddatum": "1-2-2018"}])
    accounts = {b.bron: b.bestand for b in read_exports(tmp_path).data.report.bronnen}
    assert accounts["detenties"] == "Detenties_export_2019.csv" and accounts["casussen"] == "casussen-DEC.csv"
    write_csv(tmp_path, "detenties_oud", [{"BSN": bsn(1), "Insluitingsdatum": "1-1-2017"}])
    assert "Meerdere bestanden claimen bron detenties" in invoke(["validate", tmp_path], exit_code=2).stderr


@pytest.mark.parametrize("kind", ["apparaat", "pijp", "map", "te-groot"])
def test_key_files_that_never_end_are_refused_at_once(tmp_path, kind):
    """sleutelbestand = /dev/zero read until memory ran out, a FIFO hung: only a short regular file is read."""
    import os

    from nazorg_cli.errors import ConfigError
    from nazorg_cli.privacy.pseudonym import Pseudonymiser

    if kind == "apparaat":
        key = Path("/dev/zero")
    elif kind == "pijp":
        key = tmp_path / "fifo"
        os.mkfifo(key)
    elif kind == "map":
        key = tmp_path / "map"
        key.mkdir()
    else:
        key = tmp_path / "groot"
        key.write_bytes(b"k" * 100_000)
    with pytest.raises(ConfigError) as raised:
        Pseudonymiser.from_environment(key, data_dir=tmp_path / "data")
    assert raised.value.code == "configuratie" and key.name in str(raised.value)
    good = tmp_path / "sleutel"
    good.write_bytes(b"een-sleutel-van-voldoende-lengte\n")
    assert Pseudonymiser.from_environment(good, data_dir=tmp_path / "data").pseudonym("123456782")
