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
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)
        self._codes: dict[bytes, int] = {}  # pseudonym (HMAC digest) -> integer person code
        self._digest_cache: dict[str, bytes] = {}  # BSN -> pseudonym, within one process

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
        return self._hmac(bsn).hex()

    def _hmac(self, bsn: str) -> bytes:
        """The raw HMAC-SHA256 pseudonym (bytes serve as well as hex in memory); a copy of an
        HMAC object keyed once is a third cheaper than hmac.digest per BSN."""
        mac = self._keyed.copy()
        mac.update(b"nazorg:v1:" + bsn.encode())
        return mac.digest()

    def digest(self, bsns: pd.Series) -> tuple[np.ndarray, list[bytes]]:
        """The keyed pseudonyms of a column of valid BSNs: for each row the position of its
        pseudonym in the list of distinct ones. Runs wherever the key is, also in a worker
        process, and computes one HMAC per distinct BSN per process (cached across sources);
        :meth:`codes` then turns pseudonyms into codes."""
        positions, uniques = pd.Series(bsns, dtype="str").factorize()
        cache, compute = self._digest_cache, self._hmac
        pseudonyms = [cache.get(bsn) or cache.setdefault(bsn, compute(bsn)) for bsn in uniques.tolist()]
        return positions.astype(np.int64), pseudonyms

    def codes(self, positions: np.ndarray, pseudonyms: list[bytes]) -> np.ndarray:
        """Integer person codes for rows given as :meth:`digest` returned them.

        Each pseudonym gets a small integer code, the same in every source of the run, so that
        joins are on integers. Neither the code nor the pseudonym leaves nazorg's own processes.
        """
        codes_of = self._codes
        known = np.fromiter((codes_of.setdefault(d, len(codes_of)) for d in pseudonyms), dtype=np.int64,
                            count=len(pseudonyms))
        return known[positions] if len(positions) else np.zeros(0, dtype=np.int64)

    def code_of(self, bsn: str) -> int | None:
        """The integer code a BSN got in this run (for tests and cross-checks), or None."""
        return self._codes.get(self._hmac(bsn))
