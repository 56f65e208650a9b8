"""Where each page goes in the output folder, how links name it, and how a period is named on it."""

from __future__ import annotations

from journal_tools.settings import Settings
from journal_tools.weeks import IsoWeek, Period

DASHBOARD = "Dashboard.md"

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def link_target(settings: Settings, page: str) -> str:
    """Return a page's vault path, as links from other pages name it."""
    return f"{settings.output}/{page.removesuffix('.md')}"


def weekly_path(week: IsoWeek) -> str:
    """Return a weekly page's path inside the output folder."""
    return f"Weekly/{week}.md"


def monthly_path(period: Period) -> str:
    """Return a monthly page's path inside the output folder: ``Monthly/2026-11.md``."""
    return f"Monthly/{period}.md"


def quarterly_path(period: Period) -> str:
    """Return a quarterly page's path inside the output folder: ``Quarterly/2026-Q4.md``."""
    return f"Quarterly/{period}.md"


def period_path(period: Period) -> str:
    """Return a monthly or quarterly page's path inside the output folder, by the period's size."""
    return monthly_path(period) if period.size == 1 else quarterly_path(period)


def label(period: Period) -> str:
    """Name a period as a person does: ``November 2026``, ``Q4 2026``."""
    if period.size == 1:
        return f"{MONTH_NAMES[period.month - 1]} {period.year}"
    return f"Q{period.month // 3 + 1} {period.year}"
