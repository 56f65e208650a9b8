"""The command line: the only place that prints or exits.

The stages that read and render notes are imported by the commands that run them, so a ``build``
that its stamp finds up to date starts without loading Jinja, markdown-it or YAML.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn, ParamSpec

import click

from journal_tools import __version__, outcome
from journal_tools.atomic import atomic_write
from journal_tools.errors import JournalError, SettingsError
from journal_tools.gc_pause import gc_deferred
from journal_tools.new_note import KINDS
from journal_tools.problem import Problem
from journal_tools.service import MANAGERS, default_manager, plan_service, service_lines
from journal_tools.weeks import parse_iso_date

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
P = ParamSpec("P")

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)
_vault_argument = click.argument("vault", default=".", type=_FOLDER)


def _check_today(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Read ``--today`` as a strict YYYY-MM-DD date."""
    if value is None:
        return None
    day = parse_iso_date(value)
    if day is None:
        raise click.BadParameter(f"'{value}' is not a date written YYYY-MM-DD")
    return day


_TODAY_HELP = "Judge the vault as of this day; default: the real date."
_today_option = click.option("--today", callback=_check_today, metavar="YYYY-MM-DD", help=_TODAY_HELP)
_cache_option = click.option(
    "--no-cache", is_flag=True, help="Parse every note; skip .journal-tools/cache.sqlite."
)


def _today(value: date | None) -> date:
    """Return the day the vault is judged on."""
    return value or date.today()


def _colour() -> bool | None:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    return False if os.environ.get("NO_COLOR") else None


def _fail(error: JournalError) -> NoReturn:
    """Print a user-facing error and exit: 2 for settings, 1 otherwise."""
    click.secho(f"journal-tools: {error}", err=True, fg="red", color=_colour())
    sys.exit(EXIT_USAGE if isinstance(error, SettingsError) else EXIT_PROBLEMS)


def _reporting(command: Callable[P, None]) -> Callable[P, None]:
    """Make a command's JournalError its message on stderr and exit code 1 (2 for settings)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except JournalError as error:
            _fail(error)

    return run


def _print_problems(problems: tuple[Problem, ...], err: bool = True) -> None:
    """Print problems as ``path:line: message``, one a line: errors red, warnings yellow on a terminal."""
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(str(problem), err=err, fg=colour, color=_colour())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journal-tools")
def main() -> None:
    """Turn a Markdown journal of career goals into a dashboard and weekly reviews."""


@main.command("build")
@_vault_argument
@_today_option
@click.option("--strict", is_flag=True, help="Exit 1 when any problem (even a warning) was found.")
@click.option("--check", is_flag=True, help="Write nothing; list the pages that would change, exit 1 if any.")
@click.option("--json", "as_json", is_flag=True, help="Print what was read, written and found as JSON.")
@_cache_option
@_reporting
def build_command(
    vault: Path, today: date | None, strict: bool, check: bool, as_json: bool, no_cache: bool
) -> None:
    """Write the dashboard and review pages (and the calendar, if set) into the vault's output folder."""
    day = _today(today)
    done = None if no_cache else outcome.up_to_date(vault, day)
    if done is None:
        from journal_tools.pipeline import Session
        from journal_tools.terminal import ProgressBar

        with ProgressBar(enabled=not as_json) as bar, gc_deferred(collect=False):
            session = Session(vault, cache=not no_cache, progress=bar, once=True, write_cache=not check)
            done = outcome.run_build(session, day, dry_run=check)
    failed = outcome.check_message(done) if check else strict and bool(done.problems)
    if as_json:
        click.echo(
            json.dumps(outcome.build_data(str(vault), done, check=check), indent=2, ensure_ascii=False)
        )
    elif check:
        for path in done.stale:
            click.echo(path)
        _print_problems(done.blocked)
        if failed:
            click.secho(f"journal-tools: {failed}", err=True, fg="red", color=_colour())
    else:
        _print_problems(done.problems)
        click.echo(outcome.summary_table(str(vault), done))
    if failed:
        sys.exit(EXIT_PROBLEMS)


@main.command("check")
@_vault_argument
@_today_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@_cache_option
@_reporting
def check_command(vault: Path, today: date | None, as_json: bool, no_cache: bool) -> None:
    """List the problems in the vault's notes; exit 1 when any is an error. Writes nothing."""
    day = _today(today)
    done = None if no_cache else outcome.up_to_date(vault, day)
    if done is None:
        from journal_tools.pipeline import Session

        with gc_deferred(collect=False):
            session = Session(vault, cache=not no_cache, once=True, write_cache=False)
            done = outcome.run_build(session, day, dry_run=True)
    problems = done.problems
    if as_json:
        click.echo(json.dumps(outcome.problem_data(problems), indent=2, ensure_ascii=False))
    else:
        _print_problems(problems, err=False)
        click.echo(outcome.check_summary(done), err=True)
    if any(p.severity == "error" for p in problems):
        sys.exit(EXIT_PROBLEMS)


