"""Findings: data problems as data, with a stable code and a location (DOMAIN §3, §5)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from nazorg_cli.codes import CODES, EMPTIED, FOUT, INFO, WAARSCHUWING, message

__all__ = ["FOUT", "INFO", "WAARSCHUWING", "Finding", "QualityReport", "SourceAccount"]


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

    @classmethod
    def of(
        cls,
        code: str,
        bron: str,
        bestand: str | None,
        blad: str | None,
        rij: int | None,
        kolom: str | None,
        emptied: bool = False,
        **fields: object,
    ) -> Finding:
        """A finding with the severity and the Dutch message the code registry gives ``code``
        (``bron`` and ``kolom``, the user's own header, are among the message's fields). With
        ``emptied`` the value was in a field that is not required: the field is left empty and
        the row kept, so the finding is a warning that says so."""
        text = message(code, "", bron=bron, kolom=kolom, **fields)
        if emptied:
            return cls(code, WAARSCHUWING, bron, bestand, blad, rij, kolom, f"{text} {EMPTIED}")
        return cls(code, CODES[code].ernst, bron, bestand, blad, rij, kolom, text)

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
    # canonical field -> the export's own header that was matched to it
    kolommen: dict[str, str] = field(default_factory=dict)

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
