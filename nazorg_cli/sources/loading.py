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

from nazorg_cli.codes import refusal
from nazorg_cli.errors import NazorgError
from nazorg_cli.privacy.pseudonym import Pseudonymiser, mask
from nazorg_cli.processes import pool, shared
from nazorg_cli.sources.findings import Finding, QualityReport, SourceAccount
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
    ontbreekt: tuple[str, ...] = ()  # fields the user states this export does not have


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
        raise refusal("invoer-ontbreekt", map=input_dir)


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
    claims = _claims(candidates, [s for s in all_schemas() if not (specs.get(s.name) and specs[s.name].bestand)])
    for schema in all_schemas():
        spec = specs.get(schema.name)
        if spec and spec.bestand:
            if Path(spec.bestand).is_absolute() or ".." in Path(spec.bestand).parts:
                raise refusal("configuratie", "bestand-buiten-invoer", patroon=spec.bestand, bron=schema.name)
            # A file name or a pattern such as "export_dji_*.xlsx".
            matches = sorted(p for p in input_dir.glob(spec.bestand) if p.is_file() and p.parent == input_dir)
            if not matches:
                raise refusal("configuratie", "bestand-niet-gevonden", patroon=spec.bestand, bron=schema.name, map=input_dir.name)
        else:
            matches = [p for p, source in claims.items() if source == schema.name]
        if len(matches) > 1:
            names = ", ".join(p.name for p in matches)
            raise refusal("configuratie", "bron-dubbel", bron=schema.name, bestanden=names)
        if matches:
            found[schema.name] = matches[0]
    return found


def _claims(candidates: list[Path], schemas: list) -> dict[Path, str]:
    """Which source each file is, by its name: the source's name as the whole name, at its start
    (detenties_2019.xlsx) or anywhere in it (export_dji_detenties_2019.xlsx), the closest kind of
    match winning. A name that fits two sources equally well is refused: nazorg.toml must say."""
    claims: dict[Path, str] = {}
    for path in candidates:
        stem = normalise_header(path.stem)
        levels: dict[str, int] = {}
        for schema in schemas:
            for name in (normalise_header(s) for s in schema.files):
                level = 0 if stem == name else 1 if stem.startswith(name) else 2 if name in stem else None
                if level is not None:
                    levels[schema.name] = min(level, levels.get(schema.name, 3))
        if not levels:
            continue
        best = min(levels.values())
        sources = sorted(s for s, level in levels.items() if level == best)
        if len(sources) > 1:
            raise refusal("configuratie", "bestand-twee-bronnen", bestand=path.name, bronnen=" en ".join(sources))
        claims[path] = sources[0]
    return claims


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
                    refused[name] = refusal("beschadigd", "gestopt", bestand=files[name].name)
        finally:
            for future in jobs:
                future.cancel()
    if refused:
        # The same refusal every run: the first failing source in the schema's order.
        raise next(refused[s.name] for s in all_schemas() if s.name in refused)
    for schema in all_schemas():
        if schema.name not in files:
            report.bronnen.append(SourceAccount(bron=schema.name))
            if schema.name == "detenties":  # nothing can be computed: an error, not a warning
                report.bevindingen.append(Finding.of("geen-detenties", schema.name, None, None, None, None))
            else:
                report.bevindingen.append(Finding.of("bron-ontbreekt", schema.name, None, None, None, None))
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


def _match_headers(table: RawTable, schema: Schema, spec: SourceSpec) -> tuple[dict[str, int], list[str], list[tuple[str, str]]]:
    """Canonical field -> column position, the unknown headers, and (header, first header) for
    headers naming a field that an earlier column already names."""
    overrides = {normalise_header(k): v for k, v in spec.kolommen.items()}
    by_key = {}
    for fld in schema.fields:
        for key in fld.header_keys():
            by_key[key] = fld.name
    matched: dict[str, int] = {}
    unknown: list[str] = []
    doubles: list[tuple[str, str]] = []
    for pos, header in enumerate(table.headers):
        key = normalise_header(header)
        name = overrides.get(key) or by_key.get(key)
        if name and name not in matched:
            matched[name] = pos
        elif name:
            doubles.append((header, table.headers[matched[name]]))
        elif header:
            unknown.append(header)
    return matched, unknown, doubles


