"""Findings: data problems as data, with a stable code and a location (DOMAIN §3, §5)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
INFO = "info"

# Stable codes, documented in docs/findings.md.
CODES = {
    "verplicht-leeg": "a required field is empty",
    "bsn-elfproef": "an identifier is not a valid BSN (9 digits, 11-proef)",
    "datum-ongeldig": "a date cannot be read (day first, never month first)",
    "datum-toekomst": "a date lies after today",
    "datum-te-vroeg": "a date lies before 1990-01-01 (birth dates: 1900-01-01)",
    "datum-volgorde": "an end date lies before its start date",
    "waarde-onbekend": "a value is outside the allowed list",
    "ja-nee-ongeldig": "a yes/no value cannot be read",
    "status-ongeldig": "a status value cannot be read",
    "getal-ongeldig": "a whole number >= 0 was expected",
    "duplicaat": "an exact duplicate of an earlier row; counted once",
    "episodes-overlappen": "two detention episodes of one person overlap",
    "persoon-niet-in-detenties": "the person does not occur in detenties",
    "bron-ontbreekt": "no file for this source; indicators that need it get geen_gegevens",
    "kolom-onbekend": "a column that nazorg does not use; it is ignored",
    "kolom-dubbel": "a second column naming the same field; the first one counts",
}


@dataclass(frozen=True)
class Finding:
    code: str
    ernst: str
    bron: str
    bestand: str | None
    blad: str | None
    rij: int | None
    kolom: str | None
    melding: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class SourceAccount:
    """Row accounting of one source: read = accepted + rejected + duplicates."""

    bron: str
    bestand: str | None = None
    blad: str | None = None
    rijen_gelezen: int = 0
    rijen_geaccepteerd: int = 0
    rijen_afgekeurd: int = 0
    duplicaten: int = 0
    onbekende_kolommen: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class QualityReport:
    bronnen: list[SourceAccount] = field(default_factory=list)
    bevindingen: list[Finding] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.ernst == FOUT for f in self.bevindingen)

    def count(self, ernst: str) -> int:
        return sum(1 for f in self.bevindingen if f.ernst == ernst)

    def as_dict(self) -> dict:
        order = {name: i for i, name in enumerate(b.bron for b in self.bronnen)}
        findings = sorted(
            self.bevindingen,
            key=lambda f: (order.get(f.bron, 99), f.bestand or "", f.rij or 0, f.kolom or "", f.code),
        )
        return {"bronnen": [b.as_dict() for b in self.bronnen], "bevindingen": [f.as_dict() for f in findings]}
