"""Load the exports of an input folder into validated, pseudonymised frames plus a quality report.

For every source: find its file, match headers to canonical fields, drop exact duplicates,
parse every field, apply the row rules, reject rows with errors, pseudonymise the BSN.
Every row read is accounted for: read = accepted + rejected + duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import BrokenExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from nazorg_cli.errors import ConfigError, InputError, NazorgError
from nazorg_cli.privacy.pseudonym import Pseudonymiser, mask
from nazorg_cli.processes import pool, shared
from nazorg_cli.sources.findings import CODES, FOUT, INFO, WAARSCHUWING, Finding, QualityReport, SourceAccount
from nazorg_cli.sources.parsing import Column, parse_column
from nazorg_cli.sources.readers import SUPPORTED_SUFFIXES, RawTable, read_table
from nazorg_cli.sources.schema import Schema, all_schemas, load_schema, normalise_header

ROW = "_rij"


@dataclass
class SourceSpec:
    """Per-source settings from nazorg.toml: a file name, a sheet, header overrides."""

    bestand: str | None = None
    blad: str | None = None
    kolommen: dict[str, str] = field(default_factory=dict)  # export header -> canonical field


@dataclass
class LoadedData:
    frames: dict[str, pd.DataFrame]
    report: QualityReport
    files: dict[str, Path]

    def latest_date(self) -> date | None:
        """The latest valid date in any date field of any source (the default peildatum)."""
        latest = None
        for name, frame in self.frames.items():
            for col in load_schema(name).date_fields:
                if col in frame and frame[col].notna().any():
                    value = frame[col].max().date()
                    latest = value if latest is None or value > latest else latest
        return latest


def check_input_dir(input_dir: Path) -> None:
    if not input_dir.is_dir():
        raise InputError(f"Invoermap {input_dir} bestaat niet of is geen map.", "invoer-ontbreekt")


def find_source_files(input_dir: Path, specs: dict[str, SourceSpec] | None = None) -> dict[str, Path]:
    """Map each source to its file, by configuration or by the file name's stem."""
    specs = specs or {}
    check_input_dir(input_dir)
    candidates = sorted(
        p
        for p in input_dir.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(("~$", "."))
    )
    found: dict[str, Path] = {}
    for schema in all_schemas():
        spec = specs.get(schema.name)
        if spec and spec.bestand:
            # A file name or a pattern such as "export_dji_*.xlsx".
            matches = sorted(p for p in input_dir.glob(spec.bestand) if p.is_file() and p.parent == input_dir)
            if not matches:
                raise ConfigError(f"nazorg.toml: geen bestand '{spec.bestand}' voor bron {schema.name} in {input_dir.name}.")
        else:
            # The source's name, or a name that starts with it (detenties_2019.xlsx).
            stems = {normalise_header(s) for s in schema.files}
            matches = [
                p
                for p in candidates
                if any(normalise_header(p.stem) == s or normalise_header(p.stem).startswith(s) for s in stems)
            ]
        if len(matches) > 1:
            names = ", ".join(p.name for p in matches)
            raise ConfigError(f"Meerdere bestanden claimen bron {schema.name}: {names}. Kies er één in nazorg.toml.")
        if matches:
            found[schema.name] = matches[0]
    return found


def load_sources(
    input_dir: Path,
    pseudonymiser: Pseudonymiser,
    specs: dict[str, SourceSpec] | None = None,
    today: date | None = None,
    while_reading: Callable[[], None] | None = None,
) -> LoadedData:
    """Read, validate and pseudonymise every source found in ``input_dir``.

    Each source is read and validated on one of two worker processes (see nazorg_cli.processes)
    and comes back as typed rows with pseudonyms instead of BSNs. ``while_reading`` runs here
    meanwhile (the caller's chance to import what it needs later).
    """
    today = today or date.today()
    specs = specs or {}
    files = find_source_files(input_dir, specs)
    report = QualityReport()
    frames: dict[str, pd.DataFrame] = {}
    loaded: dict[str, tuple] = {}
    refused: dict[str, NazorgError] = {}
    with pool(2, {"pseudonymiser": pseudonymiser, "specs": specs, "today": today}) as workers:
        jobs = {workers.submit(_load_source, name, path): name for name, path in files.items()}
        try:
            if while_reading is not None:
                while_reading()
            for future in as_completed(jobs):
                name = jobs[future]
                try:
                    frame, positions, pseudonyms, account, findings = future.result()
                    # Codes in order of arrival: nothing computed depends on their values.
                    frame["persoon"] = pseudonymiser.codes(positions, pseudonyms)
                    loaded[name] = frame, account, findings
                except NazorgError as exc:
                    refused[name] = exc
                except BrokenExecutor:
                    refused[name] = InputError(
                        f"{files[name].name}: het lezen stopte onverwacht (het bestand is "
                        f"mogelijk beschadigd of te groot voor het geheugen).",
                        "beschadigd",
                    )
        finally:
            for future in jobs:
                future.cancel()
    if refused:
        # The same refusal every run: the first failing source in the schema's order.
        raise next(refused[s.name] for s in all_schemas() if s.name in refused)
    for schema in all_schemas():
        if schema.name not in files:
            report.bronnen.append(SourceAccount(bron=schema.name))
            report.bevindingen.append(
                Finding(
                    "bron-ontbreekt",
                    WAARSCHUWING,
                    schema.name,
                    None,
                    None,
                    None,
                    None,
                    f"Geen bestand gevonden voor bron {schema.name}; indicatoren die deze bron nodig hebben "
                    f"krijgen status geen_gegevens.",
                )
            )
            continue
        frame, account, findings = loaded[schema.name]
        frames[schema.name] = frame
        report.bronnen.append(account)
        report.bevindingen.extend(findings)
    report.bevindingen.extend(_absent_person_findings(frames, {b.bron: b for b in report.bronnen}))
    return LoadedData(frames, report, files)


