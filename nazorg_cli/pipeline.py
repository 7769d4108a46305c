"""The jobs, free of any CLI: each takes a small options object and returns plain results.

- :func:`validate`: read and check the exports (findings and row accounting);
- :func:`indicators`: the protected (or intern) tables, stored in the history when openbaar;
- :func:`evaluate`: the yearly job: tables, note, data quality and manifest, written as one set;
- :func:`render`: the note again from a computed indicatoren.json.

A command maps its options in and the result out; printing and exit codes are the CLI's
business. ``progress`` is a function that takes a step's Dutch label and returns a context
manager (the CLI's spinner); by default the steps pass silently.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from nazorg_cli import __version__
from nazorg_cli.codes import message, refusal
from nazorg_cli.config import Config, load_config
from nazorg_cli.indicators.period import Period, is_pooled
from nazorg_cli.report import FORMATS
from nazorg_cli.sources.findings import Finding, QualityReport
from nazorg_cli.sources.loading import LoadedData, check_input_dir

if TYPE_CHECKING:
    from nazorg_cli.processes import Helper

VERSIE = 2
DEFAULT_OUT = Path("uitvoer")

Progress = Callable[[str], AbstractContextManager]


def _silent(label: str) -> AbstractContextManager:
    return contextlib.nullcontext()


@dataclass(frozen=True)
class RunOptions:
    """What every job that reads the exports needs."""

    input_dir: Path
    config_path: Path | None = None
    period: Period | None = None
    peildatum: date | None = None
    intern: bool = False
    history_path: Path | None = None  # --history; else nazorg.toml, $NAZORG_HISTORIE, the user's data folder
    command: tuple[str, ...] = ()  # the command line as it ran, for the manifest
    gemeente: str | None = None  # --gemeente: one gemeente of the region, as if nazorg.toml named only it


@dataclass(frozen=True)
class EvaluateOptions(RunOptions):
    out_dir: Path | None = None  # else `uitvoer` in nazorg.toml, else ./uitvoer
    nota_path: Path | None = None  # else `nota` in nazorg.toml, else nota.toml in the input folder
    formats: tuple[str, ...] = FORMATS  # the documents' formats (--formaat)
    sjabloon: Path | None = None  # the Word house template (--sjabloon), else `sjabloon` in the note file


@dataclass(frozen=True)
class IndicatorsOptions(RunOptions):
    format: str = "json"  # json, csv or xlsx
    out_file: Path | None = None  # None: the caller writes ``content`` (stdout)


@dataclass
class Outcome:
    """What a job did: the documents it made, the files it wrote, the data-quality report."""

    document: dict
    report: QualityReport
    written: list[Path] = field(default_factory=list)
    out_dir: Path | None = None
    history: Path | None = None
    content: bytes | None = None
    nota: Path | None = None  # the note file the texts came from (None: the draft shows markers)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, Dutch sentence) for people


@dataclass
class Prepared:
    config: Config
    data: LoadedData
    # The data as known on a peildatum, attributed to the gemeente: computed once per peildatum
    # for the tables and the data-quality accounting alike.
    known: dict = field(default_factory=dict, repr=False, compare=False)
    # Periods whose optimal secondary suppression reached its time limit, and pooled periods
    # whose candidates were not all audited within theirs (two findings).
    limited: list[str] = field(default_factory=list, repr=False, compare=False)
    pooling_limited: list[str] = field(default_factory=list, repr=False, compare=False)

    def as_known(self, peildatum: date):
        from nazorg_cli.indicators.compute import prepare

        if peildatum not in self.known:
            regio = self.config.regio.gemeenten if self.config.regio else ()
            self.known[peildatum] = prepare(self.data.frames, peildatum, self.config.gemeente, regio)
        return self.known[peildatum]


def configured(options: RunOptions) -> Config:
    """nazorg.toml, with ``--gemeente G`` as if it named only G (one gemeente of its region)."""
    config = load_config(options.input_dir, options.config_path)
    if options.gemeente is None:
        return config
    from nazorg_cli.indicators.gemeenten import normalise_gemeente

    if config.regio is not None:
        chosen = [g for g in config.regio.gemeenten if normalise_gemeente(g) == normalise_gemeente(options.gemeente)]
        if not chosen:
            raise refusal(
                "gebruik",
                "gemeente-buiten-regio",
                gemeente=options.gemeente,
                regio=config.regio.naam,
                gemeenten=", ".join(config.regio.gemeenten),
            )
        return config.alone(chosen[0])
    return config.alone(options.gemeente.strip())


def read_exports(
    input_dir: Path,
    config_path: Path | None = None,
    today: date | None = None,
    while_reading: Callable[[], None] | None = None,
    config: Config | None = None,
) -> Prepared:
    """Read the configuration and every source of ``input_dir`` (validated and pseudonymised);
    ``while_reading`` runs while the files are read (see load_sources)."""
    from nazorg_cli.privacy.pseudonym import Pseudonymiser
    from nazorg_cli.sources.loading import load_sources

    config = config or load_config(input_dir, config_path)
    pseudonymiser = Pseudonymiser.from_environment(config.sleutelbestand, data_dir=input_dir)
    data = load_sources(input_dir, pseudonymiser, config.bronnen, today=today, while_reading=while_reading)
    return Prepared(config, data)


# --- the jobs ---------------------------------------------------------------------------------


def validate(input_dir: Path, config_path: Path | None = None) -> Outcome:
    """Findings and row accounting only (the content of datakwaliteit.json)."""
    prepared = read_exports(input_dir, config_path)
    return Outcome(quality_document(prepared), prepared.data.report)


def indicators(options: IndicatorsOptions, progress: Progress = _silent) -> Outcome:
    """The tables alone. With ``out_file`` they are written under the lock of its folder, held
    for the whole run; without, the bytes come back in ``content`` for the caller to print."""
    from nazorg_cli.outputs.folder import reserved

    check_input_dir(options.input_dir)
    config = configured(options)
    if options.out_file is None:
        outcome, store = _indicators(options, config, progress)
        store()
        return outcome
    from nazorg_cli.outputs.tables import is_intern_name, output_name

    name = options.out_file.name
    if options.intern and not is_intern_name(name):
        name = output_name(name, intern=True)  # tabel.csv -> tabel-VERTROUWELIJK.csv
    with reserved(options.out_file.parent) as folder:
        folder.refuse_mixing(options.intern)
        outcome, store = _indicators(options, config, progress)
        outcome.written = folder.write({name: outcome.content or b""}, before_commit=store)
        outcome.out_dir = options.out_file.parent
    return outcome


def _indicators(options: IndicatorsOptions, config: Config, progress: Progress) -> tuple[Outcome, Callable[[], None]]:
    started = _now()
    with progress("Bronnen lezen en controleren"):
        prepared = read_exports(options.input_dir, config=config)
    history_path = _history_path(options, config)
    with progress("Indicatoren berekenen en beveiligen"):
        document = _tables(prepared, options, history_path)
    outcome = Outcome(document, prepared.data.report, history=history_path, content=_table_bytes(document, options.format))
    return outcome, _storing(document, history_path, started)


def evaluate(options: EvaluateOptions, progress: Progress = _silent, charts: Helper | None = None) -> Outcome:
    """The yearly job; see the module docstring. The output folder is locked from the start, the
    files are staged and move into place together, after the history has taken the figures.

    ``charts``: the helper that draws the charts (report.charts.chart_helper); the command line
    starts it before this module (and the data libraries) load, so that the chart library is
    imported on the other core while this process starts. Made here when not given."""
    from nazorg_cli.outputs.folder import reserved
    from nazorg_cli.outputs.tables import csv_text, json_text, output_name, xlsx_bytes
    from nazorg_cli.report.charts import chart_helper

    check_input_dir(options.input_dir)
    config = configured(options)
    out_dir = options.out_dir or config.uitvoer or DEFAULT_OUT
    # The helper draws the charts (two copies, half each) while the note's text is rendered.
    with reserved(out_dir) as folder, contextlib.ExitStack() as stack:
        helper = charts or stack.enter_context(chart_helper(pdf="pdf" in options.formats))
        folder.refuse_mixing(options.intern)
        started = _now()
        with progress("Bronnen lezen en controleren"):
            prepared = read_exports(options.input_dir, config=config, while_reading=warm_up)
        history_path = _history_path(options, config)
        with progress("Indicatoren berekenen en beveiligen"):
            document = _tables(prepared, options, history_path)
            quality = quality_document(prepared, date.fromisoformat(document["peildatum"]))
            folders = _folders(prepared, options, document, quality, history_path)
        with progress("Informatienota en monitor maken"):
            from nazorg_cli.report.informatienota import render_documents
            from nazorg_cli.report.notabestand import load_nota

            beside = options.input_dir / "nota.toml"
            nota_path = options.nota_path or config.nota or (beside if beside.is_file() else None)
            nota = load_nota(nota_path)
            sjabloon = _template(options.sjabloon or nota.sjabloon, options.formats)
            files: dict[str, bytes] = {}
            missing: set[str] = set()
            for prefix, part, part_quality, _ in folders:
                documents = render_documents(
                    part,
                    nota,
                    part_quality,
                    draw=lambda specs: _draw_in_halves(helper, specs),
                    name=lambda name: output_name(name, options.intern),
                    formats=options.formats,
                    sjabloon=sjabloon,
                    convert=_pdf_in(helper),
                )
                missing |= set(documents.missing_styles)
                contents = {
                    "indicatoren.json": json_text(part).encode(),
                    "indicatoren.csv": csv_text(part).encode(),
                    "indicatoren.xlsx": xlsx_bytes(part),
                    "datakwaliteit.json": json_text(_marked(part_quality, options.intern)).encode(),
                }
                files.update({prefix + output_name(name, options.intern): content for name, content in contents.items()})
                files.update({prefix + name: content for name, content in documents.files.items()})
        manifest = output_name("manifest.json", options.intern)
        stored = None if options.intern else history_path
        files[manifest] = json_text(
            _marked(manifest_document(prepared, list(options.command), started, [*files, manifest], stored), options.intern)
        ).encode()

        def store() -> None:
            for _, part, _, path in folders:
                _storing(part, path, started)()

        with progress("Wegschrijven"):
            written = folder.write(files, before_commit=store)
    warnings = _style_warnings(sorted(missing), sjabloon)
    return Outcome(document, prepared.data.report, written, out_dir, history_path, warnings=warnings)


def _folders(prepared: Prepared, options: RunOptions, document: dict, quality: dict, history_path: Path) -> list:
    """What goes in which folder: (prefix, indicatoren document, data quality, history). One run
    writes into the output folder itself; a regional run (DOMAIN §8) writes regio/ and a folder
    per gemeente, each gemeente's document taking its earlier periods from its own history."""
    from nazorg_cli.indicators.gemeenten import folder_name
    from nazorg_cli.indicators.protection import republish
    from nazorg_cli.outputs import history

    regio = prepared.config.regio
    if regio is None:
        return [("", document, quality, history_path)]
    accounting = _region_accounting(prepared, date.fromisoformat(document["peildatum"]))
    region_quality = {**quality, "regio": {"naam": regio.naam, "gemeenten": list(regio.gemeenten), **accounting}}
    folders = [("regio/", document, region_quality, history_path)]
    for gemeente in regio.gemeenten:
        part = part_document(document, gemeente)
        path = _history_path(options, prepared.config, gemeente)
        earlier = history.earlier(path, part)
        part["historie"] = earlier if options.intern else republish(earlier, prepared.config.k)
        folders.append((folder_name(gemeente) + "/", part, {**region_quality, "gemeente": gemeente}, path))
    return folders


