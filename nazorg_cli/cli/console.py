"""Messages to stderr and the mapping from core exceptions to exit codes (DOMAIN §5)."""

from __future__ import annotations

import functools

import typer

from nazorg_cli.errors import NazorgError

EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_CANNOT_RUN = 2


def say(message: str) -> None:
    """A message for the user, on stderr (results go to stdout or files)."""
    typer.echo(message, err=True)


def handle_errors(command):
    """Turn core exceptions into one sentence on stderr and exit code 2; never a traceback.

    Unexpected exceptions print only their type: their text could hold a value from the data.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except NazorgError as exc:
            say(f"Fout: {exc} [{exc.code}]")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except KeyboardInterrupt:
            say("Afgebroken.")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except MemoryError:
            say("Fout: onvoldoende geheugen om de invoer te verwerken.")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except Exception as exc:  # last line of defence: no traceback, no data in the message
            say(f"Interne fout ({type(exc).__name__}); er is niets weggeschreven. Meld dit aan de beheerder van nazorg.")
            raise typer.Exit(EXIT_CANNOT_RUN) from None

    return wrapper
