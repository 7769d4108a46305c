"""Typed exceptions: each means "cannot go on". Data findings are never exceptions.

The CLI maps every subclass of :class:`NazorgError` to exit code 2 (could not run) and prints
its message and its ``code``, a stable kebab-case word. Codes, severities and the Dutch message
templates live in one registry, nazorg_cli/codes.py (raise ``codes.refusal(code, ...)``);
docs/findings.md is generated from it. Messages never contain a personal value.
"""


class NazorgError(Exception):
    """Base class: the run cannot go on. The message is one clear sentence."""

    default_code = "fout"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code or self.default_code

    def __reduce__(self):
        # Keeps the code when the error comes back from a worker process.
        return self.__class__, (str(self), self.code)


class UsageError(NazorgError):
    """Wrong options or arguments."""

    default_code = "gebruik"


class ConfigError(NazorgError):
    """nazorg.toml or the note file is wrong, or two files claim the same source."""

    default_code = "configuratie"


class MetadataError(NazorgError):
    """The catalogue or a source schema that ships with nazorg is inconsistent."""

    default_code = "metadata-ongeldig"


class InputError(NazorgError):
    """An input file is unreadable, unsafe, or lacks a required column."""

    default_code = "onleesbaar"
