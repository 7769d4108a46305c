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

OUTPUTS = [
    "indicatoren.json",
    "indicatoren.csv",
    "indicatoren.xlsx",
    "datakwaliteit.json",
    "informatienota.md",
    "informatienota.html",
    "monitor.md",
    "monitor.html",
    "informatienota.docx",
    "informatienota.pdf",
    "monitor.docx",
    "monitor.pdf",
    "figuren/uitstroom.svg",
]


def test_two_runs_are_byte_identical_apart_from_the_manifest(sample_run, tmp_path):
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "b"], all_formats=True)  # the first run is the shared one
    for name in OUTPUTS:
        assert (sample_run / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "b"], all_formats=True)  # again into the same folder
    for name in OUTPUTS:
        assert (sample_run / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_manifest_hashes_equal_sha256_of_the_inputs(sample_run):
    tmp_path = sample_run
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["tool"] == "nazorg" and manifest["versie"] and manifest["opdracht"][:2] == ["nazorg", "evaluate"]
    assert manifest["configuratie"]["sha256"] == hashlib.sha256((REPO / "sample_data" / "nazorg.toml").read_bytes()).hexdigest()
    assert len(manifest["invoer"]) == 7
    for entry in manifest["invoer"]:
        data = (REPO / "sample_data" / entry["bestand"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["grootte"] == len(data)
        assert entry["rijen_gelezen"] == entry["rijen_geaccepteerd"] + entry["rijen_afgekeurd"] + entry["duplicaten"]
    assert "gestart" in manifest
    for name in OUTPUTS:  # the run time lives only in the manifest
        assert manifest["gestart"] not in (tmp_path / name).read_text("utf-8", errors="replace")


@pytest.mark.parametrize(
    "args, code",
    [
        (["evaluate", "sample_data", "--period", "nineteen"], "gebruik"),
        (["evaluate", "bestaat_niet"], "invoer-ontbreekt"),
        (["indicators", "bestaat_niet"], "invoer-ontbreekt"),
        (["validate", "bestaat_niet"], "invoer-ontbreekt"),
        (["render", "bestaat_niet.json"], "onleesbaar"),
    ],
)
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
    assert json.loads(result.stderr) == {
        "niveau": "fout",
        "bericht": f"Fout: Invoermap {tmp_path / 'nope'} bestaat niet of is geen map.",
        "code": "invoer-ontbreekt",
    }


def test_config_errors_name_the_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "sample_data", data)
    (data / "nazorg.toml").write_text('gemeente = "Haarlem"\n\n[privacy]\n# drempel\nk = "vijf"\n', "utf-8")
    assert (
        "nazorg.toml, regel 5: sleutel 'k' in [privacy] moet een geheel getal zijn."
        in invoke(["validate", data], exit_code=2).stderr
    )
    (data / "nazorg.toml").write_text('gemeente = "Haarlem"\nuitvoermap = "x"\n', "utf-8")
    assert "nazorg.toml, regel 2: onbekende sleutel 'uitvoermap'" in invoke(["validate", data], exit_code=2).stderr
    (data / "nazorg.toml").write_text('gemeente = "Haarlem\n', "utf-8")
    assert "nazorg.toml: de TOML klopt niet op regel 1, kolom " in invoke(["validate", data], exit_code=2).stderr


def test_lock_stops_a_second_run(tmp_path):
    out = tmp_path / "uit"
    out.mkdir()
    with (out / ".nazorg.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run holds the folder
        result = invoke(["evaluate", REPO / "sample_data", "--out", out], exit_code=2)
    assert "schrijft al in" in result.stderr and result.stderr.rstrip().endswith("[map-bezet]")
    assert not (out / "indicatoren.json").exists()
    invoke(["evaluate", REPO / "sample_data", "--out", out])  # free again


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != "history.sqlite"
    }


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_run_killed_while_writing_leaves_the_old_outputs_or_the_new_ones(sample_run, tmp_path, signum):
    """Old outputs come from another sample; a second run is killed as soon as its staging folder
    appears. The visible outputs are then the old ones or the new ones, whole, never a mix
    (a SIGTERM that comes while the files move into place waits until they are all in place);
    a SIGTERM leaves no staging folder; the next run cleans up after a SIGKILL."""
    other = tmp_path / "ander"
    invoke(["sample", "--out", other, "--seed", "5", "--personen", "300"])
    out = tmp_path / "uit"
    new = snapshot(sample_run)  # what a whole run on the sample writes
    invoke(["evaluate", other, "--out", out], all_formats=True)
    old = snapshot(out)
    for _attempt in range(20):
        process = subprocess.Popen(
            [sys.executable, "-m", "nazorg_cli", "evaluate", str(REPO / "sample_data"), "--out", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while process.poll() is None and not any(out.glob(".nazorg-staging-*")):
            time.sleep(0.0005)
        if process.poll() is None:
            os.kill(process.pid, signum)
            process.wait(timeout=30)
            break
        invoke(["evaluate", other, "--out", out], all_formats=True)  # it finished first: restore the old outputs
    else:
        pytest.skip("the run always finished before it could be stopped")
    after = snapshot(out)
    assert without_manifest(after) in (without_manifest(old), without_manifest(new))
    if signum == signal.SIGTERM:
        if without_manifest(after) == without_manifest(old):
            assert process.returncode == 2 and b"Afgebroken" in process.stderr.read()
            assert after == old
        else:
            assert process.returncode == 0
        assert not list(out.glob(".nazorg-staging-*"))  # cleaned up on the way out
    invoke(["evaluate", REPO / "sample_data", "--out", out], all_formats=True)
    assert not list(out.glob(".nazorg-staging-*"))  # a killed run's leftovers are gone
    assert without_manifest(snapshot(out)) == without_manifest(new)


def without_manifest(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in files.items() if name != "manifest.json"}


def test_history_across_three_yearly_runs(tmp_path):
    """Runs for 2017 and 2018 on the full sample share one history with a 2019 run on an export
    that keeps only episodes released from 2018 on (as when older records are no longer kept).
    The 2019 tables' reeks reaches back only to 2018; the note shows 2015-2017 from the history,
    each from the latest run that published it. Intern runs are never stored."""
    import shutil
    import sqlite3

    import pandas as pd

    db = tmp_path / "historie.sqlite"
    for year in ("2017", "2018"):  # the tables alone store their figures too
        (tmp_path / year).mkdir()
        invoke(
            ["indicators", REPO / "sample_data", "--period", year, "--out", tmp_path / year / "indicatoren.json", "--history", db]
        )
    recent = tmp_path / "recent"
    shutil.copytree(REPO / "sample_data", recent)
    episodes = pd.read_excel(recent / "detenties.xlsx", dtype=str, engine="openpyxl")
    (recent / "detenties.xlsx").unlink()
    released = pd.to_datetime(episodes["Ontslagdatum"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    episodes.loc[released.isna() | (released >= "2018-01-01")].to_csv(recent / "detenties.csv", index=False, sep=";")
    invoke(["evaluate", recent, "--period", "2019", "--out", tmp_path / "2019", "--history", db])
    invoke(["indicators", recent, "--period", "2019", "--history", db, "--intern"])
    with sqlite3.connect(db) as connection:
        runs = connection.execute("SELECT van FROM runs ORDER BY run").fetchall()
    assert runs == [("2017-01-01",), ("2018-01-01",), ("2019-01-01",)]
    doc = json.loads((tmp_path / "2019" / "indicatoren.json").read_text("utf-8"))
    assert sorted({r["periode"][:4] for r in doc["indicatoren"]}) == ["2018", "2019"]
    assert sorted({r["periode"][:4] for r in doc["historie"]}) == ["2015", "2016", "2017"]
    from_2018_run = json.loads((tmp_path / "2018" / "indicatoren.json").read_text("utf-8"))["indicatoren"]
    bereik = {
        r["periode"][:4]: r
        for r in from_2018_run
        if r["id"] == "bereik_nazorg" and r["periode"][:4] in ("2016", "2017") and r["uitsplitsing"] is None
    }
    note = (tmp_path / "2019" / "monitor.md").read_text("utf-8")
    row = next(line for line in note.splitlines() if line.startswith("| Aangemeld voor nazorg[^bereik_nazorg]"))
    shown = [cell.strip() for cell in row.split("|")[2:-1]]
    assert shown[1:3] == [f"{bereik[y]['waarde']:.1f}".replace(".", ",") + "%" for y in ("2016", "2017")]
    assert "| Indicator | 2015 | 2016 | 2017 | 2018 | 2019 |" in note
    assert "**Historie.** 2015, 2016, 2017: gepubliceerde cijfers uit eerdere runs." in note
    # render from the tables alone gives the same note, history included
    invoke(
        [
            "render",
            tmp_path / "2019" / "indicatoren.json",
            "--nota",
            REPO / "sample_data" / "nota.toml",
            "--out",
            tmp_path / "opnieuw",
        ]
    )
    assert (tmp_path / "opnieuw" / "monitor.md").read_text("utf-8") == note


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


def test_history_lives_outside_the_output_folder_and_a_rerun_replaces_its_period(tmp_path, monkeypatch):
    """DOMAIN §9: the history is not an output. Its place: --history, else `historie` in
    nazorg.toml, else $NAZORG_HISTORIE, else the user's data folder, one per gemeente. Running
    the same period again leaves one copy of that period; the manifest names the history."""
    import sqlite3

    from nazorg_cli.outputs import history

    real = tmp_path / "gedeeld" / "historie.sqlite"
    monkeypatch.setenv("NAZORG_HISTORIE", str(real))
    db = real.with_name("historie-synthetisch.sqlite")  # the sample is synthetic: a history of its own
    for out in ("2019a", "2019b"):
        invoke(["evaluate", REPO / "sample_data", "--period", "2019", "--out", tmp_path / out])
        assert not [p.name for p in (tmp_path / out).iterdir() if p.suffix == ".sqlite"]
        assert json.loads((tmp_path / out / "manifest.json").read_text("utf-8"))["historie"] == str(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT van, tot_en_met FROM runs").fetchall() == [("2019-01-01", "2019-12-31")]
        first = connection.execute("SELECT count(*) FROM cijfers").fetchone()[0]
    invoke(["indicators", REPO / "sample_data", "--period", "2018", "--out", tmp_path / "2018.json"])
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT van FROM runs ORDER BY van").fetchall() == [("2018-01-01",), ("2019-01-01",)]
        assert (
            connection.execute("SELECT count(*) FROM cijfers c JOIN runs r USING (run) WHERE r.van = '2019-01-01'").fetchone()[0]
            == first
        )
    intern = json.loads(
        (
            invoke(["evaluate", REPO / "sample_data", "--out", tmp_path / "i", "--intern"])
            and (tmp_path / "i" / "manifest-VERTROUWELIJK.json")
        ).read_text("utf-8")
    )
    assert intern["historie"] is None  # intern figures are never stored

    # The order of precedence, and one folder per gemeente by default.
    config = tmp_path / "nazorg.toml"
    assert history.location(tmp_path / "x.sqlite", config, "Haarlem") == tmp_path / "x.sqlite"
    assert history.location(None, config, "Haarlem") == config
    assert history.location(None, None, "Haarlem") == real
    assert not real.exists()  # trying the sample never touches the real history
    assert history.location(None, None, "Haarlem", synthetic=True) == db
    assert history.location(db.parent / "expliciet.sqlite", None, "Haarlem", synthetic=True).name == "expliciet.sqlite"
    monkeypatch.delenv("NAZORG_HISTORIE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history.location(None, None, "Súdwest-Fryslân") == tmp_path / "data" / "nazorg" / "sudwest-fryslan" / "history.sqlite"
    assert history.location(None, None, None).parent.name == "zonder-gemeente"


def test_historie_in_nazorg_toml_is_relative_to_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "sample_data", data)
    config = data / "nazorg.toml"
    config.write_text('historie = "../archief/nazorg.sqlite"\n' + config.read_text("utf-8"), "utf-8")
    invoke(["evaluate", data, "--out", tmp_path / "uit"])
    assert (tmp_path / "archief" / "nazorg-synthetisch.sqlite").is_file()  # synthetic data: its own file
    assert not (tmp_path / "archief" / "nazorg.sqlite").exists()


@pytest.mark.parametrize("kind", ["map", "alleen-lezen"])
def test_a_history_that_cannot_be_written_leaves_every_output_as_it_was(tmp_path, kind, monkeypatch):
    """DOMAIN §9 and issue 14: everything that can fail happens before the outputs move into place."""
    out = tmp_path / "uit"
    invoke(["evaluate", REPO / "sample_data", "--period", "2018", "--out", out, "--history", tmp_path / "h.sqlite"])
    old = snapshot(out)
    if kind == "map":
        bad = tmp_path / "een-map"
        bad.mkdir()
    else:
        bad = tmp_path / "h.sqlite"
        import sqlite3

        real_connect = sqlite3.connect  # root ignores file modes: open the history read-only instead
        monkeypatch.setattr(sqlite3, "connect", lambda p, **kw: real_connect(f"file:{p}?mode=ro", uri=True, **kw))
    result = invoke(["evaluate", REPO / "sample_data", "--period", "2019", "--out", out, "--history", bad], exit_code=2)
    assert "er is niets weggeschreven" in result.stderr.lower() and result.stderr.rstrip().endswith("[configuratie]")
    assert snapshot(out) == old
    assert not list(out.glob(".nazorg-staging-*"))


@pytest.mark.slow
def test_two_concurrent_runs_on_one_folder_the_second_stops(tmp_path):
    """The lock covers the whole run, not only the writing: a second run that starts while the
    first is still reading stops at once with map-bezet; the first finishes."""
    out = tmp_path / "uit"
    command = [sys.executable, "-m", "nazorg_cli", "evaluate", str(REPO / "sample_data"), "--out", str(out)]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while first.poll() is None and not _holds_flock(first.pid, out / ".nazorg.lock") and time.monotonic() < deadline:
        time.sleep(0.002)
    assert first.poll() is None, "the first run ended before the second could start"
    os.kill(first.pid, signal.SIGSTOP)  # holds the lock, paused, for as long as the second takes
    try:
        second = subprocess.run(command, capture_output=True, timeout=60)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == 2 and second.stderr.decode().rstrip().endswith("[map-bezet]")
    assert first.wait(timeout=60) == 0
    assert (out / "indicatoren.json").is_file()


def _holds_flock(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` holds a flock on ``lock`` (from /proc/locks)."""
    try:
        inode = lock.stat().st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if "FLOCK" in parts and str(pid) in parts and any(p.endswith(f":{inode}") for p in parts):
            return True
    return False


def test_json_logs_stay_json_when_a_library_logs(tmp_path, monkeypatch):
    """The spreadsheet reader logs English warnings through Python's logging (pyo3-log); with
    --log-format json every stderr line must still be one JSON object, without the record's text."""
    import logging

    from nazorg_cli.sources import loading

    real_read = loading._read

    def chatty_read(path, schema, spec):
        logging.getLogger("fastexcel.types").warning("Could not parse cell 'Jansen 123456782' as date")
        return real_read(path, schema, spec)

    monkeypatch.setenv("NAZORG_PROCESSEN", "0")
    monkeypatch.setattr(loading, "_read", chatty_read)
    result = invoke(["--log-format", "json", "evaluate", REPO / "sample_data", "--out", tmp_path / "uit"])
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [line["code"] for line in lines if line.get("code")] == ["bibliotheek-melding"]
    assert "Jansen" not in result.stderr and "123456782" not in result.stderr
    assert lines[-1]["bericht"].startswith("Klaar")


def test_the_history_can_be_listed_and_a_run_removed(tmp_path):
    """Issue 15.11: nazorg historie lists the stored runs and can remove one."""
    db = tmp_path / "h.sqlite"
    for year in ("2018", "2019"):  # the tables alone store their figures too
        invoke(["indicators", REPO / "sample_data", "--period", year, "--out", tmp_path / f"{year}.json", "--history", db])
    listed = invoke(["historie", "--history", db]).stdout
    assert "2018-01-01 t/m 2018-12-31" in listed and "2019-01-01 t/m 2019-12-31" in listed and "Haarlem" in listed
    first = next(line for line in listed.splitlines() if "2018-01-01 t/m" in line).split()[0]
    invoke(["historie", "--history", db, "--verwijder", first])
    assert "2018-01-01 t/m" not in invoke(["historie", "--history", db]).stdout
    assert "geen run 999" in invoke(["historie", "--history", db, "--verwijder", "999"], exit_code=2).stderr
    assert "bevat nog geen runs" in invoke(["historie", "--history", tmp_path / "leeg.sqlite"]).stderr
