"""ISO weeks, months and the calendar arithmetic the pages need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday), as ``date.isocalendar()`` numbers it."""

    year: int
    week: int

    def __reduce__(self) -> tuple[type[IsoWeek], tuple[int, int]]:
        """Pickle as a call with the two numbers (notes are cached pickled)."""
        return IsoWeek, (self.year, self.week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """Return the week that contains ``day``."""
        return _week_at(day.toordinal() - day.weekday())

    @classmethod
    def parse(cls, text: str) -> IsoWeek | None:
        """Read ``GGGG-Www``; None when the text is not a valid ISO week."""
        match = _WEEK.match(text.strip())
        if not match:
            return None
        year, week = int(match.group(1)), int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        return cls.of(monday)

    @property
    def monday(self) -> date:
        """The first day of the week."""
        return _day_of(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        """The last day of the week."""
        return _day_of(self.year, self.week, 7)

    def shift(self, weeks: int) -> IsoWeek:
        """Return the week ``weeks`` weeks later (earlier when negative)."""
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __contains__(self, day: object) -> bool:
        """Tell whether a date falls in this week."""
        return isinstance(day, date) and self.monday <= day <= self.sunday

    def __str__(self) -> str:
        """Format as ``GGGG-Www``."""
        return _week_text(self.year, self.week)


@lru_cache(maxsize=8192)
def _week_text(year: int, week: int) -> str:
    """Format a week as ``GGGG-Www`` (one string for each week: pages name weeks by the thousand)."""
    return f"{year}-W{week:02d}"


@lru_cache(maxsize=1 << 14)
def _week_at(monday: int) -> IsoWeek:
    """Return the week whose Monday has this ordinal: one object for each week, however many days ask.

    Keyed by an int, the cache takes no key of its own for each entry; pages ask for the same weeks
    again and again, and a vault's notes name tens of thousands of days in a few thousand weeks.
    """
    iso = date.fromordinal(monday).isocalendar()
    return IsoWeek(iso.year, iso.week)


@lru_cache(maxsize=65536)
def _day_of(year: int, week: int, weekday: int) -> date:
    """Return a day of an ISO week (cached)."""
    return date.fromisocalendar(year, week, weekday)


@lru_cache(maxsize=65536)
def parse_iso_date(text: str) -> date | None:
    """Read a strict ``YYYY-MM-DD`` date; None when it is not one (or not a real day).

    Remembered: a vault names the same days again and again (due dates, done dates, daily notes).
    """
    if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-":
        return None
    if not (text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit()):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar month (``size`` 1) or quarter (``size`` 3, Q1 = January to March)."""

    year: int
    month: int
    """The period's first month."""
    size: int

    @classmethod
    def containing(cls, day: date, size: int) -> Period:
        """Return the month (size 1) or quarter (size 3) that contains ``day``."""
        return cls(day.year, (day.month - 1) // size * size + 1, size)

    @property
    def first(self) -> date:
        """The period's first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """The period's last day."""
        return _month_end(self.year, self.month + self.size - 1)

    def shift(self, count: int) -> Period:
        """Return the period ``count`` periods of the same size later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + count * self.size
        return Period(index // 12, index % 12 + 1, self.size)

    def __contains__(self, day: object) -> bool:
        """Tell whether a date falls in the period."""
        return isinstance(day, date) and self.first <= day <= self.last

    def __str__(self) -> str:
        """Format as ``2026-11`` (a month) or ``2026-Q4`` (a quarter), as the pages are named."""
        return f"{self.year}-{self.month:02d}" if self.size == 1 else f"{self.year}-Q{self.month // 3 + 1}"


@lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> date:
    """Return the last day of a month (cached: period pages ask for it very often)."""
    return date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1)
