"""Work on the machine's other cores: forked worker processes on Linux, threads elsewhere.

Python threads share one interpreter lock, so validating one export while another is parsed, or
importing the chart library while this process starts, hardly overlaps on threads. Forked
processes do: each starts as a copy of this process (its modules already imported, the
pseudonym key in memory only, nothing sent over a pipe but the results). Where fork is not the
platform's way (macOS, Windows) or ``NAZORG_PROCESSEN=0`` is set, the same work runs on threads.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager, suppress

SWITCH_ENV = "NAZORG_PROCESSEN"


def forking() -> bool:
    """Whether work goes to forked processes here."""
    return sys.platform.startswith("linux") and os.environ.get(SWITCH_ENV, "1") != "0"


def quiet_threads() -> None:
    """Keep numerical libraries from starting helper threads at import (call before importing
    numpy or pyarrow): a process with a single thread forks cleanly. The work done here never
    needs a threaded BLAS, and jemalloc purges memory without a background thread as well.

    Arrow allocates through the C library, as pandas and numpy do, instead of its bundled
    jemalloc: on 200,000 persons that cut the system time of a run from 1.1 to 0.7 s and its
    wall time by 0.3 s (docs/performance.md)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


@contextmanager
def pool(workers: int, shared: dict | None = None) -> Iterator[Executor]:
    """An executor with ``workers`` forked processes (threads where forking is off).

    ``shared`` is what the tasks read through :func:`shared`: under fork it reaches the
    workers as inherited memory, never pickled; it is dropped again when the pool closes.
    """
    if forking():
        executor: Executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(shared or {}, os.getpid()),
        )
    else:
        executor = ThreadPoolExecutor(workers, initializer=_share, initargs=(shared or {},))
    try:
        yield executor
    except BaseException:
        # Stopped (SIGTERM, Ctrl-C) or failed: end the workers now rather than wait for their tasks.
        _end_workers(executor)
        raise
    else:
        executor.shutdown(wait=True)
    finally:
        _SHARED.clear()


_SHARED: dict = {}


def _share(values: dict) -> None:
    _SHARED.update(values)


def _start_worker(values: dict, parent: int) -> None:
    die_with_parent(parent)
    _share(values)


def _end_workers(executor: Executor) -> None:
    if isinstance(executor, ProcessPoolExecutor):
        # Python 3.11 has no public way to stop a pool's processes (3.14 adds terminate_workers).
        for process in list(getattr(executor, "_processes", {}).values()):
            with suppress(OSError, ValueError, AttributeError):
                process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def die_with_parent(parent: int) -> None:
    """In a forked process: be killed when the parent ends, however it ends (SIGKILL included),
    so no worker outlives nazorg (Linux PR_SET_PDEATHSIG); leave at once if it already has."""
    with suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    # The stop that the CLI turned into KeyboardInterrupt is the parent's business, not ours.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if os.getppid() != parent:
        os._exit(1)


def shared() -> dict:
    """In a pool's task: the ``shared`` values the pool was made with."""
    return _SHARED


class Helper:
    """Forked processes that first run ``warm_up`` (say, importing the chart library) and then
    the calls sent to them while this process goes on. With ``copies`` above 1 the first
    process, once prepared, forks the others, so the preparation is paid once; calls go to the
    copies in turn. Where forking is off, or when a copy has gone, a call runs here when its
    result is asked for.
    """

    def __init__(self, warm_up: Callable[[], None] | None = None, copies: int = 1):
        self._waiting: list[list[tuple[Callable, tuple]]] = [[] for _ in range(copies)]
        self._connections: list = [None] * copies
        self._turn = 0
        if forking():
            context = multiprocessing.get_context("fork")
            pipes = [context.Pipe() for _ in range(copies)]
            self._connections = [ours for ours, _ in pipes]
            theirs = [end for _, end in pipes]
            self._process = context.Process(
                target=_serve_copies, args=(self._connections, theirs, warm_up, os.getpid()), daemon=True
            )
            self._process.start()
            for end in theirs:
                end.close()

    def submit(self, function: Callable, *args) -> Callable[[], object]:
        """Send a call to the next copy; returns a function that waits for its result (ask for
        the results of one copy in the order they were sent)."""
        copy = self._turn
        self._turn = (self._turn + 1) % len(self._connections)
        self._waiting[copy].append((function, args))
        if self._connections[copy] is not None:
            try:
                self._connections[copy].send((function, args))
            except OSError:
                self._connections[copy] = None
        return lambda: self._result(copy)

    def _result(self, copy: int):
        function, args = self._waiting[copy].pop(0)
        connection = self._connections[copy]
        if connection is not None:
            try:
                ok, value = connection.recv()
            except (EOFError, OSError):
                self._connections[copy] = None  # the copy has gone: the rest runs here
            else:
                if not ok:
                    raise value
                return value
        return function(*args)

    def close(self) -> None:
        """End the helpers at once (they hold nothing worth finishing once the results are in).
        The first is killed; the others end when they find their connection closed."""
        for connection in self._connections:
            if connection is not None:
                connection.close()
        self._connections = [None] * len(self._connections)
        if hasattr(self, "_process"):
            self._process.kill()
            self._process.join()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve_copies(parent_ends: list, ends: list, warm_up: Callable[[], None] | None, parent: int) -> None:
    die_with_parent(parent)
    # Lowest priority: the helper's preparation (the chart library's import, 0.7 s) then takes
    # only a core that nothing else wants, not one that reads the files.
    with suppress(OSError):
        os.nice(19)
    for end in parent_ends:
        end.close()  # only the parent's copies may hold these, or a copy would never see them close
    try:
        if warm_up is not None:
            # A failure here is met again by the calls themselves, which report it.
            with suppress(Exception):
                warm_up()
    except KeyboardInterrupt:
        return
    first = os.getpid()
    for i, end in enumerate(ends[1:], start=1):
        if os.fork() == 0:  # a further copy, with everything warm_up imported
            die_with_parent(first)
            for other, connection in enumerate(ends):
                if other != i:
                    connection.close()
            _serve(end)
            os._exit(0)
        end.close()
    _serve(ends[0])


def _serve(connection) -> None:
    try:
        while (call := connection.recv()) is not None:
            function, args = call
            try:
                connection.send((True, function(*args)))
            except Exception as exc:  # sent back and raised in the parent
                connection.send((False, exc))
    except (EOFError, OSError, KeyboardInterrupt):
        pass  # the parent has gone or was interrupted: end quietly
