"""Copy sample_vault to DEST and give it a git history of its own: ``sample_history.py DEST``.

sample_vault sits inside journal-tools' own repository, which cannot hold a repository of its own, so
its pages are built with ``history = false``. This script makes the history a user who commits their
vault every evening would have: one commit per day on which something in the notes is dated, from
August to November 2026, with set author and committer dates. Goals appear on their start days,
``current`` rises step by step, the AWS certification's due date moves twice (Atlas's once), goals
are paused and done, milestones and tasks are ticked on the days their done dates say. The last
commit leaves every note exactly as it is in sample_vault; the copy's settings turn ``history`` on.

Then ``journal-tools build DEST --today 2026-11-20`` shows burn-up charts on the monthly reviews and
the deadline moves on the dashboard.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_vault"
SKIPPED = ("Reviews", ".journal-tools")
"""The generated pages and the parse cache are not copied."""
SETTINGS = ".journal-tools.toml"
IDENTITY = ("-c", "user.name=Sam Sample", "-c", "user.email=sam@example.com", "-c", "commit.gpgsign=false")
"""The author of every commit; commits are never signed, whatever the user's git settings say."""
ZONE = "+01:00"
EVENING = "21:00:00"
FIRST_DAY = date(2026, 8, 1)
LAST_DAY = date(2026, 11, 19)

CURRENT: dict[str, list[tuple[str, float]]] = {
    "Goals/AWS certification.md": [("2026-09-01", 0), ("2026-10-10", 1), ("2026-10-25", 2)],
    "Goals/Five mentors.md": [("2026-09-01", 1), ("2026-09-22", 2), ("2026-09-30", 2)],
    "Goals/Reduce overtime.md": [
        ("2026-09-14", 50),
        ("2026-10-11", 52),
        ("2026-10-25", 48),
        ("2026-11-08", 46),
    ],
    "Goals/Engineering blog.md": [("2026-08-01", 0), ("2026-09-10", 1)],
}
"""A goal's ``current`` (with ``updated`` set to the same day) from each day on."""
EARLIER: dict[str, list[tuple[str, dict[str, str | None]]]] = {
    "Goals/AWS certification.md": [
        ("2026-10-12", {"due": "2026-11-27"}),
        ("2026-11-02", {"due": "2026-12-04"}),
    ],
    "Goals/Atlas project.md": [("2026-10-20", {"due": "2026-12-18"})],
    "Goals/Engineering blog.md": [("2026-10-05", {"status": "active"})],
    "Goals/Tech forum talk.md": [("2026-10-15", {"status": "active"})],
    "Milestones/Atlas kickoff.md": [("2026-09-30", {"status": "active", "done": None})],
}
"""Front matter a note had before a day (None: the field was not there yet)."""
BORN = {
    "Milestones/Atlas kickoff.md": "2026-09-07",
    "Milestones/Atlas architecture sign-off.md": "2026-09-07",
    "Milestones/Atlas pilot.md": "2026-10-12",
    "Milestones/Atlas rollout.md": "2026-10-12",
    "Notes/1-1 with Lee.md": "2026-08-03",
    "Notes/Reading list.md": "2026-08-03",
}
"""The day a note without a date of its own was first committed."""

_DONE = re.compile(r"^(?P<lead>[\s>]*- )\[x\](?P<text>.*?) ✅ (?P<day>\d{4}-\d{2}-\d{2})(?P<rest>.*)$")
_LOGGED = re.compile(r"^- (\d{4}-\d{2}-\d{2}) .*\[current:: ")
_FIELD = re.compile(r"^(?P<key>[a-z_]+):")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def born(path: str, text: str) -> date:
    """Return the day a note was first committed: its own date, its goal's start, or the table's."""
    name = Path(path).stem
    if path in BORN:
        return date.fromisoformat(BORN[path])
    if path.startswith("Journal/Daily/"):
        return date.fromisoformat(name)
    if path.startswith("Journal/Weekly/"):
        year, week = name.split("-W")
        return date.fromisocalendar(int(year), int(week), 7)
    for key in ("start", "date"):
        found = re.search(rf"^{key}: (\d{{4}}-\d{{2}}-\d{{2}})$", text, re.MULTILINE)
        if found:
            return date.fromisoformat(found.group(1))
    return FIRST_DAY