@main.command("export")
@_vault_argument
@_today_option
@_cache_option
@_reporting
def export_command(vault: Path, today: date | None, no_cache: bool) -> None:
    """Print the progress model as JSON (see docs/export.md)."""
    from journal_tools.export import export
    from journal_tools.pipeline import Session

    with gc_deferred(collect=False):
        analysis = Session(vault, cache=not no_cache, write_cache=False).analyze(_today(today))
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
@_cache_option
@_reporting
def watch_command(
    vault: Path, today: date | None, poll: bool, quiet: bool, verbose: bool, reconcile: float, no_cache: bool
) -> None:
    """Build, then keep the pages current while notes change, until Ctrl-C."""
    import logging  # only the watcher logs

    from journal_tools.pipeline import Session
    from journal_tools.scan import is_watched
    from journal_tools.terminal import ProgressBar
    from journal_tools.watch import Watcher

    logging.basicConfig(format="journal-tools: %(message)s", level=logging.WARNING)
    with ProgressBar(enabled=not quiet) as bar, gc_deferred():
        session = Session(vault, cache=not no_cache, progress=bar, resume=True)
        done = outcome.run_build(session, _today(today))
    session.progress = None
    gc.freeze()  # the notes live as long as the watcher: keep the collector from walking them
    rebuilds = outcome.Rebuilds(
        session, lambda: _today(today), lambda line: click.echo(line, err=True), quiet=quiet, verbose=verbose
    )
    watcher = Watcher(
        vault,
        rebuilds.on_change,
        ignore=lambda path, is_folder: not is_watched(path, is_folder, session.settings),
        on_reconcile=rebuilds.on_reconcile,
        on_idle=rebuilds.on_idle,
        reconcile_every=reconcile,
        poll=poll,
        notice=lambda message: click.echo(f"journal-tools: {message}", err=True),
    )
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as Ctrl-C does
    try:
        watcher.start()
        session.pages_watched = True  # the pages' events tell which ones to look at again
        rebuilds.on_reconcile()  # notes saved during the first build, before events were watched
        if not quiet:
            click.echo(
                f"{vault}: {outcome.summary_line(done)}; watching for changes (Ctrl-C to stop)", err=True
            )
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
@_reporting
def init_command(vault: Path) -> None:
    """Write a commented settings file and git files into VAULT; never overwrites a file."""
    from journal_tools.create import plan_init

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
    except OSError as error:
        _fail(JournalError(f"cannot write: {error}"))


@main.command("new")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("title", required=False)
@click.option("--vault", default=".", type=_FOLDER)
@click.option("--interactive", "-i", is_flag=True, help="Ask for a goal's metric, target, due date and why.")
@_today_option
@_reporting
def new_command(kind: str, title: str | None, vault: Path, today: date | None, interactive: bool) -> None:
    """Create a note of KIND from its template; never overwrites a note."""
    from journal_tools.create import plan_note, smart_gaps
    from journal_tools.terminal import ask_smart

    asking = interactive and kind == "goal"
    try:
        path, text = plan_note(vault, kind, title, _today(today), ask_smart() if asking else None)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if (vault / path).exists() or (vault / path).is_symlink():
        _fail(JournalError(f"{path} already exists; not overwritten"))
    try:
        atomic_write(vault / path, text.encode("utf-8"))
    except OSError as error:
        _fail(JournalError(f"{path}: cannot write: {error.strerror or error}"))
    click.echo(path)
    for gap in smart_gaps(vault, path, _today(today)) if asking else ():
        click.echo(f"  still missing {gap.letter} ({gap.name}): {gap.fix}")


@main.command("calendar")
@_vault_argument
@_today_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: print it.")
@_reporting
def calendar_command(vault: Path, today: date | None, output: Path | None) -> None:
    """Make an iCalendar file of due dates and the next check-ins (see docs/calendar.md)."""
    data, written = outcome.make_calendar(vault, _today(today), output)
    if written is None:
        click.echo(data, nl=False)
    elif written.problem:
        _fail(JournalError(f"{output}: {written.problem.message}"))
    else:
        events = outcome.plural(data.count(b"BEGIN:VEVENT"), "event")
        click.echo(f"{output}: {events}, {'written' if written.written else 'unchanged'}")


@main.command("service")
@click.argument("action", type=click.Choice(("install", "uninstall", "status")))
@_vault_argument
@click.option("--manager", type=click.Choice(MANAGERS), help="Default: systemd on Linux, launchd on macOS.")
@_reporting
def service_command(action: str, vault: Path, manager: str | None) -> None:
    """Install, uninstall or ask about a user service that runs watch on VAULT (see docs/service.md)."""
    found = plan_service(
        vault.resolve(), manager or default_manager(sys.platform), sys.executable, Path.home(), os.environ
    )
    for line in service_lines(action, found):
        click.echo(line)
