"""Staged writes under a lock: a SIGTERM at any step leaves the old outputs or the new ones, whole,
and never a staging folder (deterministic: the signal is raised at each step in turn)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from nazorg_cli import interrupts
from nazorg_cli.outputs import folder

OLD = {"a.json": b"oud a", "b.csv": b"oud b", "manifest.json": b"oud manifest"}
NEW = {"a.json": b"nieuw a", "b.csv": b"nieuw b", "manifest.json": b"nieuw manifest"}


def visible(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def steps_of_a_write(tmp_path: Path) -> int:
    """How many file-system calls one write makes (mkdtemp, each fsync and replace, each removal)."""
    calls = []
    out = tmp_path / "tel"
    with _counting(calls, at=None):
        folder.write_folder(out, NEW)
    return len(calls)


class _counting:
    """Patch the file-system calls of write_folder; at call number ``at`` a SIGTERM arrives."""

    def __init__(self, calls: list, at: int | None):
        self.calls, self.at, self.saved = calls, at, {}

    def wrap(self, module, name):
        original = getattr(module, name)

        def patched(*args, **kwargs):
            self.calls.append(name)
            if len(self.calls) == self.at:
                signal.raise_signal(signal.SIGTERM)
            return original(*args, **kwargs)

        self.saved[(module, name)] = original
        setattr(module, name, patched)

    def __enter__(self):
        self.wrap(folder.tempfile, "mkdtemp")
        self.wrap(folder.os, "fsync")
        self.wrap(folder.os, "replace")
        self.wrap(folder.shutil, "rmtree")
        return self

    def __exit__(self, *exc):
        for (module, name), original in self.saved.items():
            setattr(module, name, original)


def test_a_sigterm_at_any_step_leaves_old_or_new_outputs_and_no_staging(tmp_path):
    total = steps_of_a_write(tmp_path)
    assert total >= 1 + 2 * len(NEW)
    outcomes = set()
    for at in range(1, total + 1):
        out = tmp_path / f"uit{at}"
        folder.write_folder(out, OLD)
        calls: list = []
        with interrupts.stops_on_sigterm(), _counting(calls, at):
            try:
                folder.write_folder(out, NEW)
                outcome = "nieuw"
            except KeyboardInterrupt:
                outcome = "afgebroken"
        outcomes.add(outcome)
        assert visible(out) == (NEW if outcome == "nieuw" else OLD), at
        assert not list(out.glob(folder.STAGING_PREFIX + "*")), at
    assert outcomes == {"nieuw", "afgebroken"}  # both kinds of moment were hit


def test_stale_staging_folders_are_removed_under_the_lock(tmp_path):
    out = tmp_path / "uit"
    (out / (folder.STAGING_PREFIX + "oud1")).mkdir(parents=True)
    (out / (folder.STAGING_PREFIX + "oud2") / "x").mkdir(parents=True)
    folder.write_folder(out, NEW)
    assert visible(out) == NEW and not list(out.glob(folder.STAGING_PREFIX + "*"))


def test_sigterm_outside_a_protected_block_stops_at_once():
    with interrupts.stops_on_sigterm(), pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGTERM)
        for _ in range(1000):  # the handler runs between bytecodes
            os.getpid()


def test_a_full_disk_is_one_dutch_sentence_and_leaves_the_old_outputs(tmp_path, monkeypatch):
    import errno

    from nazorg_cli.errors import NazorgError

    out = tmp_path / "uit"
    folder.write_folder(out, OLD)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(folder.os, "fsync", full)
    with pytest.raises(NazorgError) as raised:
        folder.write_folder(out, NEW)
    assert raised.value.code == "schrijven-mislukt" and "de schijf is vol" in str(raised.value)
    assert "er is niets weggeschreven" in str(raised.value)
    assert visible(out) == OLD and not list(out.glob(folder.STAGING_PREFIX + "*"))
