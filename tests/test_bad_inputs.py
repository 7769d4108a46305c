"""The corpus of bad inputs (tests/fixtures/bad, made by make_bad.py): each case exits as expected,
refusals name their code and file in one sentence without a traceback, and data errors are
reported at their exact spreadsheet row and column, with row accounting intact."""

from __future__ import annotations

import json
import shutil
import time
import tomllib
from pathlib import Path

import pytest
from conftest import invoke

BAD = Path(__file__).parent / "fixtures" / "bad"
CASES = [case for name in ("cases.toml", "cases_14.toml") for case in tomllib.loads((BAD / name).read_text("utf-8"))["case"]]


def test_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert {c["name"] for c in CASES} == {p.name for p in BAD.iterdir() if p.is_dir()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, tmp_path):
    folder = tmp_path / case["name"]
    shutil.copytree(BAD / case["name"], folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    started = time.monotonic()
    result = invoke(["validate", folder, "--format", "json"], exit_code=case["exit"])
    assert time.monotonic() - started < 20, "a refusal must come within seconds"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "inputs are never modified"
    if case["exit"] == 2:
        message = result.stderr.strip()
        assert message.endswith(f"[{case['code']}]"), message
        assert "Traceback" not in message and len(message.splitlines()) == 1
        return
    doc = json.loads(result.stdout)
    found = sorted(
        [f["bestand"], f["rij"] if f["rij"] is not None else "-", f["kolom"] or "-", f["code"]]
        for f in doc["bevindingen"]
        if f["ernst"] in ("fout", "waarschuwing") and f["code"] != "bron-ontbreekt"
    )
    assert found == sorted(case["findings"])
    for b in doc["bronnen"]:
        assert b["rijen_gelezen"] == b["rijen_geaccepteerd"] + b["rijen_afgekeurd"] + b["duplicaten"]


def test_every_code_is_documented():
    """docs/findings.md is generated from the code registry and lists every code the corpus uses."""
    import importlib.util

    from nazorg_cli.codes import CODES

    docs = Path(__file__).parent.parent / "docs"
    spec = importlib.util.spec_from_file_location("make_findings", docs / "make_findings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (docs / "findings.md").read_text("utf-8") == module.text()
    used = {c["code"] for c in CASES if c.get("code")} | {f[3] for c in CASES for f in c.get("findings", [])}
    assert used <= set(CODES)


def test_two_bad_files_give_the_same_refusal_every_run(tmp_path):
    """Files are read concurrently; the refusal reported is the first failing source in the
    schema's order (detenties before begeleiding), whichever read finishes first."""
    shutil.copy(BAD / "leeg-xlsx" / "detenties.xlsx", tmp_path / "detenties.xlsx")
    shutil.copy(BAD / "ruis-xlsx" / "detenties.xlsx", tmp_path / "begeleiding.xlsx")
    for _ in range(5):
        result = invoke(["validate", tmp_path], exit_code=2)
        assert result.stderr.startswith("Fout: detenties.xlsx") and result.stderr.rstrip().endswith("[leeg-bestand]")
