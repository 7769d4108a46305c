"""The wheel carries the templates and the sample data; the committed sample is reproducible."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import REPO, invoke


@pytest.mark.slow
def test_wheel_holds_templates_and_sample_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("nazorg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("informatienota.md.j2", "monitor.md.j2", "document.html.j2", "nota.css"):
        assert f"nazorg_cli/_data/templates/{template}" in names
    for path in (REPO / "sample_data").iterdir():
        assert f"nazorg_cli/_data/sample_data/{path.name}" in names
    assert "nazorg_cli/sources/schemas/detenties.toml" in names
    assert "nazorg_cli/indicators/catalog.toml" in names


def test_sample_command_reproduces_committed_sample_data(tmp_path):
    """`nazorg sample` with its defaults writes sample_data/ byte for byte."""
    invoke(["sample", "--out", tmp_path])
    committed = sorted(p.name for p in (REPO / "sample_data").iterdir())
    assert committed == sorted(p.name for p in tmp_path.iterdir())
    for name in committed:
        assert (REPO / "sample_data" / name).read_bytes() == (tmp_path / name).read_bytes(), name
