"""Time the git history pass: ``git_history.py [--commits N] [--seed S] [--keep DIR]``.

Generates a repository whose vault has N commits (``git fast-import``: goals whose ``current`` rises
and whose ``due`` moves, milestone tasks ticked, goals renamed, daily notes with tasks), then prints
the time of a full history pass and of the pass after one new commit, and checks the two agree. Then
the same for whole builds of the vault (in process, pages written): the first build, one with nothing
changed, one with ``history = false``, and the build after one new commit, which reads that commit
only, from the history kept in the parse cache; and that build as ``journal-tools build`` makes it,
starting from the last build's stamp (it makes again only the pages the commit's facts reach).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journal_tools.build_result import BuildResult  # noqa: E402
from journal_tools.git_history import read_history, update_history  # noqa: E402
from journal_tools.outcome import run_build  # noqa: E402
from journal_tools.pipeline import Session  # noqa: E402
from journal_tools.settings import Settings  # noqa: E402

START = datetime(2021, 1, 4, 8, 0, tzinfo=timezone(timedelta(hours=1)))
GOALS = 40
T = TypeVar("T")
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def goal_text(index: int, current: int, due_days: int, ticked: int) -> str:
    """Return a goal note with its metric, due date and five milestone tasks (the first ``ticked`` done)."""
    due = (START + timedelta(days=due_days)).date().isoformat()
    tasks = "".join(f"- [{'x' if step < ticked else ' '}] Step {step} of goal {index}\n" for step in range(5))
    return (
        f"---\ntype: goal\ntitle: Goal {index}\nmetric: sessions\nbaseline: 0\ntarget: 500\n"
        f"current: {current}\ndue: {due}\n---\n# Goal {index}\n\n## Milestones\n{tasks}\n## Log\n"
        "Notes about the goal, so that the note is the size of a real one.\n" * 3
    )


def fast_import_stream(commits: int, seed: int, first: int = 0, parent: str | None = None) -> bytes:
    """Return a ``git fast-import`` stream of commits ``first`` .. ``first + commits - 1`` (deterministic)."""
    rng = random.Random(seed)
    state = {i: [0, 120 + 7 * i, 0, f"Goals/Goal {i}.md"] for i in range(GOALS)}
    for number in range(first):  # replay the earlier commits' effect on the goals
        _step(rng, state, number)
    out: list[bytes] = []
    for number in range(first, first + commits):
        files, deleted = _step(rng, state, number)
        stamp = START + timedelta(hours=5 * number)
        when = f"{int(stamp.timestamp())} +0100"
        message = f"commit {number}".encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"author t <t@e> {when}\ncommitter t <t@e> {when}\n".encode())
        out.append(b"data %d\n%s\n" % (len(message), message))
        if number == first and parent:
            out.append(f"from {parent}\n".encode())
        out.extend(f'D "{path}"\n'.encode() for path in deleted)
        for path, text in files.items():
            data = text.encode()
            out.append(f'M 100644 inline "{path}"\ndata {len(data)}\n'.encode() + data + b"\n")
    return b"".join(out)


def _step(
    rng: random.Random, state: dict[int, list[object]], number: int
) -> tuple[dict[str, str], list[str]]:
    """Change the vault for commit ``number``: the files written and the paths deleted."""
    if number == 0:
        return {str(s[3]): goal_text(i, 0, int(str(s[1])), 0) for i, s in state.items()}, []
    index = rng.randrange(GOALS)
    goal = state[index]
    action = rng.random()
    deleted: list[str] = []
    if action < 0.55:
        goal[0] = int(str(goal[0])) + 1
    elif action < 0.65:
        goal[1] = int(str(goal[1])) + rng.randint(-5, 20)
    elif action < 0.75:
        goal[2] = min(5, int(str(goal[2])) + 1)
    elif action < 0.78:
        deleted.append(str(goal[3]))
        goal[3] = f"Goals/Goal {index} (renamed {number}).md"
    files = {str(goal[3]): goal_text(index, int(str(goal[0])), int(str(goal[1])), int(str(goal[2])))}
    day = (START + timedelta(hours=5 * number)).date().isoformat()
    files[f"Daily/{day}.md"] = (
        f"# {day}\n- [x] Worked on goal {index} [[Goal {index}]]\n- [ ] Plan tomorrow\n"
    )
    return files, deleted


def git(repo: Path, *args: str, data: bytes | None = None) -> str:
    """Run git in ``repo`` and return its output."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, env=ENV, check=True
    )
    return done.stdout.decode().strip()


