"""Work on worker processes (nazorg_cli.processes): the same results with and without forking,
errors that keep their code across the process boundary, and a helper that may go away."""

from __future__ import annotations

import os
import pickle
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import invoke

from nazorg_cli import processes
from nazorg_cli.errors import InputError, NazorgError
from nazorg_cli.privacy.pseudonym import Pseudonymiser
from nazorg_cli.sources import loading

OUTPUTS = ["indicatoren.json", "indicatoren.csv", "datakwaliteit.json", "informatienota.md", "informatienota.html"]


def test_forked_and_threaded_runs_write_the_same_files(sample_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("NAZORG_KEY", "een-vaste-sleutel-voor-deze-test")
    assert processes.forking()
    invoke(["evaluate", sample_dir, "--out", tmp_path / "fork"])
    monkeypatch.setenv(processes.SWITCH_ENV, "0")
    assert not processes.forking()
    invoke(["evaluate", sample_dir, "--out", tmp_path / "threads"])
    for name in OUTPUTS:
        assert (tmp_path / "fork" / name).read_bytes() == (tmp_path / "threads" / name).read_bytes(), name


def test_refusals_keep_their_code_across_processes():
    error = pickle.loads(pickle.dumps(InputError("detenties.xlsx: het bestand is versleuteld.", "versleuteld")))
    assert type(error) is InputError and error.code == "versleuteld"
    assert str(error) == "detenties.xlsx: het bestand is versleuteld."


def test_a_worker_that_dies_is_a_refusal_naming_the_file(sample_dir, monkeypatch):
    """A parser that takes its process down (an abort, the memory killer) stops the run with
    exit class 2 and the file's name instead of taking nazorg down with it."""
    real_read = loading._read

    def dying_read(path, schema, spec):
        if schema.name == "huisvesting":
            os._exit(134)  # what an aborting parser looks like from outside
        return real_read(path, schema, spec)

    monkeypatch.setattr(loading, "_read", dying_read)  # inherited by the forked workers
    with pytest.raises(NazorgError) as caught:
        loading.load_sources(sample_dir, Pseudonymiser(b"k" * 32), today=date(2020, 6, 1))
    # Every source still on the broken pool fails with it; the first in schema order is named.
    assert caught.value.code == "beschadigd"
    assert "het lezen stopte onverwacht" in str(caught.value)
    assert str(caught.value).split(":")[0] in {p.name for p in sample_dir.iterdir()}


def _square(x: int) -> int:
    return x * x


def _fail(message: str) -> None:
    raise ValueError(message)


def _pid() -> int:
    return os.getpid()


def test_helper_runs_calls_in_order_in_another_process():
    with processes.Helper() as helper:
        first, second, where = helper.submit(_square, 3), helper.submit(_square, 4), helper.submit(_pid)
        assert (first(), second()) == (9, 16)
        assert where() != os.getpid()


def test_helper_raises_the_calls_error_here():
    with processes.Helper() as helper:
        result = helper.submit(_fail, "kapot")
        with pytest.raises(ValueError, match="kapot"):
            result()


def test_helper_that_has_gone_leaves_the_work_to_this_process():
    with processes.Helper() as helper:
        helper._process.kill()
        helper._process.join()
        assert helper.submit(_pid)() == os.getpid()
        assert helper.submit(_square, 5)() == 25


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # a zombie has ended; its new parent may never reap it


def test_helper_copies_take_the_calls_in_turn_and_end_with_it():
    with processes.Helper(copies=2) as helper:
        first, second, third = helper.submit(_pid), helper.submit(_pid), helper.submit(_square, 6)
        pids = {first(), second()}
        assert len(pids) == 2 and os.getpid() not in pids and third() == 36
    deadline = time.monotonic() + 10
    while not all(_ended(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_ended(pid) for pid in pids)


def test_without_forking_the_helper_runs_calls_here(monkeypatch):
    monkeypatch.setenv(processes.SWITCH_ENV, "0")
    with processes.Helper() as helper:
        assert helper.submit(_pid)() == os.getpid()


def test_worker_results_hold_pseudonyms_not_bsns(sample_dir):
    """What crosses from a worker to the main process: typed rows whose persoon column holds
    positions, and the keyed pseudonyms; no BSN of the export."""
    processes._share({"pseudonymiser": Pseudonymiser(b"k" * 32), "specs": {}, "today": date(2020, 6, 1)})
    try:
        frame, positions, pseudonyms, account, findings = loading._load_source("detenties", sample_dir / "detenties.xlsx")
    finally:
        processes.shared().clear()
    payload = pickle.dumps((frame, positions, pseudonyms, account, findings))
    raw = loading._read(sample_dir / "detenties.xlsx", loading.load_schema("detenties"), loading.SourceSpec())
    bsns = {b.strip() for b in raw.cells[0].dropna().tolist() if b.strip().isdigit()}
    assert bsns and not any(b.encode() in payload for b in bsns)
    assert frame["persoon"].dtype.kind == "i" and len(pseudonyms) == 32 * frame["persoon"].nunique()
    assert Path(account.bestand).name == "detenties.xlsx"


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


@pytest.fixture(scope="module")
def larger_sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("groter")
    invoke(["sample", "--out", folder, "--personen", "8000"])
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("signum", [9, 15])
def test_no_worker_outlives_a_killed_run(larger_sample, tmp_path, signum):
    """SIGKILL or SIGTERM of nazorg while its workers read the files: every process it forked
    ends with it (PR_SET_PDEATHSIG); a SIGTERM prints the "Afgebroken" sentence, exit 2."""
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "nazorg_cli", "evaluate", str(larger_sample), "--out", str(tmp_path / "uit")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen: set[int] = set()
    deadline = time.monotonic() + 30
    while process.poll() is None and len(seen) < 3 and time.monotonic() < deadline:
        seen |= _descendants(process.pid)  # the chart helper, its copy and the reading workers
        time.sleep(0.01)
    assert process.poll() is None and len(seen) >= 3, "the run ended before its workers could be seen"
    os.kill(process.pid, signum)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while not all(_ended(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_ended(pid) for pid in seen), [pid for pid in seen if not _ended(pid)]
    if signum == signal.SIGTERM:
        assert process.returncode == 2 and b"Afgebroken" in process.stderr.read()
    else:
        assert process.returncode == -signal.SIGKILL
    assert not (tmp_path / "uit" / "indicatoren.json").exists()


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def test_helper_copies_run_at_the_lowest_priority():
    """The helper prepares (imports the chart library) while the files are read: at nice 19 it
    takes only a core that the readers leave free."""
    with processes.Helper(copies=2) as helper:
        assert [helper.submit(_priority)(), helper.submit(_priority)()] == [19, 19]
    assert _priority() < 19


def test_arrow_allocates_through_the_c_library():
    """After quiet_threads (what main() calls first), pyarrow's default pool is the system
    allocator, not its bundled jemalloc (0.3 s of system time on 200,000 persons)."""
    import subprocess
    import sys

    code = (
        "import os; os.environ.pop('ARROW_DEFAULT_MEMORY_POOL', None)\n"
        "from nazorg_cli.processes import quiet_threads; quiet_threads()\n"
        "import pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "system"


def test_the_chart_helper_starts_before_the_data_libraries():
    """nazorg evaluate forks the chart helper first: making it loads no data library, so the
    helper imports the chart library on the other core while this process loads pandas."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from nazorg_cli.report.charts import chart_helper\n"
        "with chart_helper() as helper:\n"
        "    print(sorted(m for m in ('pandas', 'pyarrow', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
