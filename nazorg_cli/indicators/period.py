"""The evaluated period P, inclusive at both ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    van: date
    tot_en_met: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        return f"{self.van.isoformat()}/{self.tot_en_met.isoformat()}"

    @property
    def days(self) -> int:
        return (self.tot_en_met - self.van).days + 1

    @property
    def is_calendar_year(self) -> bool:
        return self.van == date(self.van.year, 1, 1) and self.tot_en_met == date(self.van.year, 12, 31)

    @property
    def name(self) -> str:
        """Short Dutch name: the year for a calendar year, else the range."""
        if self.is_calendar_year:
            return str(self.van.year)
        return f"{self.van.strftime('%d-%m-%Y')} t/m {self.tot_en_met.strftime('%d-%m-%Y')}"

    def previous(self) -> Period:
        """The previous period of equal length (the previous year for a calendar year)."""
        if self.is_calendar_year:
            return Period.year(self.van.year - 1)
        end = self.van - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)