def _load_source(name: str, path: Path):
    """Read and validate one source (in a worker): typed rows without BSNs, the rows' positions
    in the list of distinct pseudonyms, the account and the findings."""
    context = shared()
    schema, spec = load_schema(name), context["specs"].get(name, SourceSpec())
    frame, account, findings = _load_one(_read(path, schema, spec), schema, spec, context["today"])
    positions, pseudonyms = context["pseudonymiser"].digest(frame["persoon"])
    frame["persoon"] = positions
    if name == "detenties":
        findings.extend(_overlap_findings(frame, account))
    return frame, positions, pseudonyms, account, findings


def _read(path: Path, schema: Schema, spec: SourceSpec) -> RawTable:
    known = set().union(*(f.header_keys() for f in schema.fields)) | {normalise_header(k) for k in spec.kolommen}
    return read_table(path, known, spec.blad)


def _match_headers(table: RawTable, schema: Schema, spec: SourceSpec) -> tuple[dict[str, int], list[str], list[str]]:
    """Canonical field -> column position, the unknown headers, and headers naming a field twice."""
    overrides = {normalise_header(k): v for k, v in spec.kolommen.items()}
    by_key = {}
    for fld in schema.fields:
        for key in fld.header_keys():
            by_key[key] = fld.name
    matched: dict[str, int] = {}
    unknown: list[str] = []
    doubles: list[str] = []
    for pos, header in enumerate(table.headers):
        key = normalise_header(header)
        name = overrides.get(key) or by_key.get(key)
        if name and name not in matched:
            matched[name] = pos
        elif name:
            doubles.append(header)
        elif header:
            unknown.append(header)
    return matched, unknown, doubles


def _load_one(table: RawTable, schema: Schema, spec: SourceSpec, today: date):
    where = f"{table.bestand}" + (f", blad '{table.blad}'" if table.blad else "")
    matched, unknown, doubles = _match_headers(table, schema, spec)
    missing = [f.name for f in schema.fields if f.required and f.name not in matched]
    if missing:
        raise InputError(f"{where}: verplichte kolom ontbreekt voor bron {schema.name}: {', '.join(missing)}.", "kolom-ontbreekt")

    findings: list[Finding] = []

    def finding(code, ernst, rij, kolom, melding):
        findings.append(Finding(code, ernst, schema.name, table.bestand, table.blad, rij, kolom, melding))

    for header in unknown:
        finding("kolom-onbekend", INFO, None, header, f"Kolom '{header}' wordt niet gebruikt en is genegeerd.")
    for header in doubles:
        finding(
            "kolom-dubbel",
            WAARSCHUWING,
            None,
            header,
            f"Kolom '{header}' noemt een veld dat al in een eerdere kolom staat; de eerste kolom telt.",
        )

    # Each raw column factorised once: blank rows, duplicates and parsing work on its codes.
    columns = [Column.of(table.cells[c]) for c in table.cells.columns]
    blank = np.ones(len(table.cells), dtype=bool)
    for column in columns:
        blank &= column.blank()
    columns = [column.take(~blank) for column in columns]
    rows = table.rows[~blank]
    account = SourceAccount(schema.name, table.bestand, table.blad, rijen_gelezen=len(rows), onbekende_kolommen=unknown)

    duplicate = _duplicates(columns, len(rows))
    for rij in rows[duplicate]:
        finding("duplicaat", WAARSCHUWING, int(rij), None, "Exacte kopie van een eerdere rij; één keer geteld.")
    rows = rows[~duplicate]
    account.duplicaten = int(duplicate.sum())

    typed = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    rejected = np.zeros(len(rows), dtype=bool)
    for fld in schema.fields:
        if fld.name not in matched:
            typed[fld.name] = parse_column(pd.Series([None] * len(rows), dtype="str"), fld, today)[0]
            continue
        header = table.headers[matched[fld.name]]
        raw = columns[matched[fld.name]].take(~duplicate)
        values, errors = parse_column(raw, fld, today)
        typed[fld.name] = values
        bad = errors != ""
        if fld.required:
            empty = values.isna().to_numpy() & ~bad
            for i in np.flatnonzero(empty):
                finding("verplicht-leeg", FOUT, int(rows[i]), header, f"Verplicht veld {fld.name} is leeg.")
            rejected |= empty
        for i in np.flatnonzero(bad):
            finding(errors[i], FOUT, int(rows[i]), header, _message(errors[i], fld, raw.value(int(i))))
        rejected |= bad

    for order in schema.orders:
        if order.start not in matched or order.end not in matched:
            continue
        wrong = (typed[order.end] < typed[order.start]).fillna(False).to_numpy()
        header = table.headers[matched[order.end]]
        for i in np.flatnonzero(wrong):
            finding("datum-volgorde", FOUT, int(rows[i]), header, f"{order.end} ligt vóór {order.start}.")
        rejected |= wrong

    accepted = typed.loc[~rejected].copy()
    accepted.insert(0, ROW, rows[~rejected])
    account.rijen_afgekeurd = int(rejected.sum())
    account.rijen_geaccepteerd = len(accepted)
    return accepted.reset_index(drop=True), account, findings