def _load_one(table: RawTable, schema: Schema, spec: SourceSpec, today: date):
    where = f"{table.bestand}" + (f", blad '{table.blad}'" if table.blad else "")
    matched, unknown, doubles = _match_headers(table, schema, spec)
    missing = [f.name for f in schema.fields if f.required and f.name not in matched]
    if missing:
        if table.other_sheets:
            raise refusal(
                "kolom-ontbreekt",
                "bladen",
                waar=where,
                bron=schema.name,
                velden=", ".join(missing),
                bladen=", ".join(f"'{s}'" for s in table.other_sheets),
            )
        raise refusal("kolom-ontbreekt", waar=where, bron=schema.name, velden=", ".join(missing))

    findings: list[Finding] = []

    def finding(code: str, rij: int | None, kolom: str | None, emptied: bool = False, **fields: object) -> None:
        findings.append(Finding.of(code, schema.name, table.bestand, table.blad, rij, kolom, emptied, **fields))

    for header in unknown:
        finding("kolom-onbekend", None, header)
    for header, first in doubles:
        finding("kolom-dubbel", None, header, eerste=first)

    # Each raw column factorised once: blank rows, duplicates and parsing work on its codes.
    columns = [Column.of(table.cells[c]) for c in table.cells.columns]
    blank = np.ones(len(table.cells), dtype=bool)
    for column in columns:
        blank &= column.blank()
    columns = [column.take(~blank) for column in columns]
    rows = table.rows[~blank]
    footer = _footer_rows(columns)
    if footer:
        # "Totaal aantal regels: 1066", "Bron: DJI": no data rows, so not read as such.
        for rij in rows[len(rows) - footer :]:
            finding("voetregel", int(rij), None)
        keep = np.arange(len(rows)) < len(rows) - footer
        columns = [column.take(keep) for column in columns]
        rows = rows[keep]
    account = SourceAccount(
        schema.name,
        table.bestand,
        table.blad,
        rijen_gelezen=len(rows),
        onbekende_kolommen=unknown,
        kolommen={name: table.headers[pos] for name, pos in matched.items()},
    )

    duplicate = _duplicates(columns, len(rows))
    for rij in rows[duplicate]:
        finding("duplicaat", int(rij), None)
    rows = rows[~duplicate]
    account.duplicaten = int(duplicate.sum())

    typed = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    rejected = np.zeros(len(rows), dtype=bool)
    for fld in schema.fields:
        if fld.name not in matched:
            # An empty column of the field's type (every cell empty: codes -1, no values).
            empty = Column(np.full(len(rows), -1, dtype=np.int64), pd.Index([], dtype="str"))
            typed[fld.name] = parse_column(empty, fld, today)[0]
            continue
        header = table.headers[matched[fld.name]]
        raw = columns[matched[fld.name]].take(~duplicate)
        values, errors = parse_column(raw, fld, today)
        typed[fld.name] = values
        bad = errors != ""
        if fld.required:
            empty = values.isna().to_numpy() & ~bad
            for i in np.flatnonzero(empty):
                finding("verplicht-leeg", int(rows[i]), header)
            rejected |= empty
        if fld.required:
            for i in np.flatnonzero(bad):
                finding(errors[i], int(rows[i]), header, False, **_fields(errors[i], fld, raw.value(int(i))))
            rejected |= bad
        elif bad.any():
            # Not required: the value is left out (the field empty) and the row counts (DOMAIN §3 v2).
            typed[fld.name] = values.mask(pd.Series(bad, index=values.index))
            for i in np.flatnonzero(bad):
                finding(errors[i], int(rows[i]), header, emptied=True, **_fields(errors[i], fld, raw.value(int(i))))

    for order in schema.orders:
        if order.start not in matched or order.end not in matched:
            continue
        wrong = (typed[order.end] < typed[order.start]).fillna(False).to_numpy()
        header, begin = table.headers[matched[order.end]], table.headers[matched[order.start]]
        for i in np.flatnonzero(wrong):
            finding("datum-volgorde", int(rows[i]), header, begin=begin)
        rejected |= wrong

    accepted = typed.loc[~rejected].copy()
    accepted.insert(0, ROW, rows[~rejected])
    account.rijen_afgekeurd = int(rejected.sum())
    account.rijen_geaccepteerd = len(accepted)
    return accepted.reset_index(drop=True), account, findings


MAX_FOOTER_ROWS = 10


def _footer_rows(columns: list[Column]) -> int:
    """How many of the last rows are a footer, below the data: a phrase (letters and a space) in
    the first filled cell and nothing else but perhaps a plain number ("Totaal aantal regels:
    1066", "Bron: DJI, export 3-1-2019"). Only the last few rows are looked at; a row with a
    date or an identifier in a second cell is data."""
    if not columns:
        return 0
    blanks = [column.blank() for column in columns]
    total = len(blanks[0])
    footer = 0
    while footer < min(total - 1, MAX_FOOTER_ROWS):
        i = total - 1 - footer
        filled = [str(column.value(i)).strip() for column, blank in zip(columns, blanks) if not blank[i]]
        phrase = bool(filled) and any(ch.isalpha() for ch in filled[0]) and " " in filled[0]
        number = len(filled) == 2 and filled[1].replace(".", "").isdigit() and len(filled[1]) < 8
        if not phrase or not (len(filled) == 1 or number):
            break
        footer += 1
    return footer


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


def _fields(code: str, fld, raw_value) -> dict[str, object]:
    """What a finding's message says beyond the column: never the cell's value, except a masked
    identifier."""
    if code == "bsn-elfproef":
        return {"bsn": mask(raw_value)}
    if code == "waarde-onbekend":
        return {"toegestaan": ", ".join(v.replace("_", " ") for v in fld.values)}
    if code == "datum-te-vroeg":
        return {"grens": fld.min_date.strftime("%d-%m-%Y")}
    return {}


def _overlap_findings(det: pd.DataFrame, account: SourceAccount) -> list[Finding]:
    """Detention episodes that overlap an earlier episode of the same person."""
    ordered = det.sort_values(["persoon", "datum_insluiting", ROW])
    open_end = ordered["datum_ontslag"].fillna(pd.Timestamp.max.floor("D"))
    previous_end = open_end.groupby(ordered["persoon"]).cummax().groupby(ordered["persoon"]).shift()
    overlap = ordered["datum_insluiting"] < previous_end
    return [
        Finding.of("episodes-overlappen", "detenties", account.bestand, account.blad, int(rij), None)
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
            findings.append(Finding.of("persoon-niet-in-detenties", source, account.bestand, account.blad, int(rij), None))
    return findings
