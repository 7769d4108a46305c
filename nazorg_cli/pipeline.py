"""The core job, free of any CLI: load, validate, compute, protect, and build the documents.

Returns plain data (the content of indicatoren.json and datakwaliteit.json); writing files and
printing is the caller's business.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nazorg_cli import __version__
from nazorg_cli.config import Config, load_config
from nazorg_cli.errors import UsageError
from nazorg_cli.indicators.period import Period
from nazorg_cli.sources.loading import LoadedData

VERSIE = 1


@dataclass
class Prepared:
    config: Config
    data: LoadedData


def prepare(input_dir: Path, config_path: Path | None = None, today: date | None = None,
            while_reading=None) -> Prepared:
    """Read the configuration and every source of ``input_dir`` (validated and pseudonymised);
    ``while_reading`` runs while the files are read (see load_sources)."""
    from nazorg_cli.privacy.pseudonym import Pseudonymiser
    from nazorg_cli.sources.loading import load_sources

    config = load_config(input_dir, config_path)
    pseudonymiser = Pseudonymiser.from_environment(config.sleutelbestand, data_dir=input_dir)
    data = load_sources(input_dir, pseudonymiser, config.bronnen, today=today, while_reading=while_reading)
    return Prepared(config, data)


def warm_up() -> None:
    """Import what protecting and rendering will need (highspy, the template and Markdown
    libraries, Babel's Dutch locale). Called while the input files are read in worker processes,
    so this costs no extra time. (The chart library is imported where the charts are drawn.)"""
    import jinja2  # noqa: F401
    import markdown_it  # noqa: F401
    import mdit_py_plugins.footnote  # noqa: F401
    import highspy  # noqa: F401
    import xlsxwriter  # noqa: F401
    from babel import Locale

    Locale.parse("nl_NL").decimal_formats  # noqa: B018  (loads the locale data)


def resolve_period(prepared: Prepared, period: Period | None) -> Period:
    from nazorg_cli.indicators.compute import default_period

    if period is not None:
        return period
    found = default_period(prepared.data.frames)
    if found is None:
        raise UsageError("Er is geen ontslagdatum in detenties om de periode uit af te leiden; geef --period of --from/--to op.")
    return found


def resolve_peildatum(prepared: Prepared, peildatum: date | None) -> date:
    if peildatum is not None:
        return peildatum
    latest = prepared.data.latest_date()
    if latest is None:
        raise UsageError("Er is geen geldige datum in de bronnen om de peildatum uit af te leiden; geef --peildatum op.")
    return latest


def indicator_document(prepared: Prepared, period: Period | None = None, peildatum: date | None = None,
                       intern: bool = False) -> dict:
    """The content of indicatoren.json: protected (openbaar) unless ``intern``."""
    from nazorg_cli.indicators.catalog import catalog
    from nazorg_cli.indicators.compute import compute
    from nazorg_cli.privacy.disclosure import protect

    period = resolve_period(prepared, period)
    peildatum = resolve_peildatum(prepared, peildatum)
    computation = compute(prepared.data.frames, period, peildatum, prepared.config.gemeente)
    results = computation.results if intern else protect(computation.results, prepared.config.k)
    defs = catalog()
    order = {id: i for i, id in enumerate(defs)}
    # Stable sort: within an indicator and period the computation's order stays (total first,
    # then each breakdown's categories in their natural order).
    results = sorted(results, key=lambda r: (order[r.id], r.periode != period.label, r.periode))
    return {
        "versie": VERSIE,
        "gemeente": prepared.config.gemeente,
        "periode": {"van": period.van.isoformat(), "tot_en_met": period.tot_en_met.isoformat()},
        "peildatum": peildatum.isoformat(),
        "publicatie": "intern" if intern else "openbaar",
        "synthetisch": prepared.config.synthetisch,
        "indicatoren": [r.as_record(defs[r.id].naam, defs[r.id].eenheid) for r in results],
    }


def quality_document(prepared: Prepared) -> dict:
    """The content of datakwaliteit.json (and of ``nazorg validate --format json``)."""
    return prepared.data.report.as_dict()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_document(prepared: Prepared, command: list[str], started: str, outputs: list[Path]) -> dict:
    """Provenance: tool version, command line, configuration digest, inputs with hashes and row counts."""
    accounts = {b.bron: b for b in prepared.data.report.bronnen}
    inputs = []
    for source, path in sorted(prepared.data.files.items()):
        account = accounts[source]
        inputs.append({"bron": source, "bestand": path.name, "grootte": path.stat().st_size, "sha256": sha256_file(path),
                       "rijen_gelezen": account.rijen_gelezen, "rijen_geaccepteerd": account.rijen_geaccepteerd,
                       "rijen_afgekeurd": account.rijen_afgekeurd, "duplicaten": account.duplicaten})
    config_path = prepared.config.path
    return {
        "tool": "nazorg", "versie": __version__, "opdracht": command, "gestart": started,
        "configuratie": {"bestand": config_path.name if config_path else None,
                         "sha256": sha256_file(config_path) if config_path else None},
        "invoer": inputs,
        "uitvoer": sorted(p.name for p in outputs),
    }
