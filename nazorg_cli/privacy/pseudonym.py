"""BSN checks and keyed pseudonyms (DOMAIN §6).

A BSN is checked with the 11-proef and then replaced by HMAC-SHA256(key, "nazorg:v1:" + bsn).
The key comes from a file or an environment variable outside the data folder; without one a
random key lives for a single run, so pseudonyms cannot be linked across runs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd

from nazorg_cli.codes import refusal

KEY_ENV = "NAZORG_KEY"
KEY_FILE_ENV = "NAZORG_KEY_FILE"
_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
PREFIX = b"nazorg:v1:"
WORDS = 4  # a pseudonym's 32 bytes as 64-bit words


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
    """Mask an identifier for messages: only the last four digits stay (``*****6782``). Whatever
    else the cell held (letters of a name, free text) never shows: it becomes stars, and a
    value with fewer than eight digits shows none of them."""
    text = str(value).strip()
    digits = "".join(c for c in text if c.isdigit())
    shown = digits[-4:] if len(digits) >= 8 else ""
    return "*" * max(len(text) - len(shown), 1) + shown


MAX_KEY_BYTES = 4096


def _read_key(path: Path) -> bytes:
    """A key file's bytes: a regular file only (not /dev/zero, a FIFO or a folder) and at most
    MAX_KEY_BYTES, read without following it past that."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        raise refusal("configuratie", "sleutel-onleesbaar", bestand=path.name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refusal("configuratie", "sleutel-geen-bestand", bestand=path.name)
        if info.st_size > MAX_KEY_BYTES:
            raise refusal("configuratie", "sleutel-te-groot", bestand=path.name, grens=MAX_KEY_BYTES)
        data = os.read(fd, MAX_KEY_BYTES + 1)
    except OSError:
        raise refusal("configuratie", "sleutel-onleesbaar", bestand=path.name) from None
    finally:
        os.close(fd)
    if len(data) > MAX_KEY_BYTES:
        raise refusal("configuratie", "sleutel-te-groot", bestand=path.name, grens=MAX_KEY_BYTES)
    return data.strip()


class Pseudonymiser:
    """Turns checked BSNs into keyed pseudonyms."""

    def __init__(self, key: bytes):
        if len(key) < 16:
            raise refusal("configuratie", "sleutel-kort")
        # HMAC (RFC 2104) as the hmac module builds it for a hash without an OpenSSL HMAC: the
        # key's inner and outer pads absorbed once (the inner one with the fixed prefix), copied
        # per BSN; half the cost of copying an hmac object. A test checks it equals hmac.new.
        block = hashlib.sha256().block_size
        padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded) + PREFIX)
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
        self._first = pd.Index([], dtype=np.uint64)  # first 8 bytes of each pseudonym, in code order
        self._table = np.zeros((0, WORDS), dtype=np.uint64)  # the pseudonyms, row = code
        self._digest_cache: dict[str, bytes] = {}  # BSN -> pseudonym, within one process

    @classmethod
    def from_environment(cls, key_file: str | Path | None = None, data_dir: Path | None = None) -> Pseudonymiser:
        """Key from ``key_file`` (config), then $NAZORG_KEY_FILE, then $NAZORG_KEY; else random."""
        path = key_file or os.environ.get(KEY_FILE_ENV)
        if path:
            path = Path(path).expanduser().resolve()
            if data_dir is not None and path.is_relative_to(Path(data_dir).resolve()):
                raise refusal("configuratie", "sleutel-in-data")
            return cls(_read_key(path))
        env_key = os.environ.get(KEY_ENV)
        if env_key:
            return cls(env_key.encode())
        return cls(secrets.token_bytes(32))

    def pseudonym(self, bsn: str) -> str:
        """HMAC-SHA256(key, "nazorg:v1:" + bsn) as hex."""
        return self._hmac(bsn).hex()

    def _hmac(self, bsn: str) -> bytes:
        """The raw HMAC-SHA256 pseudonym (bytes serve as well as hex in memory)."""
        return self._hmacs([bsn])[0]

    def _hmacs(self, bsns: list[str]) -> list[bytes]:
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        out = []
        for bsn in bsns:
            inner = inner_copy()
            inner.update(bsn.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            out.append(outer.digest())
        return out

    def digest(self, bsns: pd.Series) -> tuple[np.ndarray, bytes]:
        """The keyed pseudonyms of a column of valid BSNs: for each row the position of its
        pseudonym among the distinct ones, and those pseudonyms joined (32 bytes each). Runs
        wherever the key is, also in a worker process, and computes one HMAC per distinct BSN per
        process (cached across sources); :meth:`codes` then turns pseudonyms into codes."""
        positions, uniques = pd.factorize(np.asarray(bsns, dtype=object))
        uniques = uniques.tolist()
        cache = self._digest_cache
        missing = [bsn for bsn in uniques if bsn not in cache]
        cache.update(zip(missing, self._hmacs(missing)))
        return positions.astype(np.int64), b"".join(map(cache.__getitem__, uniques))

    def codes(self, positions: np.ndarray, pseudonyms: bytes) -> np.ndarray:
        """Integer person codes for rows given as :meth:`digest` returned them.

        Each pseudonym gets a small integer code, the same in every source of the run, so that
        joins are on integers. Neither the code nor the pseudonym leaves nazorg's own processes.
        Pseudonyms are looked up by their first 8 bytes in a hash index, and every match is then
        compared in full; should two pseudonyms ever share those bytes, a dictionary of whole
        pseudonyms takes over.
        """
        rows = np.frombuffer(pseudonyms, dtype=np.uint64).reshape(-1, WORDS)
        if self._first.is_unique:
            found = self._first.get_indexer(rows[:, 0])
            new = found == -1
            first = self._first.append(pd.Index(rows[new, 0]))
            if first.is_unique:
                found[new] = len(self._first) + np.arange(int(new.sum()))
                table = np.concatenate([self._table, rows[new]])
                if (table[found] == rows).all():
                    self._first, self._table = first, table
                    return found[positions].astype(np.int64)
        return self._codes_by_dictionary(rows)[positions]

    def _codes_by_dictionary(self, rows: np.ndarray) -> np.ndarray:
        """:meth:`codes` for pseudonyms that share their first 8 bytes: whole pseudonyms as keys."""
        known = {row.tobytes(): code for code, row in enumerate(self._table)}
        found = np.fromiter((known.setdefault(row.tobytes(), len(known)) for row in rows), dtype=np.int64, count=len(rows))
        self._table = np.frombuffer(b"".join(known), dtype=np.uint64).reshape(-1, WORDS).copy()
        self._first = pd.Index(self._table[:, 0])
        return found

    def code_of(self, bsn: str) -> int | None:
        """The integer code a BSN got in this run (for tests and cross-checks), or None."""
        row = np.frombuffer(self._hmac(bsn), dtype=np.uint64)
        match = np.flatnonzero((self._table == row).all(axis=1))
        return int(match[0]) if len(match) else None
