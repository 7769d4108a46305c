"""Typed exceptions: each means "cannot go on". Data findings are never exceptions.

The CLI maps every subclass of :class:`NazorgError` to exit code 2 (could not run) and prints
its message and its ``code``, a stable kebab-case word listed in docs/findings.md. Messages never
contain a personal value.
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


# Codes of "could not run" (exit 2), documented in docs/findings.md.
REFUSAL_CODES = {
    "gebruik": "wrong options or arguments",
    "configuratie": "nazorg.toml or the note file is wrong, or two files claim one source",
    "invoer-ontbreekt": "the input folder does not exist",
    "onleesbaar": "a file cannot be opened",
    "leeg-bestand": "a file is empty or holds no cells with data",
    "beschadigd": "a workbook is damaged or truncated",
    "verkeerd-type": "a file is not what its extension says (an HTML 'xls', a csv named xlsx, ...)",
    "binair-bestand": "a csv/txt file holds binary content",
    "codering-onbekend": "a text file is neither utf-8 nor cp1252",
    "csv-onleesbaar": "a csv file has an unclosed quote or cannot be split into columns",
    "zip-bom": "a workbook unpacks to more than the limits allow (size, ratio, number of parts)",
    "versleuteld": "a workbook is encrypted or password-protected",
    "xml-entiteiten": "a workbook part declares a DTD or XML entities",
    "bereik-absurd": "a sheet declares or spans more cells than a parser can hold safely",
    "blad-ontbreekt": "the sheet named in nazorg.toml does not exist",
    "kolom-ontbreekt": "a required column is missing",
}
