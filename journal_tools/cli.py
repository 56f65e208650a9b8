"""The command line: the only place that prints or exits."""

from __future__ import annotations

import gc
import json
import logging
import signal
import sys
import time
from datetime import date
from pathlib import Path

import click

from journal_tools import __version__
from journal_tools.create import plan_init, plan_note
from journal_tools.errors import JournalError, SettingsError
from journal_tools.export import export
from journal_tools.new_note import KINDS
from journal_tools.note import Problem
from journal_tools.pipeline import BuildResult, Session, analyze_vault, build
from journal_tools.render import VAULT_TEMPLATES
from journal_tools.scan import is_watched
from journal_tools.settings import SETTINGS_FILE
from journal_tools.watch import Watcher
from journal_tools.weeks import parse_iso_date
from journal_tools.write import atomic_write

EXIT_PROBLEMS = 1
EXIT_USAGE = 2

_vault_argument = click.argument(
    "vault",
    default=".",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


def _check_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Read ``--today`` as a strict YYYY-MM-DD date."""
    if value is None:
        return None
    day = parse_iso_date(value)
    if day is None:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD")
    return day


_today_option = click.option(
    "--today",
    callback=_check_today,
    default=None,
    metavar="YYYY-MM-DD",
    help="Judge the vault as of this day; default: the real date.",
)


def _today(value: date | None) -> date:
    """Return the day the vault is judged on."""
    return value or date.today()


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


def _interrupt(signum: int, frame: object) -> None:
    """Stop watching on SIGTERM the way Ctrl-C does."""
    raise KeyboardInterrupt


def _summary(result: BuildResult) -> str:
    """Say in one line what a build read, wrote and found."""
    report = result.report
    analysis = result.analysis
    return (
        f"{_plural(len(analysis.vault.notes), 'note')}, {_plural(len(analysis.goals), 'goal')}, "
        f"{_plural(len(analysis.vault.tasks), 'task')}; pages: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
        f"{_plural(len(result.problems), 'problem')} ({_plural(result.errors, 'error')})"
    )


@main.command("build")
@_vault_argument
@_today_option
@click.option("--strict", is_flag=True, help="Exit 1 when any problem (even a warning) was found.")
@click.option("--check", is_flag=True, help="Write nothing; list the pages that would change, exit 1 if any.")
def build_command(vault: Path, today: date | None, strict: bool, check: bool) -> None:
    """Write the dashboard and review pages into the vault's output folder."""
    try:
        result = build(vault, _today(today), dry_run=check)
    except JournalError as error:
        _fail(error)
        return
    if check:
        stale = sorted(result.report.written + result.report.removed)
        for page in stale:
            click.echo(page)
        _print_problems(tuple(result.report.problems))
        blocked = len(result.report.problems)
        if stale or blocked:
            said = [f"{_plural(len(stale), 'page')} out of date (run journal-tools build)"] if stale else []
            said += [f"{_plural(blocked, 'page')} that build cannot write"] if blocked else []
            click.echo(f"journal-tools: {'; '.join(said)}", err=True)
            sys.exit(EXIT_PROBLEMS)
        return
    _print_problems(result.problems)
    click.echo(f"{vault}: {_summary(result)}")
    if strict and result.problems:
        sys.exit(EXIT_PROBLEMS)


@main.command("check")
@_vault_argument
@_today_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
def check_command(vault: Path, today: date | None, as_json: bool) -> None:
    """List the problems in the vault's notes; exit 1 when any is an error. Writes nothing."""
    try:
        result = build(vault, _today(today), dry_run=True)
    except JournalError as error:
        _fail(error)
        return
    problems = result.problems
    analysis = result.analysis
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
def export_command(vault: Path, today: date | None) -> None:
    """Print the progress model as JSON (see docs/export.md)."""
    try:
        analysis = analyze_vault(vault, _today(today))
    except JournalError as error:
        _fail(error)
        return
    click.echo(json.dumps(export(analysis), indent=2, ensure_ascii=False))


@main.command("watch")
@_vault_argument
@_today_option
@click.option("--poll", is_flag=True, help="Poll for changes (network drives, WSL, cloud folders).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Also list the pages written and the problems.")
@click.option(
    "--reconcile", default=300.0, show_default=True, help="Seconds between full checks for missed changes."
)
def watch_command(
    vault: Path, today: date | None, poll: bool, quiet: bool, verbose: bool, reconcile: float
) -> None:
    """Build, then keep the pages current while notes change, until Ctrl-C."""
    logging.basicConfig(format="journal-tools: %(message)s", level=logging.WARNING)
    try:
        session = Session(vault)
        result = session.build(_today(today))
    except JournalError as error:
        _fail(error)
        return
    gc.freeze()  # the notes live as long as the watcher: keep the collector from walking them
    extras = (SETTINGS_FILE, VAULT_TEMPLATES)

    def rebuild(changed: tuple[str, ...], started: float) -> None:
        result = session.build(_today(today))
        if quiet:
            return
        names = ", ".join(changed) if len(changed) <= 3 else f"{len(changed)} notes"
        took = (time.perf_counter() - started) * 1000
        click.echo(
            f"{time.strftime('%H:%M:%S')} {names}: {_plural(len(result.report.written), 'page')} written, "
            f"{_plural(len(result.problems), 'problem')}, {took:.0f} ms",
            err=True,
        )
        if verbose:
            for page in result.report.written:
                click.echo(f"  wrote {page}", err=True)
            _print_problems(result.problems)

    def on_change(paths: set[str]) -> tuple[str, ...]:
        started = time.perf_counter()
        try:
            update = session.apply(paths)
            if update.changed:
                rebuild(update.changed, started)
            if update.changed == ("*",):
                gc.freeze()
        except JournalError as error:
            click.echo(f"journal-tools: {error}", err=True)
            return ()
        return update.retry

    def on_reconcile() -> None:
        started = time.perf_counter()
        changed = session.reconcile()
        if changed:
            rebuild(changed, started)

    watcher = Watcher(
        vault,
        on_change,
        ignore=lambda path, is_folder: not is_watched(path, is_folder, session.settings, extras),
        on_reconcile=on_reconcile,
        reconcile_every=reconcile,
        poll=poll,
        notice=lambda message: click.echo(f"journal-tools: {message}", err=True),
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.start()
        on_reconcile()  # notes saved during the first build, before events were watched
        if not quiet:
            click.echo(f"{vault}: {_summary(result)}; watching for changes (Ctrl-C to stop)", err=True)
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        for name in (signal.SIGINT, signal.SIGTERM):
            signal.signal(name, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean stop short
        watcher.stop()
    if not quiet:
        click.echo("stopped watching", err=True)


@main.command("init")
@click.argument("vault", default=".", type=click.Path(file_okay=False, path_type=Path))
def init_command(vault: Path) -> None:
    """Write a commented settings file and git files into VAULT; never overwrites a file."""
    try:
        plan = plan_init(vault)
        for line in plan.found:
            click.echo(f"found Obsidian {line}")
        for planned in plan.files:
            if planned.action == "keep":
                click.echo(f"left alone: {planned.path} (it exists)")
                continue
            atomic_write(vault / planned.path, planned.data)
            click.echo(f"{'added a line to' if planned.action == 'append' else 'wrote'} {planned.path}")
    except JournalError as error:
        _fail(error)
    except OSError as error:
        _fail(JournalError(f"cannot write: {error}"))


@main.command("new")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("title", required=False)
@click.option("--vault", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_today_option
def new_command(kind: str, title: str | None, vault: Path, today: date | None) -> None:
    """Create a note of KIND from its template; never overwrites a note."""
    try:
        path, text = plan_note(vault, kind, title, _today(today))
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    except JournalError as error:
        _fail(error)
        return
    if (vault / path).exists() or (vault / path).is_symlink():
        _fail(JournalError(f"{path} already exists; not overwritten"))
    try:
        atomic_write(vault / path, text.encode("utf-8"))
    except OSError as error:
        _fail(JournalError(f"{path}: cannot write: {error.strerror or error}"))
    click.echo(path)