def _duplicates(columns: list[Column], length: int) -> np.ndarray:
    """Rows that repeat an earlier row cell for cell. The columns' codes are combined into one
    integer per row, renumbered before the product could overflow."""
    key, span = np.zeros(length, dtype=np.int64), 1
    for column in columns:
        width = len(column.uniques) + 1  # code -1 (empty) becomes 0
        if span * width >= 1 << 62:
            key, distinct = pd.factorize(key)
            span = len(distinct)
        key = key * width + (column.codes + 1)
        span *= width
    return pd.Series(key).duplicated(keep="first").to_numpy()


def _message(code: str, fld, raw_value) -> str:
    """One sentence without the cell's value, except a masked identifier."""
    if code == "bsn-elfproef":
        return f"{fld.name} {mask(raw_value)} is geen geldig BSN (9 cijfers, 11-proef)."
    if code == "waarde-onbekend":
        return f"Waarde in {fld.name} staat niet in de lijst: {', '.join(fld.values)}."
    if code == "datum-te-vroeg":
        return f"Datum in {fld.name} ligt vóór {fld.min_date.strftime('%d-%m-%Y')}."
    return f"{CODES[code][0].upper()}{CODES[code][1:]} ({fld.name})."


def _overlap_findings(det: pd.DataFrame, account: SourceAccount) -> list[Finding]:
    """Detention episodes that overlap an earlier episode of the same person."""
    ordered = det.sort_values(["persoon", "datum_insluiting", ROW])
    open_end = ordered["datum_ontslag"].fillna(pd.Timestamp.max.floor("D"))
    previous_end = open_end.groupby(ordered["persoon"]).cummax().groupby(ordered["persoon"]).shift()
    overlap = ordered["datum_insluiting"] < previous_end
    return [
        Finding(
            "episodes-overlappen",
            WAARSCHUWING,
            "detenties",
            account.bestand,
            account.blad,
            int(rij),
            None,
            "Deze detentie-episode overlapt met een eerdere episode van dezelfde persoon.",
        )
        for rij in ordered.loc[overlap.fillna(False), ROW]
    ]


def _absent_person_findings(frames: dict[str, pd.DataFrame], accounts: dict[str, SourceAccount]) -> list[Finding]:
    """Rows of other sources whose person does not occur in detenties (the rows stay)."""
    findings: list[Finding] = []
    det = frames.get("detenties")
    if det is None:
        return findings
    known = det["persoon"].unique()
    for source, frame in frames.items():
        if source == "detenties" or frame.empty:
            continue
        absent = ~frame["persoon"].isin(known)
        for rij in frame.loc[absent, ROW]:
            account = accounts[source]
            findings.append(
                Finding(
                    "persoon-niet-in-detenties",
                    WAARSCHUWING,
                    source,
                    account.bestand,
                    account.blad,
                    int(rij),
                    None,
                    "Deze persoon komt niet voor in detenties; de rij blijft behouden.",
                )
            )
    return findings
