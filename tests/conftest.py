"""Shared test helpers: tiny exports written as csv, valid BSNs, and one CLI invoker."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from nazorg_cli.cli.app import app

REPO = Path(__file__).resolve().parent.parent

# In CI the property tests draw the same examples every run, so a verdict never depends on luck;
# on a developer's machine they keep exploring new examples (and a failure found there gets its
# own regression test, as test_disclosure.py's degenerate program did).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def bsn(n: int) -> str:
    """A distinct valid BSN for each n: 8 digits from n, the 9th chosen to pass the 11-proef."""
    for base in range(n * 13 + 10_000_000, n * 13 + 10_000_013):
        head = f"{base:08d}"
        check = sum(int(d) * w for d, w in zip(head, range(9, 1, -1))) % 11
        if check < 10:
            return head + str(check)
    raise AssertionError("no BSN found")


def write_csv(folder: Path, name: str, rows: list[dict], encoding: str = "utf-8", delimiter: str = ";") -> Path:
    """Write rows (dicts with the export's own headers) as ``folder/name.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    headers: list[str] = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    path = folder / f"{name}.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


runner = CliRunner()


def invoke(args: list[str], exit_code: int = 0, all_formats: bool = False):
    """Run the CLI and assert its exit code; returns the result (stdout and stderr apart).

    evaluate and render make the Markdown and HTML documents only, unless the test asks for a
    --formaat or for ``all_formats`` (the command's default, md, html, docx and pdf): Word and
    PDF cost seconds per run and have their own tests (test_word_pdf.py, on the sample run)."""
    args = [str(a) for a in args]
    if args and args[0] in ("evaluate", "render") and "--formaat" not in args and not all_formats:
        args += ["--formaat", "md,html"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    return result


def records(path: Path) -> dict:
    """indicatoren.json as {(id, periode-start, uitsplitsing, categorie): record}."""
    doc = json.loads(Path(path).read_text("utf-8"))
    return {(r["id"], r["periode"][:10], r["uitsplitsing"], r["categorie"]): r for r in doc["indicatoren"]}


@pytest.fixture
def sample_dir() -> Path:
    return REPO / "sample_data"


@pytest.fixture(scope="session", autouse=True)
def no_user_history(tmp_path_factory):
    """Module fixtures too write their history in a temporary folder, never the user's data folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NAZORG_HISTORIE", str(tmp_path_factory.mktemp("historie") / "history.sqlite"))
        yield


@pytest.fixture(autouse=True)
def own_history(tmp_path_factory, monkeypatch):
    """Every test has a history of its own (subprocesses inherit it)."""
    monkeypatch.setenv("NAZORG_HISTORIE", str(tmp_path_factory.mktemp("historie") / "history.sqlite"))


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """One `nazorg evaluate sample_data` for the tests that only read its outputs (never write
    into this folder)."""
    out = tmp_path_factory.mktemp("sample_run")
    invoke(["evaluate", REPO / "sample_data", "--out", out / "uit", "--history", out / "history.sqlite"], all_formats=True)
    return out / "uit"
