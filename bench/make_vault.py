"""Generate a deterministic synthetic vault in journal-tools' format: ``make_vault.py N DIR --seed S``.

The mix follows a journal kept for years: daily notes with tasks (Obsidian Tasks emoji dates,
priorities, links to goals, measurements), weekly reflections with a rating and all five sections,
goal and milestone notes, and meeting notes. Daily and meeting notes carry the front matter people
keep for habit trackers and Dataview (date, tags, mood, sleep; attendees). Notes average about 2 KB,
so 10,000 notes are about 20 MB, as in issue 7.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

END = date(2026, 11, 20)
WORDS = [
    "team",
    "design",
    "review",
    "deploy",
    "pipeline",
    "mentor",
    "feedback",
    "roadmap",
    "metrics",
    "latency",
    "budget",
    "hiring",
    "interview",
    "architecture",
    "migration",
    "incident",
    "postmortem",
    "onboarding",
    "documentation",
    "planning",
    "estimate",
    "stakeholder",
    "customer",
    "prototype",
    "experiment",
    "platform",
    "service",
    "schema",
    "release",
    "training",
    "certification",
    "conference",
    "talk",
    "blog",
    "overtime",
    "focus",
    "delegation",
    "coaching",
    "one-on-one",
    "promotion",
    "career",
    "growth",
    "learning",
]
PRIORITIES = ("", "", "", " ⏫", " 🔼", " 🔽", " 🔺", " ⏬")


def sentence(rng: random.Random, low: int = 5, high: int = 14) -> str:
    """Return a sentence of random words."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    """Return a paragraph of a few sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def task(rng: random.Random, day: date, goals: list[str]) -> str:
    """Return one task line with realistic fields: older tasks are mostly closed, recent ones mixed."""
    recent = (END - day).days < 30
    mark = rng.choice(" xx/-") if recent or rng.random() < 0.03 else rng.choice("xxxxxxxxx-")
    text = sentence(rng, 3, 9).rstrip(".")
    if goals and rng.random() < 0.6:
        text += f" [[{rng.choice(goals)}]]"
    fields = rng.choice(PRIORITIES)
    if rng.random() < 0.7:
        fields += f" 📅 {day + timedelta(days=rng.randint(-3, 21))}"
    if rng.random() < 0.2:
        fields += f" ⏳ {day + timedelta(days=rng.randint(0, 7))}"
    if mark in "xX" and rng.random() < 0.8:
        fields += f" ✅ {day + timedelta(days=rng.randint(0, 5))}"
    if rng.random() < 0.05:
        fields += " 🔁 every week"
    return f"- [{mark}] {text}{fields}"


def goal_note(rng: random.Random, index: int, parents: list[str]) -> str:
    """Return a goal note."""
    start = END - timedelta(days=rng.randint(30, 3000))
    lines = [
        "---",
        "type: goal",
        f'title: "Goal {index}: {sentence(rng, 2, 5).rstrip(".")}"',
        f"horizon: {'long' if not parents else 'short'}",
        f"kind: {rng.choice(['skill', 'role', 'network', 'promotion', 'balance', 'other'])}",
        f"status: {rng.choice(['active', 'active', 'active', 'done', 'paused', 'dropped'])}",
        f"start: {start}",
        f"due: {start + timedelta(days=rng.randint(60, 720))}",
    ]
    if rng.random() < 0.7:
        target = rng.randint(3, 50)
        lines += [
            "metric: things done",
            "baseline: 0",
            f"target: {target}",
            f"current: {rng.randint(0, target)}",
        ]
    if parents:
        lines.append(f'parent: "[[{rng.choice(parents)}]]"')
    lines += [f"why: {sentence(rng)}", "---", "", paragraph(rng), "", "## Milestones"]
    lines += [task(rng, start + timedelta(days=30 * i), []) for i in range(rng.randint(2, 5))]
    lines += ["", "## Action steps"]
    lines += [task(rng, start + timedelta(days=10 * i), []) for i in range(rng.randint(2, 6))]
    return "\n".join(lines) + "\n"


def milestone_note(rng: random.Random, goal: str) -> str:
    """Return a milestone note with action steps."""
    due = END - timedelta(days=rng.randint(-60, 2000))
    status = rng.choice(["active", "done", "done"])
    lines = ["---", "type: milestone", f'goal: "[[{goal}]]"', f"due: {due}", f"status: {status}"]
    if status == "done":
        lines.append(f"done: {due - timedelta(days=rng.randint(0, 10))}")
    lines += ["---", "", paragraph(rng), ""]
    lines += [task(rng, due - timedelta(days=20), []) for _ in range(rng.randint(2, 6))]
    return "\n".join(lines) + "\n"


