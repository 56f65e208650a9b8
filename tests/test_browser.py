"""The real-browser check: every Mermaid block of the generated pages draws an SVG in Chromium, no error."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal_tools.pipeline import build
from tests import browser
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_vault"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile_vault"
HOSTILE_TITLE = 'Q3: lead "Atlas"; #1 %%{init: {"theme": "forest"}}%% <b>bold</b> `tick` [x] {y} | & \\ end'

pytestmark = [
    pytest.mark.browser,
    # .ci/run installs Chromium and Mermaid; under CI=true a skip fails (tests/conftest.py).
    pytest.mark.skipif(bool(browser.missing()), reason=f"browser check: {browser.missing()}"),
]


def _charts(root: Path, tmp_path: Path) -> dict[str, list[dict[str, object]]]:
    """Draw every page under ``root`` that has a Mermaid block; return the results by page."""
    drawn = {}
    for index, page in enumerate(sorted(root.rglob("*.md"))):
        text = page.read_text(encoding="utf-8")
        if "```mermaid" in text:
            drawn[page.relative_to(root).as_posix()] = browser.draw(text, tmp_path, f"page{index}")
    return drawn


def _failures(drawn: dict[str, list[dict[str, object]]]) -> list[str]:
    return [
        f"{page} #{i}: {r['error']}" for page, rs in drawn.items() for i, r in enumerate(rs) if not r["ok"]
    ]


def _built(source: Path, tmp_path: Path) -> Path:
    """Build a copy of a vault (without its pages) on the sample day; return its output folder."""
    vault = tmp_path / source.name
    shutil.copytree(source, vault, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
    assert build(vault, TODAY).errors == 0
    return vault / "Reviews"


def test_every_chart_of_the_sample_vault_draws(tmp_path: Path) -> None:
    drawn = _charts(_built(SAMPLE, tmp_path), tmp_path)
    assert len(drawn["Dashboard.md"]) == 3  # gantt, rating line, done bars
    assert any(page.startswith("Weekly/") for page in drawn)
    assert any(page.startswith("Monthly/") for page in drawn)
    assert _failures(drawn) == []


def test_the_burn_ups_of_the_sample_vault_with_a_git_history_draw(tmp_path: Path) -> None:
    vault = tmp_path / "history"
    script = ROOT / "bench" / "sample_history.py"
    subprocess.run([sys.executable, str(script), str(vault)], check=True, capture_output=True, timeout=120)
    assert build(vault, TODAY).errors == 0

    drawn = _charts(vault / "Reviews", tmp_path)

    texts = "\n".join(str(r["text"]) for rs in drawn.values() for r in rs)
    assert "Lead the Atlas cross-functional project: burn-up" in texts
    assert "Reduce overtime by 20%: burn-up" in texts
    assert _failures(drawn) == []


def test_hostile_titles_draw_as_written(tmp_path: Path) -> None:
    drawn = _charts(_built(HOSTILE, tmp_path), tmp_path)
    assert _failures(drawn) == []
    texts = "\n".join(str(r["text"]) for rs in drawn.values() for r in rs)
    assert HOSTILE_TITLE in texts  # the gantt task, and the metric chart's title, show the title unchanged
    assert "2026-12-01 click here <script>alert(1)</script>" in texts
    assert "section: gantt; title #x; x-axis [1, 2] --> 3" in texts


def test_a_broken_diagram_fails_the_check(tmp_path: Path) -> None:
    unescaped = 'Q3: lead "Atlas"; #1 :2026-01-01, 2026-02-01'  # the title as it is, not escaped
    broken = f"# Page\n\n```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    {unescaped}\n```\n"
    results = browser.draw(broken, tmp_path)
    assert len(results) == 1
    assert not results[0]["ok"]
    assert results[0]["error"]


def test_a_generated_gantt_broken_on_purpose_fails_alone(tmp_path: Path) -> None:
    page = (SAMPLE / "Reviews" / "Dashboard.md").read_text(encoding="utf-8")
    task = re.search(r"^    \S.* :(?:\w+, )*\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d$", page, re.MULTILINE)
    assert task is not None  # the committed dashboard's gantt, first task: "    Name :2026-09-01, 2028-06-30"
    broken = page.replace(task.group(), task.group().replace(" :", " ", 1))  # the task loses its ':'
    results = browser.draw(broken, tmp_path)
    # The gantt fails; the rating line and the done bars after it still draw.
    assert [r["ok"] for r in results] == [False, True, True]
    assert "Parse error" in str(results[0]["error"])
