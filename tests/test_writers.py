"""Pages written by the helper process are the pages written here, with the same refusals and outcomes."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from journal_tools import writers
from journal_tools.ownership import stamped
from journal_tools.pipeline import build
from journal_tools.writers import STOPPED, PageFile, Writers
from tests.conftest import TODAY, MakeVault

GOAL = "---\ntype: goal\ntitle: Ship it\ndue: 2026-12-31\n---\n"
DAYS = [f"2026-{month:02d}-{day:02d}" for month in (7, 8, 9, 10) for day in (6, 13, 20, 27)]


def _pages(vault: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault).as_posix(): p.read_bytes() for p in sorted((vault / "Reviews").rglob("*.md"))
    }


def _page(folder: Path, number: int) -> tuple[PageFile, bytes]:
    """Return a generated page numbered ``number`` in ``folder``, and its bytes."""
    made = stamped(f"Weekly/{number}.md", f"# Page {number}\n")
    assert made.data is not None
    return PageFile(folder / f"{number}.md", f"{number}.md", f"Reviews/{number}.md", made.checksum), made.data


@pytest.fixture
def helper_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hand pages to the helper process from the fourth on."""
    monkeypatch.setattr(writers, "PROCESS_AFTER", 3)


@pytest.mark.usefixtures("helper_soon")
def test_a_build_whose_pages_the_helper_writes_writes_the_same_pages(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault({"g.md": GOAL, **{f"{day}.md": "- [x] a [[g]]\n" for day in DAYS}})
    alone = tmp_path / "alone"
    shutil.copytree(vault, alone)
    helped = build(vault, TODAY)
    assert len(helped.report.written) > writers.PROCESS_AFTER + writers.WAITING
    monkeypatch.setattr(writers, "PROCESS_AFTER", 10**9)  # every page written by this process
    assert build(alone, TODAY).report == helped.report
    assert _pages(vault) == _pages(alone)


@pytest.mark.usefixtures("helper_soon")
def test_the_helper_leaves_a_file_that_is_not_a_page_alone(tmp_path: Path) -> None:
    pages = [_page(tmp_path, number) for number in range(40)]
    mine = pages[30][0].path
    mine.write_text("my own notes\n", encoding="utf-8")
    writing = Writers(dry_run=False)
    for page, data in pages:
        writing.add(page, data)
    assert writing.helper is not None  # the last pages went to the helper
    outcomes = {page.path: outcome for page, outcome in writing.finish()}
    assert outcomes[mine][0] == "refused"
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert all(outcome == ("written", "") for path, outcome in outcomes.items() if path != mine)
    assert all(page.path.read_bytes() == data for page, data in pages if page.path != mine)


@pytest.mark.usefixtures("helper_soon")
def test_a_helper_that_dies_leaves_failures_not_a_hang(tmp_path: Path) -> None:
    pages = [_page(tmp_path, number) for number in range(40)]
    writing = Writers(dry_run=False)
    for page, data in pages[:10]:
        writing.add(page, data)
    assert writing.helper is not None
    writing.helper.process.kill()  # as the kernel does to a process out of memory
    writing.helper.process.join()
    for page, data in pages[10:]:
        writing.add(page, data)  # written by this process's threads once the helper is found gone
    outcomes = dict(writing.finish())
    assert len(outcomes) == len(pages)
    sent = [page for page, _ in pages[writers.PROCESS_AFTER : 10]]
    assert all(outcomes[page] == STOPPED for page in sent)  # whether it wrote them or not is unknown
    assert all(outcomes[page] == ("written", "") for page, _ in pages[10:])
    assert all(page.path.read_bytes() == data for page, data in pages[10:])


@pytest.mark.usefixtures("helper_soon")
def test_ctrl_c_is_left_to_the_build_not_the_helper(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pages = [_page(tmp_path, number) for number in range(40)]
    writing = Writers(dry_run=False)
    for page, data in pages[:10]:
        writing.add(page, data)
    assert writing.helper is not None
    assert writing.helper.process.pid is not None
    for _ in range(1000):  # wait until the helper writes (a wait, not a check of time)
        if pages[9][0].path.exists():
            break
        time.sleep(0.01)
    os.kill(writing.helper.process.pid, signal.SIGINT)  # what Ctrl-C sends every process of the terminal
    for page, data in pages[10:]:
        writing.add(page, data)
    assert all(outcome == ("written", "") for _, outcome in writing.finish())
    assert capfd.readouterr().err == ""  # no traceback from the helper


def test_the_first_few_pages_are_on_disk_as_soon_as_they_are_handed(tmp_path: Path) -> None:
    """A watcher's save shows without waiting for the pages planned after it."""
    pages = [_page(tmp_path, number) for number in range(writers.WRITERS + 3)]
    writing = Writers(dry_run=False)
    for handed, (page, data) in enumerate(pages, start=1):
        writing.add(page, data)
        if handed <= writers.WRITERS:
            assert page.path.read_bytes() == data
    done = writing.finish()
    assert [(page.rel, outcome) for page, outcome in done] == [(p.rel, ("written", "")) for p, _ in pages]
    assert all(page.path.read_bytes() == data for page, data in pages)
