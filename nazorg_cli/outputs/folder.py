"""Write a set of output files into a folder safely.

- A lock (``.nazorg.lock``, an OS file lock that dies with the process) stops two runs from
  writing the same folder.
- Files are assembled in a hidden staging folder beside them and only then moved into place,
  each move atomic, ``manifest.json`` last; a run that fails or is stopped before that leaves the
  previous outputs as they were. A SIGTERM (a clean stop, see nazorg_cli.interrupts) is held
  while the files move into place, so either all of them move or none; staging folders left by
  a killed run (SIGKILL) are removed by the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from nazorg_cli import interrupts
from nazorg_cli.codes import refusal

LOCK_NAME = ".nazorg.lock"
STAGING_PREFIX = ".nazorg-staging-"
LAST = "manifest.json"


@contextlib.contextmanager
def locked(out_dir: Path):
    """Hold the folder's lock for the duration of the block."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = (out_dir / LOCK_NAME).open("a")
    except OSError:
        raise refusal("gebruik", "uitvoermap", map=out_dir) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise refusal("map-bezet", map=out_dir) from None
        yield
    finally:
        handle.close()


def _remove_stale_staging(out_dir: Path) -> None:
    for stale in out_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)


class Reservation:
    """An output folder whose lock this run holds (see :func:`reserved`)."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir

    def refuse_mixing(self, intern: bool) -> None:
        """An openbaar run does not write into a folder that holds intern (VERTROUWELIJK) outputs:
        the folder could be published with them in it."""
        from nazorg_cli.outputs.tables import is_intern_name

        if not intern:
            # The folder, its figuren/ and a regional run's folders (regio/, one per gemeente).
            folders = [self.out_dir, *(p for p in self.out_dir.iterdir() if p.is_dir() and not p.name.startswith("."))]
            folders += [p / "figuren" for p in folders[1:] if (p / "figuren").is_dir()]
            inside = [p for folder in folders for p in folder.iterdir()]
            found = sorted(p.name for p in inside if p.is_file() and is_intern_name(p.name))
            if found:
                raise refusal("map-vertrouwelijk", map=self.out_dir, bestand=found[0])

    def write(self, files: dict[str, bytes], before_commit: Callable[[], None] | None = None) -> list[Path]:
        """Stage ``files`` (name -> bytes), run ``before_commit`` (whatever else must succeed for
        the run to count, such as storing the history), then move them all into place."""
        out_dir = self.out_dir
        try:
            _remove_stale_staging(out_dir)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
            for name, content in files.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)  # figuren/
                with (staging / name).open("wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
            if before_commit is not None:
                before_commit()
            order = sorted(files, key=lambda n: n == LAST)
            with interrupts.committing():  # all files move, or none
                for name in order:
                    (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / name, out_dir / name)
            return [out_dir / name for name in order]
        except OSError as exc:
            raise refusal("schrijven-mislukt", map=out_dir, reden=_reason(exc)) from None
        finally:
            # Under the lock every staging folder is ours or a killed run's: remove them all,
            # wherever a stop came (even between creating the folder and writing into it).
            with interrupts.deferred():
                _remove_stale_staging(out_dir)


@contextlib.contextmanager
def reserved(out_dir: Path) -> Iterator[Reservation]:
    """Hold ``out_dir``'s lock for the block (the whole run), to write into it once."""
    with locked(out_dir):
        yield Reservation(out_dir)


def write_folder(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``out_dir`` under its lock; see the module docstring."""
    with reserved(out_dir) as folder:
        return folder.write(files)


def _reason(exc: OSError) -> str:
    import errno

    return {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte is op",
        errno.EACCES: "geen schrijfrechten",
        errno.EPERM: "geen schrijfrechten",
        errno.EROFS: "alleen-lezen",
    }.get(exc.errno or 0, "schrijffout")
