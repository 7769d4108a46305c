"""Ready for cron and audit: determinism, manifest, exit-code classes, quiet and JSON logs,
a killed run, lock contention, configuration errors and the history across yearly runs."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, invoke

OUTPUTS = ["indicatoren.json", "indicatoren.csv", "indicatoren.xlsx", "datakwaliteit.json", "informatienota.md",
           "informatienota.html"]


def test_two_runs_are_byte_identical_apart_from_the_manifest(tmp_path):
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "a"])
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "b"])
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "a"])   # again into the same folder
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_manifest_hashes_equal_sha256_of_the_inputs(tmp_path):
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path])
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["tool"] == "nazorg" and manifest["versie"] and manifest["opdracht"][:2] == ["nazorg", "evaluate"]
    assert manifest["configuratie"]["sha256"] == hashlib.sha256((REPO / "sample_data" / "nazorg.toml").read_bytes()).hexdigest()
    assert len(manifest["invoer"]) == 7
    for entry in manifest["invoer"]:
        data = (REPO / "sample_data" / entry["bestand"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["grootte"] == len(data)
        assert entry["rijen_gelezen"] == entry["rijen_geaccepteerd"] + entry["rijen_afgekeurd"] + entry["duplicaten"]
    assert "gestart" in manifest
    for name in OUTPUTS:   # the run time lives only in the manifest
        assert manifest["gestart"] not in (tmp_path / name).read_text("utf-8", errors="replace")


@pytest.mark.parametrize("args, code", [
    (["evaluate", "sample_data", "--period", "nineteen"], "gebruik"),
    (["evaluate", "bestaat_niet"], "invoer-ontbreekt"),
    (["indicators", "bestaat_niet"], "invoer-ontbreekt"),
    (["validate", "bestaat_niet"], "invoer-ontbreekt"),
    (["render", "bestaat_niet.json"], "onleesbaar"),
])
def test_cannot_run_exits_2_with_a_code(args, code, monkeypatch):
    monkeypatch.chdir(REPO)
    result = invoke(args, exit_code=2)
    assert result.stderr.rstrip().endswith(f"[{code}]")


def test_quiet_and_json_logs(tmp_path):
    result = invoke(["--quiet", "evaluate", REPO / "sample_data", "--out", tmp_path / "a"])
    assert result.stderr == ""
    result = invoke(["--log-format", "json", "evaluate", REPO / "sample_data", "--out", tmp_path / "b"])
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert lines and lines[-1]["niveau"] == "info" and lines[-1]["bericht"].startswith("Klaar")
    result = invoke(["--quiet", "--log-format", "json", "evaluate", tmp_path / "nope"], exit_code=2)
    assert json.loads(result.stderr) == {"niveau": "fout", "bericht": f"Fout: Invoermap {tmp_path / 'nope'} bestaat niet "
                                         "of is geen map.", "code": "invoer-ontbreekt"}


def test_config_errors_name_the_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "sample_data", data)
    (data / "nazorg.toml").write_text('gemeente = "Haarlem"\n\n[privacy]\n# drempel\nk = "vijf"\n', "utf-8")
    assert "nazorg.toml, regel 5: sleutel 'k' in [privacy] moet een geheel getal zijn." in \
        invoke(["validate", data], exit_code=2).stderr
    (data / "nazorg.toml").write_text('gemeente = "Haarlem"\nuitvoermap = "x"\n', "utf-8")
    assert "nazorg.toml, regel 2: onbekende sleutel 'uitvoermap'" in invoke(["validate", data], exit_code=2).stderr
    (data / "nazorg.toml").write_text('gemeente = "Haarlem\n', "utf-8")
    assert "ongeldige TOML" in invoke(["validate", data], exit_code=2).stderr


def test_lock_stops_a_second_run(tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    with (out / ".nazorg.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)   # another run holds the folder
        result = invoke(["evaluate", REPO / "sample_data", "--out", out], exit_code=2)
    assert "schrijft al in" in result.stderr and result.stderr.rstrip().endswith("[map-bezet]")
    assert not (out / "indicatoren.json").exists()
    invoke(["evaluate", REPO / "sample_data", "--out", out])   # free again


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
            and p.name != "history.sqlite"}


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_run_killed_while_writing_leaves_the_old_outputs(tmp_path, signum):
    """Old outputs come from another sample; a second run is killed as soon as its staging folder
    appears. The visible outputs must still be the old ones, whole; the next run cleans up."""
    other = tmp_path / "ander"
    invoke(["sample", "--out", other, "--seed", "5", "--personen", "300"])
    out = tmp_path / "uit"
    invoke(["evaluate", other, "--out", out])
    old = snapshot(out)
    for attempt in range(20):
        process = subprocess.Popen([sys.executable, "-m", "nazorg_cli", "evaluate", str(REPO / "sample_data"),
                                    "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while process.poll() is None and not any(out.glob(".nazorg-staging-*")):
            time.sleep(0.0005)
        if process.poll() is None:
            os.kill(process.pid, signum)
            process.wait(timeout=30)
            break
        invoke(["evaluate", other, "--out", out])   # it finished first: restore the old outputs, try again
    else:
        pytest.skip("the run always finished before it could be stopped")
    assert snapshot(out) == old
    if signum == signal.SIGTERM:
        assert process.returncode == 2 and b"Afgebroken" in process.stderr.read()
        assert not list(out.glob(".nazorg-staging-*"))     # cleaned up on the way out
    invoke(["evaluate", REPO / "sample_data", "--out", out])
    assert not list(out.glob(".nazorg-staging-*"))         # a killed run's leftovers are gone
    assert snapshot(out) != old


def test_history_across_three_yearly_runs(tmp_path):
    """Runs for 2017, 2018 and 2019 share one history. The 2019 note shows 2016 and 2017 from it
    (its own tables reach back only to 2018); intern runs are never stored."""
    import sqlite3

    db = tmp_path / "historie.sqlite"
    for year in ("2017", "2018", "2019"):
        invoke(["evaluate", REPO / "sample_data", "--period", year, "--out", tmp_path / year, "--history", db])
    invoke(["evaluate", REPO / "sample_data", "--period", "2019", "--out", tmp_path / "intern", "--history", db, "--intern"])
    with sqlite3.connect(db) as connection:
        runs = connection.execute("SELECT van FROM runs ORDER BY run").fetchall()
    assert runs == [("2017-01-01",), ("2018-01-01",), ("2019-01-01",)]
    doc = json.loads((tmp_path / "2019" / "indicatoren.json").read_text("utf-8"))
    assert sorted({r["periode"][:4] for r in doc["historie"]}) == ["2016", "2017"]
    from_2017_run = json.loads((tmp_path / "2017" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    bereik_2016 = next(r for r in from_2017_run if r["id"] == "bereik_nazorg" and r["periode"].startswith("2016")
                       and r["uitsplitsing"] is None)
    from_2018_run = json.loads((tmp_path / "2018" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    bereik_2017 = next(r for r in from_2018_run if r["id"] == "bereik_nazorg" and r["periode"].startswith("2017")
                       and r["uitsplitsing"] is None)
    note = (tmp_path / "2019" / "informatienota.md").read_text("utf-8")
    row = next(line for line in note.splitlines() if line.startswith("| Bereik nazorg[^bereik_nazorg]"))
    shown = [cell.strip() for cell in row.split("|")[2:-1]]
    assert shown[:2] == [f"{bereik_2016['waarde']:.1f}".replace(".", ",") + "%",
                         f"{bereik_2017['waarde']:.1f}".replace(".", ",") + "%"]
    assert "| Indicator | 2016 | 2017 | 2018 | 2019 |" in note
    assert "2016, 2017: gepubliceerde cijfers uit de historie van eerdere runs." in note
    # render from the tables alone gives the same note, history included
    invoke(["render", tmp_path / "2019" / "indicatoren.json", "--nota", REPO / "sample_data" / "nota.toml",
            "--out", tmp_path / "opnieuw"])
    assert (tmp_path / "opnieuw" / "informatienota.md").read_text("utf-8") == note


def test_progress_shows_on_a_terminal_only(monkeypatch):
    """A Rich spinner per step when stderr is a terminal; nothing when it is not, or with --quiet."""
    import rich.console

    from nazorg_cli.cli import console

    shown = []
    monkeypatch.setattr(rich.console.Console, "status", lambda self, label: shown.append(label) or _Null())
    monkeypatch.setattr(console.SETTINGS, "quiet", False)
    monkeypatch.setattr(console.SETTINGS, "log_format", "text")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with console.step("Bronnen lezen"):
        pass
    assert shown == ["Bronnen lezen"]
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with console.step("Wegschrijven"):
        pass
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(console.SETTINGS, "quiet", True)
    with console.step("Rekenen"):
        pass
    assert shown == ["Bronnen lezen"]


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
