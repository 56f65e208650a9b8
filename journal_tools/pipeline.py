"""Compose the stages: scan -> parse -> assemble -> analyze -> plan -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal_tools.analysis import Analysis, analyze
from journal_tools.assemble import assemble
from journal_tools.note import Problem
from journal_tools.pages import plan_pages
from journal_tools.parse import read_note
from journal_tools.render import Renderer
from journal_tools.scan import scan_vault
from journal_tools.settings import Settings, load_settings
from journal_tools.write import WriteReport, write_pages


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outcome of a build: the analysis, what was written, and every problem."""

    analysis: Analysis
    report: WriteReport
    problems: tuple[Problem, ...]
    """Problems in notes, templates and pages, in path order."""

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == "error")


def analyze_vault(vault: Path, today: date, settings: Settings | None = None) -> Analysis:
    """Read every note and judge the vault on ``today`` (writes nothing)."""
    settings = settings or load_settings(vault)
    sources, scan_problems = scan_vault(vault, settings)
    notes = [read_note(vault, source.path) for source in sources]
    return analyze(assemble(notes, settings, scan_problems), today, settings)


def build(
    vault: Path, today: date, *, settings: Settings | None = None, dry_run: bool = False
) -> BuildResult:
    """Gather everything, render every page, then write (nothing when ``dry_run``)."""
    settings = settings or load_settings(vault)
    analysis = analyze_vault(vault, today, settings)
    renderer = Renderer(vault)
    pages: dict[str, str] = {}
    problems = list(analysis.problems)
    for page in plan_pages(analysis, settings):
        pages[page.path], template_problems = renderer.render(page)
        problems += template_problems
    report = write_pages(vault, settings.output, pages, dry_run=dry_run)
    problems += report.problems
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    return BuildResult(analysis, report, tuple(ordered))
