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
    def whole_months(self) -> int | None:
        """The number of calendar months when P runs from a 1st to a month's last day, else None."""
        if self.van.day != 1 or (self.tot_en_met + timedelta(days=1)).day != 1:
            return None
        end = self.tot_en_met + timedelta(days=1)
        return (end.year - self.van.year) * 12 + end.month - self.van.month

    def previous(self) -> Period:
        """The previous period of equal length: as many whole months back for a period of whole
        months (the previous year, half year, quarter), else as many days back."""
        months = self.whole_months
        if months:
            index = self.van.year * 12 + self.van.month - 1 - months
            start = date(index // 12, index % 12 + 1, 1)
            return Period(start, self.van - timedelta(days=1))
        end = self.van - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)


def pooled_label(current: str, previous: str) -> str:
    """The periode of P and the period before it together (DOMAIN §6 v2, pooling)."""
    return f"{previous.split('/')[0]}/{current.split('/')[1]}"


def is_pooled(label: str, current: str) -> bool:
    """Whether ``label`` is a pooled periode of the report period ``current`` (it ends where
    ``current`` ends and starts before it)."""
    start, end = label.split("/")
    return end == current.split("/")[1] and start < current.split("/")[0]


@dataclass(frozen=True)
class Span:
    """What kind of calendar span a period is, for naming it: 'jaren' (whole calendar years),
    'halfjaar' or 'kwartaal' (with its number), 'maand', or 'anders'."""

    kind: str
    van: date
    tot: date
    number: int = 0


def span(label: str) -> Span:
    van, tot = (date.fromisoformat(p) for p in label.split("/"))
    months = Period(van, tot).whole_months
    if months and van.month == 1 and months % 12 == 0:
        return Span("jaren", van, tot)
    if months and van.year == tot.year:
        if months == 6 and van.month in (1, 7):
            return Span("halfjaar", van, tot, 1 if van.month == 1 else 2)
        if months == 3 and van.month in (1, 4, 7, 10):
            return Span("kwartaal", van, tot, (van.month + 2) // 3)
        if months == 1:
            return Span("maand", van, tot)
    return Span("anders", van, tot)


def period_name(label: str) -> str:
    """A period label (2019-01-01/2019-12-31) as people say it in a table: '2019' for a calendar
    year ('2018-2019' for two), '1e halfjaar 2019', '3e kwartaal 2019', 'maart 2019', else
    '1 juli 2018 t/m 30 juni 2019'."""
    from babel.dates import format_date

    found = span(label)
    van, tot = found.van, found.tot
    if found.kind == "jaren":
        return str(van.year) if van.year == tot.year else f"{van.year}-{tot.year}"
    if found.kind in ("halfjaar", "kwartaal"):
        return f"{found.number}e {found.kind} {van.year}"
    if found.kind == "maand":
        return format_date(van, format="MMMM y", locale="nl_NL")
    return f"{format_date(van, format='long', locale='nl_NL')} t/m {format_date(tot, format='long', locale='nl_NL')}"
