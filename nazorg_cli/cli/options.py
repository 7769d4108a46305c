"""Options shared by several commands, declared once."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from nazorg_cli.codes import refusal
from nazorg_cli.indicators.period import Period

InputDir = Annotated[
    Path, typer.Argument(metavar="INPUT", help="Map met de exports (xlsx, xlsm, xls, ods, csv, txt).", show_default=False)
]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="nazorg.toml (standaard: in INPUT, dan in de werkmap).")]
PeriodOpt = Annotated[
    Optional[str],
    typer.Option("--period", help="Kalenderjaar JJJJ (standaard: het laatste volledige kalenderjaar tot en met de peildatum)."),
]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="Begin van de periode (bijv. 2018-01-01 of 1-1-2018); met --to.")]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="Einde van de periode, inclusief; met --from.")]
PeildatumOpt = Annotated[
    Optional[str],
    typer.Option(
        "--peildatum",
        help="Rekenen alsof de exports op deze datum zijn gemaakt: latere rijen en datums tellen niet mee "
        "(standaard: de laatste geldige datum in de bronnen).",
    ),
]
InternOpt = Annotated[
    bool, typer.Option("--intern", help="Onbeveiligde cijfers, gemarkeerd VERTROUWELIJK; nooit voor publicatie.")
]
HistoryOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--history",
        help="Historie van gepubliceerde cijfers (SQLite). Standaard: 'historie' uit nazorg.toml, "
        "dan $NAZORG_HISTORIE, dan history.sqlite per gemeente in de gebruikersmap van nazorg.",
    ),
]
FormaatOpt = Annotated[
    str,
    typer.Option(
        "--formaat",
        help="Welke documenten: md, html, docx en/of pdf, gescheiden door komma's (standaard alle vier).",
    ),
]
SjabloonOpt = Annotated[
    Optional[Path],
    typer.Option("--sjabloon", help="Word-sjabloon (.docx) met de huisstijl; vervangt 'sjabloon' uit het notabestand."),
]
GemeenteOpt = Annotated[
    Optional[str],
    typer.Option(
        "--gemeente",
        help="Eén gemeente van de regio in nazorg.toml alleen rekenen, alsof nazorg.toml alleen die gemeente noemt.",
    ),
]
NotaOpt = Annotated[Optional[Path], typer.Option("--nota", help="Notabestand (nota.toml) met de teksten van het college.")]

_DMY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


def parse_option_date(text: str, option: str) -> date:
    """A date option: ISO (2018-12-31) or day first (31-12-2018)."""
    value = text.strip()
    try:
        if m := _DMY.match(value):
            found = date(int(m[3]), int(m[2]), int(m[1]))
        else:
            found = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise refusal("gebruik", "datum", optie=option, tekst=text) from None
    _in_range(found.year, option, text)
    return found


FIRST_YEAR, LAST_YEAR = 1990, 2100  # dates before 1990 are errors in the data (DOMAIN §3)


def _in_range(year: int, option: str, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise refusal("gebruik", "datum-buiten-bereik", optie=option, tekst=text, van=FIRST_YEAR, tot=LAST_YEAR)


def period_from_options(period: str | None, van: str | None, tot: str | None) -> Period | None:
    """--period YYYY, or --from D --to D, or None for the default."""
    if period is not None and (van is not None or tot is not None):
        raise refusal("gebruik", "periode-en-van-tot")
    if period is not None:
        if not re.fullmatch(r"\d{4}", period.strip()):
            raise refusal("gebruik", "periode-geen-jaar", tekst=period)
        _in_range(int(period), "--period", period.strip())
        return Period.year(int(period))
    if (van is None) != (tot is None):
        raise refusal("gebruik", "van-zonder-tot")
    if van is None or tot is None:
        return None
    start, end = parse_option_date(van, "--from"), parse_option_date(tot, "--to")
    if end < start:
        raise refusal("gebruik", "tot-voor-van")
    return Period(start, end)


def peildatum_from_option(text: str | None) -> date | None:
    return None if text is None else parse_option_date(text, "--peildatum")


def run_fields(
    input: Path,
    config: Path | None,
    period: str | None,
    van: str | None,
    tot: str | None,
    peildatum: str | None,
    intern: bool,
    history: Path | None,
) -> dict:
    """The options every job that reads the exports shares (pipeline.RunOptions), parsed."""
    return {
        "input_dir": input,
        "config_path": config,
        "period": period_from_options(period, van, tot),
        "peildatum": peildatum_from_option(peildatum),
        "intern": intern,
        "history_path": history,
    }
