"""BSN checks and keyed pseudonyms (DOMAIN §6).

A BSN is checked with the 11-proef and then replaced by HMAC-SHA256(key, "nazorg:v1:" + bsn).
The key comes from a file or an environment variable outside the data folder; without one a
random key lives for a single run, so pseudonyms cannot be linked across runs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import numpy as np

from nazorg_cli.errors import ConfigError

KEY_ENV = "NAZORG_KEY"
KEY_FILE_ENV = "NAZORG_KEY_FILE"
_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])


def elfproef(bsns: np.ndarray) -> np.ndarray:
    """Vectorised 11-proef over an array of 9-digit strings; False for anything else.

    The all-zero number passes the arithmetic but is never issued, so it fails here.
    """
    values = np.asarray(bsns, dtype=object).astype(str)
    ok = np.array([len(v) == 9 and v.isascii() and v.isdigit() for v in values], dtype=bool)
    result = np.zeros(len(values), dtype=bool)
    if ok.any():
        digits = np.array([list(map(int, v)) for v in values[ok]], dtype=np.int64).reshape(-1, 9)
        total = digits @ _WEIGHTS
        result[ok] = (total % 11 == 0) & (digits.sum(axis=1) > 0)
    return result


def mask(value: object) -> str:
    """Mask an identifier for messages: only the last four characters stay (``*****6782``)."""
    text = str(value).strip()
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]


class Pseudonymiser:
    """Turns checked BSNs into keyed pseudonyms."""

    def __init__(self, key: bytes):
        if len(key) < 16:
            raise ConfigError("De pseudonimiseringssleutel is te kort: gebruik minstens 16 bytes.")
        self._key = key

    @classmethod
    def from_environment(cls, key_file: str | Path | None = None, data_dir: Path | None = None) -> Pseudonymiser:
        """Key from ``key_file`` (config), then $NAZORG_KEY_FILE, then $NAZORG_KEY; else random."""
        path = key_file or os.environ.get(KEY_FILE_ENV)
        if path:
            path = Path(path).expanduser().resolve()
            if data_dir is not None and path.is_relative_to(Path(data_dir).resolve()):
                raise ConfigError("Het sleutelbestand staat in de datamap; bewaar de sleutel buiten de data.")
            try:
                key = path.read_bytes().strip()
            except OSError:
                raise ConfigError(f"Het sleutelbestand {path.name} kan niet worden gelezen.") from None
            return cls(key)
        env_key = os.environ.get(KEY_ENV)
        if env_key:
            return cls(env_key.encode())
        return cls(secrets.token_bytes(32))

    def pseudonym(self, bsn: str) -> str:
        return hmac.new(self._key, ("nazorg:v1:" + bsn).encode(), hashlib.sha256).hexdigest()

    def pseudonymise(self, bsns: np.ndarray) -> np.ndarray:
        """Pseudonyms for an array of valid BSNs, each distinct value hashed once."""
        uniques, inverse = np.unique(np.asarray(bsns, dtype=str), return_inverse=True)
        hashed = np.array([self.pseudonym(v) for v in uniques], dtype=object)
        return hashed[inverse]
