"""A watcher's build hands the dashboard over first, then every other page planned at once."""

from __future__ import annotations

from collections.abc import Iterator

from journal_tools.page_order import first_then_all


def _planned(log: list[str], count: int) -> Iterator[int]:
    """Yield ``count`` pages, noting when each is planned."""
    for page in range(count):
        log.append(f"planned {page}")
        yield page


def test_the_first_page_comes_before_any_other_is_planned_and_the_rest_come_planned() -> None:
    log: list[str] = []
    for page in first_then_all(_planned(log, 3)):
        log.append(f"written {page}")
    assert log == ["planned 0", "written 0", "planned 1", "planned 2", "written 1", "written 2"]


def test_every_page_is_planned_even_when_writing_the_first_one_stops() -> None:
    log: list[str] = []
    pages = first_then_all(_planned(log, 3))
    assert next(pages) == 0
    pages.close()  # what a failure while writing the dashboard does to the build's generators
    assert log == ["planned 0", "planned 1", "planned 2"]


def test_no_page_is_no_page() -> None:
    assert list(first_then_all(_planned([], 0))) == []
