"""SIGTERM as a clean stop, at any moment of a run.

``stops_on_sigterm()`` (the CLI wraps every command in it) turns SIGTERM into KeyboardInterrupt,
so a stopped run unwinds through its ``finally`` blocks and prints one "Afgebroken" sentence.
Two kinds of work must not be cut in half:

- ``deferred()``: cleanup. A SIGTERM inside the block waits until the block is done, then stops
  the run.
- ``committing()``: moving the outputs into place. A SIGTERM inside the block is held until the
  block is done; from then on the run is as good as finished (everything is in place), so the
  stop is dropped and the run ends normally.

Python runs signal handlers in the main thread only, whichever thread the signal reached, so
this holds with worker threads too.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class _State:
    depth: int = 0  # nesting of deferred()/committing() blocks
    pending: bool = False  # a SIGTERM arrived inside such a block
    committed: bool = False  # the outputs are in place: nothing left worth stopping


_STATE = _State()


def _on_sigterm(signum, frame) -> None:
    if _STATE.committed:
        return
    if _STATE.depth:
        _STATE.pending = True
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def stops_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt for the duration of the block (main thread only)."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: signals are the main thread's business
        yield
        return
    saved = _State(_STATE.depth, _STATE.pending, _STATE.committed)
    _STATE.depth, _STATE.pending, _STATE.committed = 0, False, False
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _STATE.depth, _STATE.pending, _STATE.committed = saved.depth, saved.pending, saved.committed


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold a SIGTERM until the block is done, then stop (raise KeyboardInterrupt)."""
    _STATE.depth += 1
    try:
        yield
    finally:
        _STATE.depth -= 1
    if _STATE.depth == 0 and _STATE.pending and not _STATE.committed:
        _STATE.pending = False
        raise KeyboardInterrupt


@contextlib.contextmanager
def committing() -> Iterator[None]:
    """Hold a SIGTERM until the block is done; once it is, the run finishes whatever comes."""
    _STATE.depth += 1
    try:
        yield
        _STATE.committed = True
        _STATE.pending = False
    finally:
        _STATE.depth -= 1