def as_of(path: str, text: str, day: date) -> str | None:
    """Return a note as it stood at the end of ``day`` (None: not written yet)."""
    if born(path, text) > day:
        return None
    fields = _fields(path, day)
    lines = []
    front = text.startswith("---\n")
    for number, line in enumerate(text.split("\n")):
        if front and number > 0 and line == "---":
            front = False
            lines += [f"{key}: {value}" for key, value in fields.items() if value is not None]
            fields.clear()
        elif front and (match := _FIELD.match(line)) and match.group("key") in fields:
            value = fields.pop(match.group("key"))
            if value is not None:
                lines.append(f"{match.group('key')}: {value}")
            continue
        done, logged = _DONE.match(line), _LOGGED.match(line)
        if done and date.fromisoformat(done.group("day")) > day:
            line = f"{done.group('lead')}[ ]{done.group('text')}{done.group('rest')}"
        elif logged and date.fromisoformat(logged.group(1)) > day:
            continue
        lines.append(line)
    return "\n".join(lines)


def _fields(path: str, day: date) -> dict[str, str | None]:
    """Return the front matter fields a note had on ``day`` that differ from its present ones."""
    fields: dict[str, str | None] = {}
    for until, values in reversed(EARLIER.get(path, [])):
        if day < date.fromisoformat(until):
            fields.update(values)
    steps = [(since, value) for since, value in CURRENT.get(path, []) if date.fromisoformat(since) <= day]
    if steps and steps[-1] != CURRENT[path][-1]:
        since, value = steps[-1]
        fields.update(current=f"{value:g}", updated=since)
    return fields


def days(notes: dict[str, str]) -> list[date]:
    """Return the days on which something is dated: one commit each."""
    found = {born(path, text) for path, text in notes.items()}
    found.update(date.fromisoformat(day) for text in notes.values() for day in _DAY.findall(text))
    found.update(date.fromisoformat(since) for steps in CURRENT.values() for since, _ in steps)
    found.update(date.fromisoformat(until) for changes in EARLIER.values() for until, _ in changes)
    return sorted(day for day in found if FIRST_DAY <= day <= LAST_DAY)


def git(repo: Path, *args: str, day: date | None = None) -> str:
    """Run git in ``repo`` with a fixed author (and the author and committer date of ``day``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T{EVENING}{ZONE}"
    done = subprocess.run(
        ["git", "-C", str(repo), *IDENTITY, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


def notes_of(root: Path) -> Iterator[tuple[str, str]]:
    """Yield every note of the sample vault (path, text), the generated pages left out."""
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        if relative.split("/")[0] not in SKIPPED:
            yield relative, path.read_text(encoding="utf-8")


def make_history(dest: Path, source: Path = SAMPLE) -> int:
    """Copy ``source`` to ``dest`` (which must not exist), commit its past day by day; return the commits."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*SKIPPED))
    settings = (dest / SETTINGS).read_text(encoding="utf-8")
    (dest / SETTINGS).write_text(
        re.sub(r"(?m)^history = false$", "history = true", settings), encoding="utf-8"
    )
    (dest / ".gitignore").write_text(".journal-tools/\n", encoding="utf-8")
    notes = dict(notes_of(source))
    for relative in notes:
        (dest / relative).unlink()
    git(dest, "init", "-q", "-b", "main")
    commits = 0
    for day in days(notes):
        for relative, text in notes.items():
            state = as_of(relative, text, day)
            if state is not None:
                (dest / relative).parent.mkdir(parents=True, exist_ok=True)
                (dest / relative).write_text(state, encoding="utf-8")
        git(dest, "add", "-A")
        if git(dest, "status", "--porcelain"):
            git(dest, "commit", "-q", "-m", f"Journal, {day}", day=day)
            commits += 1
    for relative in notes:  # the last commit: every note exactly as in the sample vault
        shutil.copyfile(source / relative, dest / relative)
    git(dest, "add", "-A")
    if git(dest, "status", "--porcelain"):
        git(dest, "commit", "-q", "-m", "Journal, as in sample_vault", day=LAST_DAY)
        commits += 1
    return commits


def main() -> None:
    """Make the copy and say how to build it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="a folder that does not exist yet")
    args = parser.parse_args()
    if args.dest.exists():
        sys.exit(f"{args.dest} exists: give a folder that does not exist yet")
    commits = make_history(args.dest)
    print(f"{args.dest}: sample_vault with {commits} commits from {FIRST_DAY} to {LAST_DAY}")
    print(f"build it: journal-tools build {args.dest} --today 2026-11-20")


if __name__ == "__main__":
    main()
