"""A history of published figures in an embedded SQLite database (DOMAIN §9).

Raw criminal-justice data may not be kept long; published aggregates may. Every openbaar run
stores its published records, keyed by run and period; a later note shows the trend over
earlier periods from here when the raw data no longer reaches back. Only protected (openbaar)
figures are ever stored. A run of a period that is already stored replaces that period's
records.

The history is not an output of a run: it lives where :func:`location` says, never in the
output folder, so that yearly runs into /data/nazorg/2019, /data/nazorg/2020, ... share it.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from nazorg_cli.codes import refusal
from nazorg_cli.indicators.gemeenten import folder_name
from nazorg_cli.indicators.period import is_pooled

HISTORY_NAME = "history.sqlite"
HISTORY_ENV = "NAZORG_HISTORIE"


def location(explicit: Path | None, configured: Path | None, gemeente: str | None, synthetic: bool = False) -> Path:
    """Where the history lives: ``--history``, else ``historie`` in nazorg.toml, else
    ``$NAZORG_HISTORIE``, else history.sqlite in the user's data folder for nazorg, one folder
    per gemeente (platformdirs). Synthetic data (`nazorg sample`) keeps a history of its own
    beside it (history-synthetisch.sqlite), unless --history names one: trying the sample never
    puts made-up figures in front of a real run."""
    import os

    if explicit is not None:
        return explicit
    if configured is not None:
        found = configured
    elif os.environ.get(HISTORY_ENV):
        found = Path(os.environ[HISTORY_ENV]).expanduser()
    else:
        from platformdirs import user_data_path

        found = user_data_path("nazorg", appauthor=False) / folder_name(gemeente) / HISTORY_NAME
    return found.with_name(f"{found.stem}-synthetisch{found.suffix}") if synthetic else found


SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY AUTOINCREMENT,
    gestart TEXT NOT NULL,
    gemeente TEXT,
    van TEXT NOT NULL,
    tot_en_met TEXT NOT NULL,
    peildatum TEXT NOT NULL,
    versie TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cijfers (
    run INTEGER NOT NULL REFERENCES runs(run),
    id TEXT NOT NULL,
    periode TEXT NOT NULL,
    uitsplitsing TEXT,
    categorie TEXT,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cijfers_periode ON cijfers (periode, id);
"""


def _connect(path: Path) -> sqlite3.Connection:
    if path.is_dir():
        raise refusal("configuratie", "historie-map", pad=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30)
        connection.executescript(SCHEMA)
        return connection
    except sqlite3.DatabaseError:
        raise refusal("configuratie", "historie-ongeldig", pad=path) from None
    except OSError:
        raise refusal("configuratie", "historie-onbereikbaar", pad=path) from None


def store(path: Path, document: dict, started: str, versie: str) -> int:
    """Store a published (openbaar) document; returns the run number. Earlier runs of the same
    gemeente and period are replaced, so a rerun leaves one copy."""
    if document["publicatie"] != "openbaar":
        raise ValueError("only openbaar figures are stored in the history")
    try:
        return _store(path, document, started, versie)
    except sqlite3.Error:  # read-only, immutable, locked for too long, disk full
        raise refusal("configuratie", "historie-onbereikbaar", pad=path) from None


def _store(path: Path, document: dict, started: str, versie: str) -> int:
    with closing(_connect(path)) as db, db:
        same = [
            run
            for (run,) in db.execute(
                "SELECT run FROM runs WHERE gemeente IS ? AND van = ? AND tot_en_met = ?",
                (whose(document), document["periode"]["van"], document["periode"]["tot_en_met"]),
            )
        ]
        db.executemany("DELETE FROM cijfers WHERE run = ?", [(run,) for run in same])
        db.executemany("DELETE FROM runs WHERE run = ?", [(run,) for run in same])
        cursor = db.execute(
            "INSERT INTO runs (gestart, gemeente, van, tot_en_met, peildatum, versie) VALUES (?, ?, ?, ?, ?, ?)",
            (
                started,
                whose(document),
                document["periode"]["van"],
                document["periode"]["tot_en_met"],
                document["peildatum"],
                versie,
            ),
        )
        run = int(cursor.lastrowid or 0)
        db.executemany(
            "INSERT INTO cijfers (run, id, periode, uitsplitsing, categorie, record) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (run, r["id"], r["periode"], r["uitsplitsing"], r["categorie"], json.dumps(r, ensure_ascii=False))
                for r in document["indicatoren"]
                # A pooled figure (P with the period before it) is not a period of its own.
                if not is_pooled(r["periode"], f"{document['periode']['van']}/{document['periode']['tot_en_met']}")
            ],
        )
        return run


def whose(document: dict) -> str | None:
    """Whose figures a document holds: its gemeente, or for a region's document "regio <naam>"."""
    if document.get("gemeente") is None and document.get("regio"):
        return f"regio {document['regio']['naam']}"
    return document.get("gemeente")


def earlier(path: Path, document: dict) -> list[dict]:
    """Published records of periods before those in ``document``, each from the latest run that
    published that period, for the same gemeente. Empty without a history file."""
    if not path.is_file():
        return []
    present = {r["periode"] for r in document["indicatoren"]}
    start = min(p.split("/")[0] for p in present) if present else document["periode"]["van"]
    with closing(_connect(path)) as db:
        rows = db.execute(
            """SELECT c.record FROM cijfers c JOIN runs r ON r.run = c.run
               WHERE r.gemeente IS ? AND substr(c.periode, 12) < ?
                 AND c.run = (SELECT max(c2.run) FROM cijfers c2 JOIN runs r2 ON r2.run = c2.run
                              WHERE c2.periode = c.periode AND r2.gemeente IS ?)
               ORDER BY c.periode, c.rowid""",
            (whose(document), start, whose(document)),
        ).fetchall()
    return [_current(json.loads(record)) for (record,) in rows if json.loads(record)["periode"] not in present]


def _current(record: dict) -> dict:
    """A record of an earlier version read as this version writes it: v1's onvolledig is v2's
    voorlopig (its open cases were not counted then: unknown), and it has no reden or
    vergelijking."""
    if record.get("status") == "onvolledig":
        record["status"] = "voorlopig"
    record.setdefault("open", None)
    record.setdefault("reden", None)
    record.setdefault("vergelijking", None)
    return record


def runs(path: Path) -> list[dict]:
    """The stored runs, oldest period first: run number, gemeente, period, peildatum, when it ran,
    the nazorg version, and how many records it holds."""
    if not path.is_file():
        return []
    with closing(_connect(path)) as db:
        rows = db.execute(
            """SELECT r.run, r.gemeente, r.van, r.tot_en_met, r.peildatum, r.gestart, r.versie, count(c.run)
               FROM runs r LEFT JOIN cijfers c ON c.run = r.run GROUP BY r.run ORDER BY r.van, r.run"""
        ).fetchall()
    keys = ("run", "gemeente", "van", "tot_en_met", "peildatum", "gestart", "versie", "records")
    return [dict(zip(keys, row)) for row in rows]


def remove(path: Path, run: int) -> bool:
    """Remove one stored run and its records; False when there is no such run."""
    if not path.is_file():
        return False
    try:
        with closing(_connect(path)) as db, db:
            db.execute("DELETE FROM cijfers WHERE run = ?", (run,))
            return db.execute("DELETE FROM runs WHERE run = ?", (run,)).rowcount > 0
    except sqlite3.Error:
        raise refusal("configuratie", "historie-onbereikbaar", pad=path) from None
