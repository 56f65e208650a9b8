"""Plan the monthly and quarterly review pages: which periods get a page, and which pages are kept."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from journal_tools.analysis import Analysis
from journal_tools.burnup import BurnUps, TimelineMemo
from journal_tools.page_paths import period_path
from journal_tools.pages import Page, Planned
from journal_tools.period_context import AtHand, period_context
from journal_tools.periods import PeriodFacts, PeriodSummary, period_lists, summarize_periods
from journal_tools.settings import Settings
from journal_tools.skills import feedback
from journal_tools.weeks import IsoWeek, Period


@dataclass(slots=True)
class PeriodCache:
    """Period pages kept between builds, with the neighbours they were planned with."""

    key: object = None
    pages: dict[Period, tuple[tuple[Period | None, Period | None], Page]] = field(default_factory=dict)
    lists: tuple[list[Period], ...] = ()
    """The months and the quarters of the last build."""
    timeline: TimelineMemo = field(default_factory=TimelineMemo)
    """What the burn-ups keep of each note between builds."""
    at_hand: AtHand | None = None
    """What the build at hand makes the pages' contexts from (a page holds how, not its context)."""
    settled_from: date = date.max
    """The first day of the oldest period planned settled (:func:`_settled_page`)."""
    settled_facts: PeriodFacts | None = None
    """The facts of the build at hand that settled pages are summarised from, made when first needed."""


def plan_period_pages(
    analysis: Analysis,
    settings: Settings,
    cache: PeriodCache | None = None,
    clean_before: IsoWeek | None = None,
) -> Planned:
    """Plan one page per month and per quarter with activity (and the current ones), oldest first.

    With a ``cache`` (kept by a watcher), periods that end before ``clean_before`` keep their page as
    long as their neighbours are the same: only dated facts from then on can have changed. Without one,
    no page is kept once taken, and those periods but the last (its next-page link may change) are not
    planned: :attr:`Planned.kept` names their pages. Take every page: the cache is brought up to date.
    """
    keep = cache is not None
    cache = cache if cache is not None else PeriodCache()
    key = (tuple(sorted(analysis.goal_titles.items())), settings)
    if cache.key != key:
        cache.key, cache.pages, cache.lists = key, {}, ()
    since = clean_before.monday if clean_before is not None and keep else None
    months, quarters = cache.lists = period_lists(analysis, cache.lists, since)
    kept = [] if keep or clean_before is None else ended_periods((months, quarters), clean_before)
    pages = _pages(analysis, settings, cache, keep, since, set(kept))
    return Planned(len(months) + len(quarters) - len(kept), pages, tuple(map(period_path, kept)))


def ended_periods(lists: tuple[list[Period], ...], week: IsoWeek) -> list[Period]:
    """Return the periods of each list that end before ``week``, but the last of them."""
    ended = (bisect.bisect_left(periods, week.monday, key=attrgetter("last")) for periods in lists)
    return [p for periods, count in zip(lists, ended, strict=True) for p in periods[: max(count - 1, 0)]]


def _pages(
    analysis: Analysis,
    settings: Settings,
    cache: PeriodCache,
    keep: bool,
    since: date | None,
    kept: set[Period],
) -> Iterator[Page]:
    """Yield the pages of the months, then of the quarters, in :attr:`PeriodCache.lists` (see above)."""
    months, quarters = cache.lists
    with_page = set(months)
    notes = feedback(analysis.vault)[0]
    neighbours = {p: _neighbours(periods, i) for periods in (months, quarters) for i, p in enumerate(periods)}
    stale = []
    for p in (*months, *quarters):
        if p in kept:
            continue
        if since is None or p.last >= since:
            stale.append(p)
        elif p not in cache.pages:  # a watcher's start: the last build's page stands
            cache.pages[p] = (neighbours[p], _settled_page(cache, p, neighbours[p]))
        elif cache.pages[p][0] != neighbours[p]:
            stale.append(p)
    facts = PeriodFacts(analysis, min(p.first for p in stale)) if stale else None
    burnups = BurnUps(analysis, settings.charts, cache.timeline, since)
    cache.at_hand, cache.settled_facts = AtHand(analysis, settings, with_page, notes, burnups), None
    for periods, size in ((months, 1), (quarters, 3)):
        wanted = [p for p in stale if p.size == size]  # in the order of ``periods``
        summaries, fresh = summarize_periods(analysis, size, wanted, facts), set(wanted)
        for period in periods:
            if period in kept:
                continue
            if period not in fresh:
                yield cache.pages[period][1]
                continue
            page = _period_page(cache, next(summaries), neighbours[period])
            if keep:
                cache.pages[period] = (neighbours[period], page)
            yield page
    for gone in set(cache.pages) - set(months) - set(quarters):
        del cache.pages[gone]


def _period_page(
    cache: PeriodCache, summary: PeriodSummary, neighbours: tuple[Period | None, Period | None]
) -> Page:
    """Plan one monthly or quarterly page; its context is made when it is rendered (see :class:`Page`)."""
    return _page(summary.period, functools.partial(period_context, cache, summary, neighbours))


def _settled_page(
    cache: PeriodCache, period: Period, neighbours: tuple[Period | None, Period | None]
) -> Page:
    """Plan a period's page as the last build wrote it, at a watcher's start: not summarised unless rendered.

    Summarising every period took a fifth of a watcher's start; a period that ended before the first
    change since the last build is summarised only if its page is rendered (edited or deleted since).
    A later change that reaches it plans it anew, as any other.
    """
    cache.settled_from = min(cache.settled_from, period.first)

    def make() -> dict[str, Any]:
        now = cache.at_hand
        assert now is not None  # set by _pages before any page is taken
        facts = cache.settled_facts
        if facts is None or facts.analysis is not now.analysis:
            facts = cache.settled_facts = PeriodFacts(now.analysis, cache.settled_from)
        summary = next(summarize_periods(now.analysis, period.size, [period], facts))
        return period_context(cache, summary, neighbours)

    return _page(period, make)


def _page(period: Period, make: Callable[[], dict[str, Any]]) -> Page:
    """Return a month's or a quarter's page, whose context ``make`` makes when it is rendered."""
    template = "monthly.md.j2" if period.size == 1 else "quarterly.md.j2"
    return Page(period_path(period), template, make)


def _neighbours(periods: list[Period], index: int) -> tuple[Period | None, Period | None]:
    """Return the nearest earlier and later periods that have a page."""
    previous = periods[index - 1] if index else None
    following = periods[index + 1] if index + 1 < len(periods) else None
    return previous, following
