"""Write a set of output files into a folder safely.

- A lock (``.nazorg.lock``, an OS file lock that dies with the process) stops two runs from
  writing the same folder.
- Files are assembled in a hidden staging folder beside them and only then moved into place,
  each move atomic, ``manifest.json`` last; a run that fails or is stopped before that leaves the
  previous outputs as they were. SIGTERM is turned into a clean stop; staging folders left by a
  killed run (SIGKILL) are removed by the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
from pathlib import Path

from nazorg_cli.errors import NazorgError, UsageError

LOCK_NAME = ".nazorg.lock"
STAGING_PREFIX = ".nazorg-staging-"
LAST = "manifest.json"


class LockedError(NazorgError):
    default_code = "map-bezet"


@contextlib.contextmanager
def locked(out_dir: Path):
    """Hold the folder's lock for the duration of the block."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / LOCK_NAME).open("a")
    except OSError:
        raise UsageError(f"Uitvoermap {out_dir} kan niet worden aangemaakt of beschreven.") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(f"Een andere nazorg-run schrijft al in {out_dir}; wacht tot die klaar is.") from None
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def _sigterm_stops():
    """Turn SIGTERM into an exception, so the staging folder is cleaned up on the way out."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _remove_stale_staging(out_dir: Path) -> None:
    for stale in out_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_folder(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``out_dir``; see the module docstring."""
    with locked(out_dir), _sigterm_stops():
        _remove_stale_staging(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            for name, content in files.items():
                with (staging / name).open("wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
            order = sorted(files, key=lambda n: n == LAST)
            for name in order:
                os.replace(staging / name, out_dir / name)
            return [out_dir / name for name in order]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
