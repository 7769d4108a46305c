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
import pandas as pd

from nazorg_cli.errors import ConfigError

KEY_ENV = "NAZORG_KEY"
KEY_FILE_ENV = "NAZORG_KEY_FILE"
_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])


def elfproef(bsns: np.ndarray) -> np.ndarray:
    """Vectorised 11-proef over an array of strings; False for anything but 9 ASCII digits.

    The all-zero number passes the arithmetic but is never issued, so it fails here.
    """
    values = np.asarray(bsns, dtype=object)
    result = np.zeros(len(values), dtype=bool)
    if not len(values):
        return result
    text = pd.Series(values, dtype="str")
    ok = text.str.fullmatch(r"[0-9]{9}").fillna(False).to_numpy(dtype=bool)
    if ok.any():
        joined = "".join(text[ok].tolist()).encode("ascii")
        digits = (np.frombuffer(joined, dtype=np.uint8).reshape(-1, 9) - 48).astype(np.int64)
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
        self._codes: dict[bytes, int] = {}               # pseudonym (HMAC digest) -> code
        self._known = pd.Index([], dtype=object)          # BSNs seen in this run ...
        self._known_codes = np.zeros(0, dtype=np.int64)   # ... and their codes, position by position

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
        """HMAC-SHA256(key, "nazorg:v1:" + bsn) as hex."""
        return self._digests([bsn])[0].hex()

    def _digests(self, bsns) -> list[bytes]:
        """The raw HMAC-SHA256 pseudonyms of many BSNs (bytes serve as well as hex in memory)."""
        key, digest = self._key, hmac.digest
        return [digest(key, b"nazorg:v1:" + bsn.encode(), "sha256") for bsn in bsns]

    def pseudonymise(self, bsns: np.ndarray) -> np.ndarray:
        """Integer person codes for an array of valid BSNs.

        Each distinct BSN is replaced by its keyed pseudonym once per run (cached across
        sources); the pseudonym then gets a small integer code, the same in every source of the
        run, so that joins are on integers. Neither the code nor the pseudonym leaves the process.
        """
        codes, uniques = pd.factorize(np.asarray(bsns, dtype=object))
        position = self._known.get_indexer(uniques)
        new = uniques[position == -1]
        if len(new):
            codes_of = self._codes
            fresh = [codes_of.setdefault(d, len(codes_of)) for d in self._digests(new)]
            self._known = self._known.append(pd.Index(new, dtype=object))
            self._known_codes = np.concatenate([self._known_codes, np.array(fresh, dtype=np.int64)])
            position = self._known.get_indexer(uniques)
        return np.append(self._known_codes[position], -1)[codes]

    def code_of(self, bsn: str) -> int | None:
        """The integer code a BSN got in this run (for tests and cross-checks), or None."""
        return self._codes.get(self._digests([bsn])[0])
