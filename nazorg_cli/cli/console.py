"""Messages to stderr and the mapping from core exceptions to exit codes (DOMAIN §5)."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import sys
import warnings
from dataclasses import dataclass
from enum import Enum

import typer

from nazorg_cli import interrupts
from nazorg_cli.codes import message
from nazorg_cli.errors import NazorgError

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_CANNOT_RUN = 2


@dataclass
class Settings:
    quiet: bool = False  # errors only
    log_format: str = "text"  # "text" or "json" (one JSON object per line, for cron)


SETTINGS = Settings()


def say(message: str, level: str = "info", code: str | None = None) -> None:
    """A message for the user on stderr (results go to stdout or files); errors always show."""
    if SETTINGS.quiet and level != "fout":
        return
    if SETTINGS.log_format == "json":
        record = {"niveau": level, "bericht": message}
        if code:
            record["code"] = code
        typer.echo(json.dumps(record, ensure_ascii=False), err=True)
    else:
        typer.echo(terminal_text(message), err=True)


def terminal_text(text: object) -> str:
    """Text safe for a terminal: control characters (escape sequences, carriage returns, bells)
    from the data become '?', so a column header cannot move the cursor or recolour the screen."""
    return "".join("?" if (ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f" else ch for ch in str(text))


def command_line(ctx: typer.Context) -> list[str]:
    """The command as it ran, rebuilt from what typer parsed (for the manifest): options left at
    their defaults are left out."""
    parts = ctx.command_path.split()
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(value, Enum):
            value = value.value
        if param.param_type_name == "argument":
            if value is not None:
                parts.append(str(value))
        elif value not in (None, False) and value != param.default:
            parts += [param.opts[0]] if value is True else [param.opts[0], str(value)]
    return parts


@contextlib.contextmanager
def step(label: str):
    """A Rich spinner for one step when stderr is a terminal; silent otherwise (cron, pipes)."""
    if SETTINGS.quiet or SETTINGS.log_format == "json" or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(label):
        yield


def handle_errors(command):
    """Turn core exceptions into one sentence on stderr and exit code 2; never a traceback.

    Unexpected exceptions print only their type: their text could hold a value from the data.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            # Library warnings stay out of stderr: they are not for the user, and some quote data.
            with warnings.catch_warnings(), interrupts.stops_on_sigterm(), _library_logs():
                warnings.simplefilter("ignore")
                return command(*args, **kwargs)
        except typer.Exit:
            raise
        except BrokenPipeError:
            # The reader of our output stopped reading (nazorg definities | head): nothing
            # went wrong here. What is still buffered goes nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except NazorgError as exc:
            say(f"Fout: {exc} [{exc.code}]" if SETTINGS.log_format == "text" else f"Fout: {exc}", "fout", exc.code)
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except KeyboardInterrupt:
            say(message("afgebroken"), "fout", "afgebroken")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except MemoryError:
            say(f"Fout: {message('geheugen')}", "fout", "geheugen")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except Exception as exc:  # last line of defence: no traceback, no data in the message
            if _stopped(exc):
                say(message("afgebroken"), "fout", "afgebroken")
            else:
                say(message("intern", soort=type(exc).__name__), "fout", "intern")
            raise typer.Exit(EXIT_CANNOT_RUN) from None

    return wrapper


class _LibraryLog(logging.Handler):
    """Log records of the libraries (the spreadsheet reader logs through Python's logging) become
    one Dutch message per library in the chosen log format, instead of English lines on stderr.
    Their text is left out: it can quote a cell."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        library = record.name.split(".")[0] or "onbekend"
        if library not in self.seen:
            self.seen.add(library)
            say(message("bibliotheek-melding", bibliotheek=library), "waarschuwing", "bibliotheek-melding")


@contextlib.contextmanager
def _library_logs():
    root = logging.getLogger()
    handler = _LibraryLog()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def _stopped(exc: BaseException) -> bool:
    """Whether a stop (Ctrl-C, SIGTERM) set off this failure, say an import it cut in half."""
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