def make_repository(repo: Path, commits: int, seed: int) -> None:
    """Create the repository with ``commits`` commits, unless it already has them."""
    if (repo / ".git").exists() and git(repo, "rev-list", "--count", "HEAD") == str(commits):
        return
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "fast-import", "--quiet", data=fast_import_stream(commits, seed))
    git(repo, "reset", "-q", "--hard", "main")


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """Run a pass (or a build) and return its result and its wall time in seconds."""
    began = time.perf_counter()
    result = run()
    return result, time.perf_counter() - began


def timed_build(repo: Path, today: date, settings: Settings | None = None) -> tuple[BuildResult, float]:
    """Build the vault in a fresh session (parse cache on; a dry run with ``settings``); return the time."""
    began = time.perf_counter()
    result = Session(repo, settings).build(today, dry_run=settings is not None)
    return result, time.perf_counter() - began


def main() -> None:
    """Generate the repository, time both passes and the builds, and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it (reused next time)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        repo = args.keep or Path(temp) / "repo"
        began = time.perf_counter()
        make_repository(repo, args.commits, args.seed)
        made = time.perf_counter() - began
        for generated in ("Reviews", ".journal-tools"):  # left by an earlier run with --keep
            shutil.rmtree(repo / generated, ignore_errors=True)
        today = (START + timedelta(hours=5 * args.commits)).date() + timedelta(days=1)
        full, full_seconds = timed(lambda: read_history(repo))
        first, first_build = timed_build(repo, today)
        unchanged_build = timed_build(repo, today)[1]
        off_build = timed_build(repo, today, Settings(history=False))[1]
        run_build(Session(repo, once=True), today)  # stamped, as the command line leaves it
        stream = fast_import_stream(1, args.seed, first=args.commits, parent=git(repo, "rev-parse", "HEAD"))
        git(repo, "fast-import", "--quiet", data=stream)
        git(repo, "reset", "-q", "--hard", "main")
        after, after_seconds = timed(lambda: update_history(repo, full))
        again, again_seconds = timed(lambda: read_history(repo))
        resumed, resumed_build = timed(lambda: run_build(Session(repo, once=True), today))
        after_build = timed_build(repo, today)[1]
        if args.keep:  # leave the kept repository as it was made, for the next run
            git(repo, "reset", "-q", "--hard", "HEAD~1")
    system = f"Python {platform.python_version()}, {platform.system()}, {git(ROOT, 'version')}"
    print(f"machine: {os.cpu_count()} cores, {system}")
    print(
        f"repository: {args.commits:,} commits made in {made:.2f} s, {len(full.notes)} goal notes, "
        f"{len(full.tasks):,} tasks"
    )
    print(f"full pass: {full_seconds:.3f} s")
    print(f"pass after one new commit: {after_seconds:.3f} s (a full pass then: {again_seconds:.3f} s)")
    print(f"equal to a full pass: {'yes' if after == again else 'NO'}")
    notes, pages = len(first.analysis.vault.notes), len(first.report.written)
    print(f"builds ({notes} notes, {pages} pages, as of {today}):")
    print(f"  first build (history read in full, every page written): {first_build:.2f} s")
    print(f"  nothing changed: {unchanged_build:.2f} s; with history = false: {off_build:.2f} s")
    print(f"  after one new commit (one commit read, every page planned again): {after_build:.2f} s")
    print(
        f"  after one new commit, as `build` makes it (from the last build's stamp): {resumed_build:.2f} s, "
        f"{len(resumed.report.written)} pages written"
    )
    if full.problems or after.problems:
        print(f"problems: {[str(p) for p in (*full.problems, *after.problems)]}")


if __name__ == "__main__":
    main()
