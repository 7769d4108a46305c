"""Typed exceptions: each means "cannot go on". Data findings are never exceptions.

The CLI maps every subclass of :class:`NazorgError` to exit code 2 (could not run) and prints
its message, which must never contain a personal value.
"""


class NazorgError(Exception):
    """Base class: the run cannot go on. The message is one clear sentence."""


class UsageError(NazorgError):
    """Wrong options or arguments."""


class ConfigError(NazorgError):
    """nazorg.toml or the note file is wrong, or two files claim the same source."""


class InputError(NazorgError):
    """An input file is unreadable, unsafe, or lacks a required column."""
