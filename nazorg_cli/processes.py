"""Work on the machine's other cores: forked worker processes on Linux, threads elsewhere.

Python threads share one interpreter lock, so validating one export while another is parsed, or
importing the chart library while the data is read, hardly overlaps on threads. Forked
processes do: each starts as a copy of this process (its modules already imported, the
pseudonym key in memory only, nothing sent over a pipe but the results). Where fork is not the
platform's way (macOS, Windows) or ``NAZORG_PROCESSEN=0`` is set, the same work runs on threads.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

SWITCH_ENV = "NAZORG_PROCESSEN"


def forking() -> bool:
    """Whether work goes to forked processes here."""
    return sys.platform.startswith("linux") and os.environ.get(SWITCH_ENV, "1") != "0"


def quiet_threads() -> None:
    """Keep numerical libraries from starting helper threads at import (call before importing
    numpy or pyarrow): a process with a single thread forks cleanly. The work done here never
    needs a threaded BLAS, and jemalloc purges memory without a background thread as well."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")


@contextmanager
def pool(workers: int, shared: dict | None = None) -> Iterator[Executor]:
    """An executor with ``workers`` forked processes (threads where forking is off).

    ``shared`` is what the tasks read through :func:`shared`: under fork it reaches the
    workers as inherited memory, never pickled; it is dropped again when the pool closes.
    """
    if forking():
        executor: Executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_share, initargs=(shared or {},))
    else:
        executor = ThreadPoolExecutor(workers, initializer=_share, initargs=(shared or {},))
    try:
        with executor:
            yield executor
    finally:
        _SHARED.clear()


_SHARED: dict = {}


def _share(values: dict) -> None:
    _SHARED.update(values)


def shared() -> dict:
    """In a pool's task: the ``shared`` values the pool was made with."""
    return _SHARED


class Helper:
    """One forked process that first runs ``prepare`` (say, importing the chart library) and then
    the calls sent to it, in order, while this process goes on. Where forking is off, or when
    the helper has gone, a call runs here when its result is asked for.
    """

    def __init__(self, prepare: Callable[[], None] | None = None):
        self._waiting: list[tuple[Callable, tuple]] = []
        self._connection = None
        if forking():
            context = multiprocessing.get_context("fork")
            self._connection, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child, prepare), daemon=True)
            self._process.start()
            child.close()

    def submit(self, function: Callable, *args) -> Callable[[], object]:
        """Send a call; returns a function that waits for its result (ask in order of sending)."""
        self._waiting.append((function, args))
        if self._connection is not None:
            try:
                self._connection.send((function, args))
            except OSError:
                self._connection = None
        return self._result

    def _result(self):
        function, args = self._waiting.pop(0)
        if self._connection is not None:
            try:
                ok, value = self._connection.recv()
            except (EOFError, OSError):
                self._connection = None  # the helper has gone: the rest runs here
            else:
                if not ok:
                    raise value
                return value
        return function(*args)

    def close(self) -> None:
        """End the helper at once (it holds nothing worth finishing once the results are in)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if hasattr(self, "_process"):
            self._process.kill()
            self._process.join()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(connection, prepare: Callable[[], None] | None) -> None:
    try:
        if prepare is not None:
            try:
                prepare()
            except Exception:
                pass  # the calls themselves will meet the same problem and report it
        while (call := connection.recv()) is not None:
            function, args = call
            try:
                connection.send((True, function(*args)))
            except Exception as exc:  # sent back and raised in the parent
                connection.send((False, exc))
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent has gone or was interrupted: end quietly
