"""A watcher that starts from the last build takes the pages no change reaches from disk, unrendered,
and its builds then write exactly what fresh builds do."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import given

from journal_tools.outcome import run_build
from journal_tools.pages import Page
from journal_tools.pipeline import Session
from journal_tools.problem import Problem
from journal_tools.render import Renderer
from journal_tools.week_context import Settled, WeekInputs
from journal_tools.weeks import IsoWeek
from tests.conftest import TODAY, MakeVault
from tests.test_incremental import _apply, _pages, edits
from tests.test_prior_build import OUT, _fresh, _old_and_new, built_vault, edited_this_week
from tests.test_properties import vaults


class Counting(Renderer):
    """A renderer that notes each page it renders."""

    def __init__(self, vault: Path) -> None:
        super().__init__(vault)
        self.rendered: list[str] = []

    def render(self, page: Page, context: Any = None) -> tuple[str, list[Problem]]:
        self.rendered.append(page.path)
        return super().render(page, context)


def _watcher(vault: Path) -> tuple[Session, Counting]:
    """Start a session as ``watch`` does, with a renderer that tells which pages it renders."""
    session = Session(vault, resume=True)
    session.renderer = renderer = Counting(vault)
    return session, renderer


def _tick_in_old_note(session: Session, vault: Path, day: str, done: str) -> None:
    """Save a task done on ``done`` into the daily note of ``day``; the watcher takes it in and builds."""
    note = vault / f"Daily/{day}.md"
    note.write_text(note.read_text(encoding="utf-8") + f"- [x] also then [[g]] ✅ {done}\n", encoding="utf-8")
    session.apply({f"Daily/{day}.md"})
    run_build(session, TODAY, stamp=False)


def test_a_watchers_start_renders_only_the_pages_a_change_reaches(make_vault: MakeVault) -> None:
    vault, old_page, before = edited_this_week(make_vault)
    session, renderer = _watcher(vault)
    assert session.built_for == TODAY  # started from the last build
    outcome = run_build(session, TODAY)
    assert not {"Weekly/2026-W06.md", "Weekly/2026-W10.md", "Monthly/2026-02.md"} & set(renderer.rendered)
    assert {"Dashboard.md", "Weekly/2026-W11.md", "Weekly/2026-W47.md"} <= set(renderer.rendered)
    assert f"{OUT}/Weekly/2026-W10.md" in outcome.report.unchanged
    assert old_page.stat().st_mtime_ns == before
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]
    # a later save in an old week: the page taken from disk is made again, as a fresh build makes it
    _tick_in_old_note(session, vault, "2026-03-02", "2026-03-02")
    assert "Weekly/2026-W10.md" in renderer.rendered
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]


def test_a_watcher_without_a_last_build_renders_every_page(make_vault: MakeVault) -> None:
    vault, _ = _old_and_new(make_vault)
    (vault / ".journal-tools.toml").write_text("stale_days = 3\n", encoding="utf-8")  # other settings
    session, renderer = _watcher(vault)
    assert session.built_for is None
    run_build(session, TODAY)
    assert "Weekly/2026-W10.md" in renderer.rendered


def test_a_page_changed_after_the_watcher_started_is_not_taken_from_disk(make_vault: MakeVault) -> None:
    vault, _ = _old_and_new(make_vault)
    edited, deleted = vault / OUT / "Weekly/2026-W10.md", vault / OUT / "Weekly/2026-W06.md"
    session, _ = _watcher(vault)
    assert session.built_for == TODAY
    edited.write_text(edited.read_text(encoding="utf-8") + "my own words\n", encoding="utf-8")
    deleted.unlink()
    outcome = run_build(session, TODAY)
    assert f"{OUT}/Weekly/2026-W06.md" in outcome.report.written
    assert [p.path for p in outcome.report.problems] == [f"{OUT}/Weekly/2026-W10.md"]
    assert "edited by hand" in outcome.report.problems[0].message
    assert edited.read_text(encoding="utf-8").endswith("my own words\n")


def test_pages_taken_from_disk_are_planned_without_their_inputs(make_vault: MakeVault) -> None:
    """A watcher's start works out no settled week's or period's inputs; a settled page deleted since
    the last build is made from inputs worked out as it is rendered, as a fresh build makes it."""
    vault, _, _ = edited_this_week(make_vault)
    deleted = ["Weekly/2026-W06.md", "Weekly/2026-W10.md", "Monthly/2026-02.md", "Quarterly/2026-Q1.md"]
    session, renderer = _watcher(vault)
    for page in deleted:  # after the start: a page missing then would make the start plan everything
        (vault / OUT / page).unlink()
    outcome = run_build(session, TODAY)
    assert session.pages is not None
    assert session.periods is not None
    assert isinstance(session.pages.weekly[IsoWeek(2026, 6)][0], Settled)
    assert isinstance(session.pages.weekly[IsoWeek(2026, 47)][0], WeekInputs)
    assert {f"{OUT}/{page}" for page in deleted} <= set(outcome.report.written)
    assert set(deleted) <= set(renderer.rendered)
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]
    # a later save that reaches a settled week works out its inputs, and builds as a fresh build does
    _tick_in_old_note(session, vault, "2026-02-03", "2026-02-04")
    assert isinstance(session.pages.weekly[IsoWeek(2026, 6)][0], WeekInputs)
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]


@given(vaults(), edits)
def test_watchers_started_from_the_last_build_build_as_fresh_builds_do(
    files: dict[str, str], changes: list[tuple[str, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        vault, clock = built_vault(temp, files)
        today, session = TODAY, None
        for change in changes:
            if change[0] == "later":
                today += timedelta(days=change[1])
            changed = _apply(vault, change)
            clock.age(vault, changed)
            if session is None:  # the watcher starts after the first edit, from the build before it
                session = Session(vault, resume=True)
                assert session.built_for == TODAY
                problems = run_build(session, today).found
            else:
                session.apply(changed)
                problems = run_build(session, today, stamp=False).found
            pages, fresh_problems = _fresh(vault, temp, today)
            assert problems == fresh_problems
            assert _pages(vault / OUT) == pages