def _region_accounting(prepared: Prepared, peildatum: date) -> dict:
    """Per source the rows (as cut at the peildatum) of each gemeente of the region, of unknown
    gemeente (counted only for the region) and of other gemeenten (left out)."""
    known = prepared.as_known(peildatum)
    region = known.region
    rijen = {}
    for source, codes in region.codes.items():
        counts = {name: int((codes == code).sum()) for name, code in region.parts.items()}
        counts.setdefault("onbekend", 0)
        rijen[source] = {**counts, "andere_gemeente": known.andere_gemeente.get(source, 0)}
    return {"rijen": rijen}


def formats_of(text: str) -> tuple[str, ...]:
    """--formaat: the document formats asked for (md, html, docx, pdf), in a fixed order."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise refusal("gebruik", "formaat", tekst=unknown[0] if unknown else text)
    return tuple(f for f in FORMATS if f in asked)


def _template(path: Path | None, formats: tuple[str, ...]) -> Path | None:
    """The house template, checked like any input before python-docx opens it."""
    if path is None or "docx" not in formats:
        return None
    from nazorg_cli.sources.safety import check_docx

    if not path.is_file():
        raise refusal("gebruik", "sjabloon-bestaat-niet", bestand=path.name)
    check_docx(path)
    return path


def _style_warnings(missing: list[str], sjabloon: Path | None) -> list[tuple[str, str]]:
    if not missing or sjabloon is None:
        return []
    return [("sjabloon-stijl", message("sjabloon-stijl", bestand=sjabloon.name, stijlen=", ".join(missing)))]


def render(
    indicatoren: Path,
    nota_path: Path | None = None,
    templates: Path | None = None,
    out_dir: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    sjabloon: Path | None = None,
    charts: Helper | None = None,
) -> Outcome:
    """The note again from indicatoren.json (and datakwaliteit.json beside it), no raw data.
    ``charts``: the helper that draws the charts and makes the PDFs (as for evaluate)."""
    from nazorg_cli.indicators.protection import republish
    from nazorg_cli.outputs.folder import reserved
    from nazorg_cli.outputs.tables import output_name
    from nazorg_cli.report.documents import check_document, check_quality
    from nazorg_cli.report.informatienota import render_documents
    from nazorg_cli.report.notabestand import load_nota

    document = check_document(read_json(indicatoren), indicatoren.name)
    intern = document["publicatie"] == "intern"
    if not intern:
        # Published means protected, wherever the figures come from: what render is given is
        # checked again, and whatever is not protected is suppressed before it reaches the note.
        for key in ("indicatoren", "historie"):
            document[key] = republish(document.get(key, []))
    quality_path = indicatoren.parent / output_name("datakwaliteit.json", intern)
    quality = check_quality(read_json(quality_path), quality_path.name) if quality_path.is_file() else None
    if templates is not None and not templates.is_dir():
        raise refusal("onleesbaar", "templatemap", map=templates)
    nota_path = nota_path or next((p for p in (indicatoren.parent / "nota.toml", Path("nota.toml")) if p.is_file()), None)
    nota = load_nota(nota_path)
    template = _template(sjabloon or nota.sjabloon, formats)
    from nazorg_cli.report.charts import chart_helper

    with contextlib.ExitStack() as stack:
        helper = charts or stack.enter_context(chart_helper(pdf="pdf" in formats))
        documents = render_documents(
            document,
            nota,
            quality,
            templates,
            draw=lambda specs: _draw_in_halves(helper, specs),
            name=lambda name: output_name(name, intern),
            formats=formats,
            sjabloon=template,
            convert=_pdf_in(helper),
        )
    target = out_dir or indicatoren.parent
    with reserved(target) as folder:
        folder.refuse_mixing(intern)
        written = folder.write(documents.files)
    return Outcome(
        document, QualityReport(), written, target, nota=nota_path, warnings=_style_warnings(documents.missing_styles, template)
    )


# --- the steps --------------------------------------------------------------------------------


def warm_up() -> None:
    """Import what protecting and rendering will need (highspy, the template and Markdown
    libraries, Babel's Dutch locale). Called while the input files are read in worker processes,
    so this costs no extra time. (The chart library is imported where the charts are drawn.)"""
    import highspy  # noqa: F401
    import jinja2  # noqa: F401
    import markdown_it  # noqa: F401
    import mdit_py_plugins.footnote  # noqa: F401
    import xlsxwriter  # noqa: F401
    from babel import Locale

    from nazorg_cli.report.render import compile_templates

    Locale.parse("nl_NL").decimal_formats  # noqa: B018  (loads the locale data)
    compile_templates()


def resolve_period(prepared: Prepared, period: Period | None, peildatum: date | None = None) -> Period:
    """The period P (DOMAIN §2 v2): as asked, or the last calendar year that ends on or before
    the peildatum. A period that ends after the peildatum, or that holds no release, is refused
    with the range of releases the data does cover."""
    from nazorg_cli.report.formatting import datum

    peildatum = resolve_peildatum(prepared, peildatum)
    spec = prepared.config.bronnen.get("detenties")
    if period is not None and spec is not None and "datum_ontslag" in spec.ontbreekt:
        # Declared absent: the cohort figures are geen_gegevens; the period cannot be checked.
        if period.tot_en_met > peildatum:
            raise refusal("gebruik", "periode-na-peildatum-kort", periode=period_name(period), peildatum=datum(peildatum))
        return period
    released = prepared.data.frames["detenties"]["datum_ontslag"].dropna()
    released = released[released <= str(peildatum)]
    if released.empty:
        raise refusal("gebruik", "geen-ontslag")
    first, last = released.min().date(), released.max().date()
    covered = {"van": datum(first), "tot": datum(last)}
    if period is None:
        year = peildatum.year if (peildatum.month, peildatum.day) == (12, 31) else peildatum.year - 1
        period = Period.year(year)
    elif period.tot_en_met > peildatum:
        raise refusal("gebruik", "periode-na-peildatum", periode=period_name(period), peildatum=datum(peildatum), **covered)
    inside = released[(released >= str(period.van)) & (released <= str(period.tot_en_met))]
    if inside.empty:
        raise refusal("gebruik", "periode-zonder-uitstroom", periode=period_name(period), jaar=last.year, **covered)
    return period


def period_name(period: Period) -> str:
    """A period in words: '2019', or 'van 1 juli 2018 tot en met 30 juni 2019'."""
    from nazorg_cli.report.formatting import datum

    if period.whole_months == 12 and period.van.month == 1:
        return str(period.van.year)
    return f"van {datum(period.van)} tot en met {datum(period.tot_en_met)}"


def resolve_peildatum(prepared: Prepared, peildatum: date | None) -> date:
    if peildatum is not None:
        return peildatum
    latest = prepared.data.latest_date()
    if latest is None:
        raise refusal("gebruik", "geen-peildatum")
    return latest


def require_columns(prepared: Prepared, input_dir: Path) -> set[str]:
    """No silent wrong numbers: stop when detenties is missing, when a column that figures need
    was not found (and nazorg.toml does not say the export lacks it), or when the configured
    gemeente matches no episode. Returns the indicators a declared absent column makes
    geen_gegevens."""
    from nazorg_cli.indicators.gemeenten import normalise_gemeente
    from nazorg_cli.indicators.requirements import check_columns, gemeenten_found
    from nazorg_cli.sources.schema import load_schema

    data, config = prepared.data, prepared.config
    if "detenties" not in data.frames:
        found = sorted(p.name for p in input_dir.iterdir() if p.is_file() and not p.name.startswith("."))
        raise refusal("detenties-ontbreekt", map=input_dir, bestanden=", ".join(found[:20]) or "geen")
    accounts = {b.bron: b for b in data.report.bronnen}
    absent = {source: spec.ontbreekt for source, spec in config.bronnen.items()}
    named = config.regio.gemeenten if config.regio else ((config.gemeente,) if config.gemeente else ())
    missing, unavailable = check_columns(accounts, absent, named[0] if named else None)
    if missing:
        first = missing[0]
        fields = {
            "bestand": first.bestand,
            "veld": first.veld,
            "bron": first.bron,
            "indicatoren": ", ".join(first.indicatoren),
            "gevonden": ", ".join(first.gevonden[:20]) or "geen",
        }
        if first.suggestie:
            raise refusal("kolom-nodig", "suggestie", kop=first.suggestie, **fields)
        aliases = load_schema(first.bron).field(first.veld).aliases
        raise refusal("kolom-nodig", voorbeeld=aliases[0] if aliases else first.veld, **fields)
    _require_readable(data, accounts, named[0] if named else None)
    if named and "gemeente" in accounts["detenties"].kolommen:
        found_gemeenten = gemeenten_found(data.frames["detenties"]["gemeente"])
        for gemeente in named:
            wanted = normalise_gemeente(gemeente)
            if found_gemeenten and not any(normalise_gemeente(name) == wanted for name, _ in found_gemeenten):
                listed = ", ".join(f"{name} ({n:,})".replace(",", ".") for name, n in found_gemeenten[:12])
                raise refusal("gemeente-onbekend", gemeente=gemeente, gevonden=listed)
    return unavailable


UNREADABLE_SHARE = 0.05  # more unreadable values than this in a column that figures need: stop


def _require_readable(data: LoadedData, accounts: dict, gemeente: str | None) -> None:
    """A column that figures need with many unreadable values (emptied, with a warning) would
    make those figures quietly wrong (ontslag dates written month-first make people look still
    detained): above 5 % of the rows, the run stops and says which column and why."""
    from nazorg_cli.indicators.requirements import needed_fields

    unreadable: dict[tuple[str, str], int] = {}
    for finding in data.report.bevindingen:
        if finding.ernst == "waarschuwing" and finding.rij is not None and finding.kolom:
            unreadable[(finding.bron, finding.kolom)] = unreadable.get((finding.bron, finding.kolom), 0) + 1
    for (source, name), ids in needed_fields(gemeente).items():
        account = accounts.get(source)
        if account is None or name not in account.kolommen:
            continue
        header = account.kolommen[name]
        count, rows = unreadable.get((source, header), 0), account.rijen_geaccepteerd
        if rows and count > UNREADABLE_SHARE * rows:
            raise refusal(
                "kolom-onleesbaar",
                bestand=account.bestand,
                kolom=header,
                aantal=f"{count:,}".replace(",", "."),
                rijen=f"{rows:,}".replace(",", "."),
                procent=round(100 * count / rows),
                cijfers=len(ids),
            )


def indicator_document(
    prepared: Prepared,
    period: Period | None = None,
    peildatum: date | None = None,
    intern: bool = False,
    unavailable: set[str] | None = None,
) -> dict:
    """The content of indicatoren.json: protected (openbaar) unless ``intern``."""
    from nazorg_cli.indicators.catalog import catalog, configured
    from nazorg_cli.indicators.comparison import compare
    from nazorg_cli.indicators.compute import compute

    peildatum = resolve_peildatum(prepared, peildatum)
    period = resolve_period(prepared, period, peildatum)
    config = prepared.config
    with configured(config.leeftijdsklassen, config.publiceren):
        results = compute(
            prepared.data.frames,
            period,
            peildatum,
            config.gemeente,
            unavailable or set(),
            config.kosten,
            prepared.as_known(peildatum),
            k=None if intern else config.k,  # openbaar: protected period by period as computed
            limited=prepared.limited,
        )
    # A pooled periode (P and the period before it) in the list is pooling's own time limit.
    pooled = [label for label in prepared.limited if is_pooled(label, period.label)]
    prepared.limited[:] = [label for label in prepared.limited if label not in pooled]
    prepared.pooling_limited += pooled
    # Judged on the values as published (DOMAIN §4 v2).
    results = compare(results, period)
    defs = catalog()
    order = {id: i for i, id in enumerate(defs)}
    # Stable sort: within an indicator and period the computation's order stays (total first,
    # then each breakdown's categories in their natural order).
    results = sorted(results, key=lambda r: (order[r.id], r.periode != period.label, r.periode))
    regio = config.regio
    return {
        "versie": VERSIE,
        "gemeente": config.gemeente,
        **({"regio": {"naam": regio.naam, "gemeenten": list(regio.gemeenten)}} if regio else {}),
        "periode": {"van": period.van.isoformat(), "tot_en_met": period.tot_en_met.isoformat()},
        "peildatum": peildatum.isoformat(),
        "publicatie": "intern" if intern else "openbaar",
        "synthetisch": config.synthetisch,
        "indicatoren": [r.as_record(defs[r.id].naam, defs[r.id].eenheid, regio is not None) for r in results],
    }


def part_document(document: dict, gemeente: str) -> dict:
    """A gemeente's own indicatoren.json out of a regional one (DOMAIN §8): its records, with the
    region named; the disclosure control was that of the whole region."""
    records = [{k: v for k, v in r.items() if k != "gemeente"} for r in document["indicatoren"] if r["gemeente"] == gemeente]
    return {**document, "gemeente": gemeente, "indicatoren": records}


def _peildatum_and_gemeente_findings(prepared: Prepared, peildatum: date) -> list[Finding]:
    """One info finding per source that the peildatum cut (DOMAIN §2, ``na-peildatum``), and
    one per source with rows of another gemeente (``andere-gemeente``, on the cut data)."""
    from nazorg_cli.report.formatting import datum

    known = prepared.as_known(peildatum)
    files = {b.bron: (b.bestand, b.blad) for b in prepared.data.report.bronnen}
    findings = []
    for source, n in known.andere_gemeente.items():
        if n:
            bestand, blad = files.get(source, (None, None))
            aantal = "1 rij" if n == 1 else f"{n:,} rijen".replace(",", ".")
            regio = prepared.config.regio
            gemeente = f"de gemeenten van regio {regio.naam}" if regio else prepared.config.gemeente
            findings.append(Finding.of("andere-gemeente", source, bestand, blad, None, None, aantal=aantal, gemeente=gemeente))
    for source, cut in known.cuts.items():
        if cut.empty:
            continue
        values = sum(cut.waarden.values())
        parts = []
        if cut.rijen:
            parts.append("1 rij weggelaten" if cut.rijen == 1 else f"{cut.rijen} rijen weggelaten")
        if values:
            later = "1 latere datum of uitkomst" if values == 1 else f"{values} latere datums en uitkomsten"
            parts.append(f"{later} als nog onbekend gelezen")
        bestand, blad = files.get(source, (None, None))
        wat = " en ".join(parts)
        findings.append(Finding.of("na-peildatum", source, bestand, blad, None, None, peildatum=datum(peildatum), wat=wat))
    return findings


def quality_document(prepared: Prepared, peildatum: date | None = None) -> dict:
    """The content of datakwaliteit.json (and of ``nazorg validate --format json``). With a
    gemeente configured it also accounts for the detention episodes by gemeente: counted in
    (that gemeente), counted out (another gemeente) and empty (counted in: the exports are the
    gemeente's own), and how many episodes each gemeente in the export has. With a
    ``peildatum`` the findings include what it cut (``na-peildatum``), in the report's order."""
    from nazorg_cli.indicators.gemeenten import normalise_gemeente
    from nazorg_cli.indicators.requirements import gemeenten_found

    report = prepared.data.report
    if peildatum is not None:
        report = QualityReport(report.bronnen, [*report.bevindingen, *_peildatum_and_gemeente_findings(prepared, peildatum)])
    from nazorg_cli.indicators.period import period_name

    def periods_named(labels: list[str]) -> str:
        return ", ".join(period_name(p) for p in sorted(set(labels)))

    limits = []
    if prepared.limited:
        limits.append(
            Finding.of(
                "onderdrukking-tijdslimiet", "indicatoren", None, None, None, None, perioden=periods_named(prepared.limited)
            )
        )
    if prepared.pooling_limited:
        limits.append(
            Finding.of(
                "samenvoegen-tijdslimiet", "indicatoren", None, None, None, None, perioden=periods_named(prepared.pooling_limited)
            )
        )
    if limits:
        report = QualityReport(report.bronnen, [*report.bevindingen, *limits])
    document = report.as_dict()
    gemeente = prepared.config.gemeente
    det = prepared.data.frames.get("detenties")
    if gemeente and det is not None and "gemeente" in det:
        found = gemeenten_found(det["gemeente"])
        wanted = normalise_gemeente(gemeente)
        inside = sum(n for name, n in found if normalise_gemeente(name) == wanted)
        named = sum(n for _, n in found)
        document["gemeenten"] = {
            "gemeente": gemeente,
            "detenties": {"geteld": inside, "andere_gemeente": named - inside, "leeg": len(det) - named},
            "per_gemeente": dict(found),
        }
    return document


def manifest_document(
    prepared: Prepared, command: list[str], started: str, outputs: list[str], history: Path | None = None
) -> dict:
    """Provenance: tool version, command line, configuration digest, inputs with hashes and row
    counts, the output files and the history that took the published figures (None: none did)."""
    accounts = {b.bron: b for b in prepared.data.report.bronnen}
    inputs = []
    for source, path in sorted(prepared.data.files.items()):
        account = accounts[source]
        inputs.append(
            {
                "bron": source,
                "bestand": path.name,
                "grootte": path.stat().st_size,
                "sha256": sha256_file(path),
                "rijen_gelezen": account.rijen_gelezen,
                "rijen_geaccepteerd": account.rijen_geaccepteerd,
                "rijen_afgekeurd": account.rijen_afgekeurd,
                "duplicaten": account.duplicaten,
            }
        )
    config_path = prepared.config.path
    return {
        "tool": "nazorg",
        "versie": __version__,
        "opdracht": command,
        "gestart": started,
        "configuratie": {
            "bestand": config_path.name if config_path else None,
            "sha256": sha256_file(config_path) if config_path else None,
        },
        "invoer": inputs,
        "uitvoer": sorted(outputs),
        "historie": str(history) if history is not None else None,
    }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_json(path: Path) -> object:
    import json

    if path.is_dir():
        raise refusal("onleesbaar", "json-map", bestand=path)
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise refusal("onleesbaar", "bestaat-niet", bestand=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise refusal("onleesbaar", "json", bestand=path.name) from None


def _marked(document: dict, intern: bool) -> dict:
    """An intern run's other documents say so as well (json_text then adds the VERTROUWELIJK line)."""
    return {"publicatie": "intern", **document} if intern else document


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _history_path(options: RunOptions, config: Config, gemeente: str | None = None) -> Path:
    """The history of ``gemeente``, else of the configured gemeente or region."""
    from nazorg_cli.outputs import history

    name = gemeente or config.gemeente or (config.regio.naam if config.regio else None)
    return history.location(options.history_path, config.historie, name, config.synthetisch)


def _tables(prepared: Prepared, options: RunOptions, history_path: Path) -> dict:
    """indicatoren.json's content, with the published records of earlier periods from the history."""
    from nazorg_cli.indicators.protection import republish
    from nazorg_cli.outputs import history

    unavailable = require_columns(prepared, options.input_dir)
    document = indicator_document(prepared, options.period, options.peildatum, options.intern, unavailable)
    earlier = history.earlier(history_path, document)
    # Figures from the history are published again: they are checked again (a tampered history
    # cannot put an unprotected figure in the note).
    document["historie"] = earlier if options.intern else republish(earlier, prepared.config.k)
    return document


def _storing(document: dict, history_path: Path, started: str) -> Callable[[], None]:
    """Store an openbaar document in the history (intern figures never are)."""
    from nazorg_cli.outputs import history

    def store() -> None:
        if document["publicatie"] == "openbaar":
            history.store(history_path, document, started, __version__)

    return store


def _table_bytes(document: dict, format: str) -> bytes:
    from nazorg_cli.outputs.tables import csv_text, json_text, xlsx_bytes

    if format == "csv":
        return csv_text(document).encode()
    if format == "xlsx":
        return xlsx_bytes(document)
    return json_text(document).encode()


def _pdf_in(helper: Helper) -> Callable[[str], Callable[[], bytes]]:
    """Send a finished HTML page to the helper for its PDF; returns a function that waits for it."""
    from nazorg_cli.report.pdf import pdf_bytes

    def convert(page: str) -> Callable[[], bytes]:
        waiting = helper.submit(pdf_bytes, page)
        return lambda: cast(bytes, waiting())

    return convert


def _draw_in_halves(helper, specs: list[dict]):
    """The charts in two halves of about equal work, one to each copy of the helper; returns a
    function that waits for all SVGs."""
    from nazorg_cli.report.charts import draw_charts

    def work(spec: dict) -> int:
        return 6 + len(spec["reeks"])  # a chart costs about as much as six of its lines, plus its lines

    halves: tuple[list[dict], list[dict]] = ([], [])
    load = [0, 0]
    for spec in sorted(specs, key=lambda s: -work(s)):  # largest first, to the lighter half
        lighter = load.index(min(load))
        halves[lighter].append(spec)
        load[lighter] += work(spec)
    waiting = [helper.submit(draw_charts, half) for half in halves]
    return lambda: {key: svg for result in waiting for key, svg in result().items()}