def daily_note(rng: random.Random, day: date, goals: list[str]) -> str:
    """Return a daily note: front matter a habit tracker reads, prose, tasks, a measurement or a callout."""
    lines = [
        "---",
        f"date: {day}",
        "tags: [daily, journal]",
        f"mood: {rng.randint(1, 5)}",
        f"energy: {rng.randint(1, 5)}",
        f"sleep: {rng.randint(50, 90) / 10}",
        f"focus: {rng.choice(WORDS)}",
        "---",
        f"# {day}",
        "",
        paragraph(rng),
        "",
        "## Tasks",
    ]
    lines += [task(rng, day, goals) for _ in range(rng.randint(3, 9))]
    if goals and rng.random() < 0.3:
        lines += ["", f"- Progress on [[{rng.choice(goals)}]] [current:: {rng.randint(0, 50)}]"]
    if rng.random() < 0.2:
        lines += ["", "> [!todo] Later", f"> {task(rng, day, goals)}"]
    lines += ["", "## Notes", paragraph(rng), "", paragraph(rng), "", paragraph(rng), "", paragraph(rng)]
    return "\n".join(lines) + "\n"


def reflection_note(rng: random.Random, monday: date, goals: list[str]) -> str:
    """Return a weekly reflection with a rating and all five sections."""
    iso = monday.isocalendar()
    lines = [
        "---",
        "type: reflection",
        f"week: {iso.year}-W{iso.week:02d}",
        f"rating: {rng.randint(1, 5)}",
        "---",
    ]
    for heading in ("Highlights", "Tough spots", "Lessons", "Wins"):
        lines += ["", f"## {heading}"] + [f"- {sentence(rng)}" for _ in range(rng.randint(1, 4))]
    lines += ["", "## Next steps"] + [
        task(rng, monday + timedelta(days=7), goals) for _ in range(rng.randint(1, 4))
    ]
    return "\n".join(lines) + "\n"


def meeting_note(rng: random.Random, goals: list[str]) -> str:
    """Return an untyped note with front matter, prose and a few tasks."""
    day = END - timedelta(days=rng.randint(0, 3000))
    people = ", ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 4)))
    lines = ["---", f"created: {day}", "tags: [meeting]", f"attendees: [{people}]", "---"]
    lines += [f"# Meeting {sentence(rng, 2, 4)}", ""]
    lines += [part for _ in range(3) for part in (paragraph(rng), "")]
    lines += [task(rng, day, goals) for _ in range(rng.randint(1, 4))]
    return "\n".join(lines) + "\n"


def make_vault(count: int, root: Path, seed: int) -> None:
    """Write ``count`` notes into ``root`` (which must not hold a vault yet)."""
    rng = random.Random(seed)
    goal_count = max(2, count // 50)
    milestone_count = max(1, count // 40)
    reflection_count = max(1, count // 12)
    meeting_count = max(1, count // 8)
    daily_count = max(0, count - goal_count - milestone_count - reflection_count - meeting_count)
    files: dict[str, str] = {}
    goals: list[str] = []
    for index in range(goal_count):
        name = f"Goal {index:05d}"
        files[f"Goals/{name}.md"] = goal_note(rng, index, goals[: max(1, index // 10)] if index >= 3 else [])
        goals.append(name)
    for index in range(milestone_count):
        files[f"Milestones/Milestone {index:05d}.md"] = milestone_note(rng, rng.choice(goals))
    for index in range(daily_count):
        day = END - timedelta(days=index)
        files[f"Journal/Daily/{day.year}/{day}.md"] = daily_note(rng, day, goals)
    for index in range(reflection_count):
        monday = END - timedelta(days=END.weekday(), weeks=index + 1)
        iso = monday.isocalendar()
        files[f"Journal/Weekly/{iso.year}-W{iso.week:02d}.md"] = reflection_note(rng, monday, goals)
    for index in range(meeting_count):
        files[f"Notes/Meeting {index:05d}.md"] = meeting_note(rng, goals)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    """Parse the command line and write the vault."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many notes")
    parser.add_argument("folder", type=Path, help="where to write the vault")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_vault(args.count, args.folder, args.seed)
    size = sum(p.stat().st_size for p in args.folder.rglob("*.md"))
    print(f"{args.folder}: {args.count} notes, {size / 1e6:.1f} MB (seed {args.seed})")


if __name__ == "__main__":
    main()
