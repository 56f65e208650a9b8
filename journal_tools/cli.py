"""The command line: the only place that prints or exits."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import click

from journal_tools import __version__
from journal_tools.errors import JournalError, SettingsError
from journal_tools.export import export
from journal_tools.note import Problem
from journal_tools.pipeline import analyze_vault, build

EXIT_PROBLEMS = 1
EXIT_USAGE = 2

_vault_argument = click.argument(
    "vault",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
_today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge the vault as of this day (YYYY-MM-DD); default: the real date.",
)


def _today(value: datetime | None) -> date:
    """Return the day the vault is judged on."""
    return value.date() if value else date.today()


def _fail(error: JournalError) -> None:
    """Print a user-facing error and exit: 2 for settings, 1 otherwise."""
    click.echo(f"journal-tools: {error}", err=True)
    sys.exit(EXIT_USAGE if isinstance(error, SettingsError) else EXIT_PROBLEMS)


def _plural(count: int, word: str) -> str:
    """Say ``1 note`` or ``3 notes``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print_problems(problems: tuple[Problem, ...]) -> None:
    """Print problems as ``path:line: message``, one a line, on stderr."""
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journal-tools")
def main() -> None:
    """Turn a Markdown journal of career goals into a dashboard and weekly reviews."""


@main.command("build")
@_vault_argument
@_today_option
@click.option("--strict", is_flag=True, help="Exit 1 when any problem (even a warning) was found.")
def build_command(vault: Path, today: datetime | None, strict: bool) -> None:
    """Write the dashboard and review pages into the vault's output folder."""
    try:
        result = build(vault, _today(today))
    except JournalError as error:
        _fail(error)
        return
    _print_problems(result.problems)
    report = result.report
    analysis = result.analysis
    click.echo(
        f"{vault}: {_plural(len(analysis.vault.notes), 'note')}, {_plural(len(analysis.goals), 'goal')}, "
        f"{_plural(len(analysis.vault.tasks), 'task')}; pages: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
        f"{_plural(len(result.problems), 'problem')} ({_plural(result.errors, 'error')})"
    )
    if strict and result.problems:
        sys.exit(EXIT_PROBLEMS)


@main.command("check")
@_vault_argument
@_today_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
def check_command(vault: Path, today: datetime | None, as_json: bool) -> None:
    """List the problems in the vault's notes; exit 1 when any is an error. Writes nothing."""
    try:
        analysis = analyze_vault(vault, _today(today))
    except JournalError as error:
        _fail(error)
        return
    problems = analysis.problems
    if as_json:
        data = [
            {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message} for p in problems
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem))
        errors = sum(1 for p in problems if p.severity == "error")
        notes = _plural(len(analysis.vault.notes), "note")
        summary = f"{_plural(len(problems), 'problem')} ({_plural(errors, 'error')}) in {notes}"
        click.echo(summary, err=True)
    if any(p.severity == "error" for p in problems):
        sys.exit(EXIT_PROBLEMS)


@main.command("export")
@_vault_argument
@_today_option
def export_command(vault: Path, today: datetime | None) -> None:
    """Print the progress model as JSON (see docs/export.md)."""
    try:
        analysis = analyze_vault(vault, _today(today))
    except JournalError as error:
        _fail(error)
        return
    click.echo(json.dumps(export(analysis), indent=2, ensure_ascii=False))
