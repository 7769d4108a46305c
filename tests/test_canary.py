"""Canary test: personal values planted in the inputs never appear in any output, log line or
message, openbaar or intern (DOMAIN §6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import bsn, invoke, write_csv

N = 40
NAMES = [f"Kanarie{i} Vogelaar" for i in range(N)]
COACHES = ["Coach Tjiftjaf", "Coach Goudvink", "Coach Roodborst"]
BIRTHS = [date(1970, 1, 1) + timedelta(days=397 * i) for i in range(N)]
FREE = [f"Vertrouwelijk kanarieverhaal nummer {i}" for i in range(N)]


@pytest.fixture
def canary_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NAZORG_KEY", KEY)  # a known key, so the test can look for the pseudonyms
    folder = tmp_path / "invoer"
    persons = [bsn(100 + i) for i in range(N)]
    eight = "012345672"  # passes the 11-proef; written without its leading 0 below
    persons[0] = eight
    rows = [
        {
            "BSN": p if i else p[1:],
            "Naam": NAMES[i],
            "Geboortedatum": BIRTHS[i].strftime("%d-%m-%Y"),
            "Insluitingsdatum": f"{1 + i % 27}-2-2018",
            "Ontslagdatum": f"{1 + i % 27}-{3 + i % 9}-2018",
            "Opmerking": FREE[i],
        }
        for i, p in enumerate(persons)
    ]
    rows.append({**rows[1], "BSN": "123456789"})  # fails the 11-proef: a message
    rows.append({**rows[2], "Geboortedatum": "31-02-1980"})  # an impossible birth date
    write_csv(folder, "detenties", rows)
    write_csv(
        folder,
        "casussen",
        [
            {
                "BSN": p,
                "Aanmelddatum": f"{1 + i % 27}-2-2018",
                "ID bij ontslag": "ja",
                "Reden afsluiting": FREE[i],
                "Verslaving": "ja" if i % 3 else "nee",
            }
            for i, p in enumerate(persons)
        ],
    )
    write_csv(
        folder,
        "begeleiding",
        [
            {
                "BSN": p,
                "Hands-on begeleider": COACHES[i % 3],
                "Startdatum": f"{1 + i % 27}-1-2018",
                "Einddatum": "",
                "Aantal contacten": str(i),
            }
            for i, p in enumerate(persons)
        ]
        + [{"BSN": bsn(999), "Hands-on begeleider": COACHES[0], "Startdatum": "1-1-2018", "Einddatum": ""}],
    )
    return folder, persons


def forbidden(persons) -> list[str]:
    words = NAMES + COACHES + FREE + [f.split(" nummer")[0] for f in FREE[:1]] + ["Tjiftjaf", "Goudvink", "Roodborst"]
    words += persons + [p[1:] for p in persons if p.startswith("0")] + ["123456789"]
    for d in BIRTHS:
        words += [d.isoformat(), d.strftime("%d-%m-%Y"), f"{d.day}-{d.month}-{d.year}"]
    words += ["31-02-1980"]
    return words


KEY = "kanarie-sleutel-voor-de-test"


def scan(texts: dict[str, str], persons) -> list[tuple[str, str]]:
    from nazorg_cli.privacy.pseudonym import Pseudonymiser

    pseudonyms = [Pseudonymiser(KEY.encode()).pseudonym(p) for p in persons]
    words = forbidden(persons) + pseudonyms + [p[:16] for p in pseudonyms]
    return [(name, w) for name, text in texts.items() for w in words if w in text]


def read_outputs(folder) -> dict[str, str]:
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".xlsx", ".docx"):
            import zipfile

            with zipfile.ZipFile(path) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        if path.suffix == ".pdf":  # the text as a reader sees it, and the document's metadata
            import shutil
            import subprocess

            assert shutil.which("pdftotext"), ".ci/run installs poppler-utils"
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
            meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, check=True).stdout
            data = text + meta
        texts[path.name] = data.decode("utf-8", errors="replace")
    return texts


@pytest.mark.parametrize("intern", [False, True])
def test_no_personal_value_leaves_the_process(canary_dir, tmp_path, intern):
    folder, persons = canary_dir
    out = tmp_path / ("intern" if intern else "openbaar")
    args = ["evaluate", folder, "--out", out, "--period", "2018", "--peildatum", "2019-01-31"] + (["--intern"] if intern else [])
    texts = {}
    result = invoke(args)
    texts["evaluate stdout+stderr"] = result.stdout + result.stderr
    texts.update(read_outputs(out))
    for fmt in ("json", "human"):
        result = invoke(["validate", folder, "--format", fmt], exit_code=1)
        texts[f"validate {fmt}"] = result.stdout + result.stderr
    result = invoke(
        ["indicators", folder, "--format", "csv", "--period", "2018", "--peildatum", "2019-01-31"]
        + (["--intern"] if intern else [])
    )
    texts["indicators"] = result.stdout + result.stderr
    assert "*****6789" in texts["validate json"]  # the bad BSN is named, masked
    assert scan(texts, persons) == []


def test_error_messages_hold_no_values(canary_dir):
    """A refusal names the file and column, never a value."""
    folder, persons = canary_dir
    text = (folder / "detenties.csv").read_text("utf-8").replace("Insluitingsdatum", "Iets anders")
    (folder / "detenties.csv").write_text(text, "utf-8")
    result = invoke(["validate", folder], exit_code=2)
    assert "detenties.csv" in result.stderr
    assert scan({"stderr": result.stderr}, persons) == []


def test_sheet_names_that_look_personal_are_never_echoed(tmp_path):
    """A missing-sheet message listed sheet names verbatim ("Jansen 111222333"); findings carry the
    sheet name too. Digits runs that could be a BSN or a client number become stars."""
    import json

    import xlsxwriter
    from conftest import bsn, invoke

    data = tmp_path / "data"
    data.mkdir()
    workbook = xlsxwriter.Workbook(str(data / "detenties.xlsx"))
    sheet = workbook.add_worksheet("Jansen 111222333")
    for c, header in enumerate(["BSN", "Begin detentie", "Einddatum detentie"]):
        sheet.write_string(0, c, header)
    for c, value in enumerate([bsn(1), "kapot", "1-3-2018"]):  # a required date that cannot be read
        sheet.write_string(1, c, value)
    workbook.close()
    result = invoke(["validate", data, "--format", "json"], exit_code=1)
    assert "111222333" not in result.stdout + result.stderr
    blad = {f["blad"] for f in json.loads(result.stdout)["bevindingen"] if f["bron"] == "detenties"}
    assert blad == {"Jansen *********"}
    (data / "nazorg.toml").write_text('[bronnen.detenties]\nblad = "Export"\n', "utf-8")
    result = invoke(["validate", data], exit_code=2)
    assert "111222333" not in result.stdout + result.stderr
    assert "blad 'Export' bestaat niet; het werkboek heeft de bladen 'Jansen *********'" in result.stderr
