"""Build the vault model from parsed notes: resolve links, place tasks, find cycles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from journal_tools.links import LinkIndex
from journal_tools.model import Goal, GoalMeasurement, Milestone, PlacedTask, Reflection, Vault
from journal_tools.note import Note, Problem, SectionItem, Severity
from journal_tools.settings import Settings


class _Assembler:
    """Collects the model and its problems while the notes are walked once."""

    def __init__(self, notes: tuple[Note, ...], settings: Settings) -> None:
        self.notes = notes
        self.settings = settings
        self.index = LinkIndex(notes)
        self.problems: list[Problem] = []
        self.goal_notes = {n.path: n for n in notes if n.kind == "goal"}
        self.milestone_notes = {n.path: n for n in notes if n.kind == "milestone"}
        self.milestone_goal: dict[str, str | None] = {}

    def report(self, path: str, line: int, severity: Severity, message: str) -> None:
        """Record a problem found while assembling."""
        self.problems.append(Problem(path, line, severity, message))

    def resolve(self, target: str, source: str, line: int, field: str) -> str | None:
        """Resolve a checked link; a link to no note or an ambiguous link is a warning."""
        found = self.index.resolve(target, source)
        if found.path is None:
            self.report(source, line, "warning", f"{field}: link to no note '[[{target}]]'")
        elif found.others:
            others = ", ".join(found.others)
            self.report(
                source,
                line,
                "warning",
                f"{field}: '[[{target}]]' is ambiguous; using {found.path} (also: {others})",
            )
        return found.path

    def resolve_goal(self, target: str, source: str, line: int, field: str) -> str | None:
        """Resolve a link that must lead to a goal note."""
        path = self.resolve(target, source, line, field)
        if path is not None and path not in self.goal_notes:
            self.report(source, line, "warning", f"{field}: '[[{target}]]' is not a goal (no 'type: goal')")
            return None
        return path

    def goals(self) -> list[Goal]:
        """Make the goals, with parent links resolved and cycles broken."""
        parents: dict[str, str | None] = {}
        for path, note in self.goal_notes.items():
            target = note.front.parent
            parents[path] = (
                self.resolve_goal(target, path, note.front.line_of("parent"), "parent") if target else None
            )
        for path in _cycle_members(parents):
            note = self.goal_notes[path]
            self.report(
                path,
                note.front.line_of("parent"),
                "error",
                "parent: goals form a cycle; parent ignored",
            )
            parents[path] = None
        return [_goal(note, parents[path]) for path, note in self.goal_notes.items()]

    def milestones(self) -> list[Milestone]:
        """Make milestone notes and milestone tasks."""
        found: list[Milestone] = []
        for path, note in self.milestone_notes.items():
            front = note.front
            goal = self.resolve_goal(front.goal, path, front.line_of("goal"), "goal") if front.goal else None
            if front.goal is None:
                self.report(path, 1, "warning", 'milestone has no goal: add goal: "[[Goal]]"')
            self.milestone_goal[path] = goal
            status = front.status or "active"
            found.append(
                Milestone(
                    path,
                    front.title or note.name,
                    path,
                    1,
                    goal,
                    front.due,
                    status,
                    front.done,
                    front.weight or 1.0,
                    from_task=False,
                )
            )
        heading = self.settings.milestone_heading.casefold()
        for path, note in self.goal_notes.items():
            for task in note.tasks:
                if task.section.casefold() == heading and task.parent_line is None:
                    status = {"done": "done", "cancelled": "dropped"}.get(task.status, "active")
                    found.append(
                        Milestone(
                            f"{path}#L{task.line}",
                            task.text,
                            path,
                            task.line,
                            path,
                            task.due,
                            status,
                            task.done,
                            1.0,
                            from_task=True,
                        )
                    )
        return found

    def place_tasks(self, milestone_ids: set[str]) -> list[PlacedTask]:
        """Give every task its goal and milestone, and its done date."""
        placed: list[PlacedTask] = []
        for note in self.notes:
            for task in note.tasks:
                goal, milestone = self._owner(note, task.links, task.line, milestone_ids, task.parent_line)
                own = f"{note.path}#L{task.line}"
                inferred = task.status == "done" and task.done is None and note.day is not None
                placed.append(
                    PlacedTask(
                        task,
                        note.path,
                        goal,
                        milestone,
                        task.done or (note.day if inferred else None),
                        inferred,
                        own in milestone_ids,
                    )
                )
        return placed

    def _owner(
        self,
        note: Note,
        links: tuple[str, ...],
        line: int,
        milestone_ids: set[str],
        parent_line: int | None,
    ) -> tuple[str | None, str | None]:
        """Return the (goal, milestone) a task or measurement in ``note`` serves."""
        if note.kind == "goal":
            chain = parent_line
            milestone = None
            by_line = {t.line: t for t in note.tasks}
            while chain is not None:
                if f"{note.path}#L{chain}" in milestone_ids:
                    milestone = f"{note.path}#L{chain}"
                parent = by_line.get(chain)
                chain = parent.parent_line if parent else None
            return note.path, milestone
        if note.kind == "milestone":
            return self.milestone_goal.get(note.path), note.path
        for target in links:
            path = self.resolve(target, note.path, line, "link")
            if path in self.goal_notes:
                return path, None
            if path in self.milestone_notes:
                return self.milestone_goal.get(path), path
        return None, None

    def measurements(self) -> list[GoalMeasurement]:
        """Date each ``current::`` measurement and find its goal."""
        found: list[GoalMeasurement] = []
        for note in self.notes:
            for item in note.measurements:
                day = item.day or note.day or (note.week.sunday if note.week else None)
                goal, _ = self._owner(note, item.links, item.line, set(), None)
                if day is None:
                    self.report(
                        note.path,
                        item.line,
                        "error",
                        "current:: has no date: write the date on the line",
                    )
                elif goal is None:
                    self.report(
                        note.path,
                        item.line,
                        "error",
                        "current:: names no goal: link the goal on the line",
                    )
                else:
                    found.append(GoalMeasurement(goal, day, item.value, note.path, item.line))
        return found

    def reflections(self) -> list[Reflection]:
        """Read each weekly reflection's sections by their configured heading names."""
        names = {
            heading.casefold(): section
            for section, headings in self.settings.sections.items()
            for heading in headings
        }
        found: list[Reflection] = []
        seen: dict[object, str] = {}
        for note in self.notes:
            if note.kind != "reflection" or note.week is None:
                continue
            if note.week in seen:
                self.report(
                    note.path,
                    1,
                    "warning",
                    f"a second reflection for {note.week} (the first is {seen[note.week]})",
                )
            seen.setdefault(note.week, note.path)
            sections: dict[str, tuple[SectionItem, ...]] = {}
            for section in note.sections:
                key = names.get(section.title.casefold())
                if key is not None:
                    sections[key] = sections.get(key, ()) + section.items
            found.append(Reflection(note.week, note.front.rating, note.path, sections))
        return found

    def activity(self) -> list[tuple[str, date]]:
        """Return (goal, day) for each dated note that links a goal."""
        found: set[tuple[str, date]] = set()
        index = self.index
        for note in self.notes:
            if note.day is None:
                continue
            for link in note.links:
                path = index.resolve(link.target, note.path).path
                if path in self.goal_notes:
                    found.add((path, note.day))
        return sorted(found)


def _cycle_members(parents: dict[str, str | None]) -> list[str]:
    """Return the goals that are their own ancestors, in a stable order."""
    members: set[str] = set()
    for start in parents:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen:
            seen.append(node)
            node = parents.get(node)
        if node is not None:
            members.update(seen[seen.index(node) :])
    return sorted(members)


def _goal(note: Note, parent: str | None) -> Goal:
    """Make a Goal from a goal note's front matter."""
    front = note.front
    return Goal(
        id=note.path,
        title=front.title or note.name,
        horizon=front.horizon or "short",
        kind=front.kind or "other",
        status=front.status or "active",
        start=front.start,
        due=front.due,
        metric=front.metric,
        target=front.target,
        current=front.current,
        baseline=front.baseline,
        unit=front.unit,
        updated=front.updated,
        done_on=front.done,
        parent=parent,
        why=front.why,
        priority=front.priority or "normal",
        partner=front.partner,
        tags=front.tags,
        weight=front.weight or 1.0,
    )


def assemble(notes: Iterable[Note], settings: Settings, problems: Iterable[Problem] = ()) -> Vault:
    """Build the vault model; problems (with those found before, e.g. by the scan) are collected."""
    ordered = sorted(notes, key=lambda n: n.path)
    builder = _Assembler(tuple(n for n in ordered if n.readable), settings)
    builder.problems = [*problems, *(p for note in ordered for p in note.problems)]
    goals = builder.goals()
    milestones = builder.milestones()
    tasks = builder.place_tasks({m.id for m in milestones})
    measurements = builder.measurements()
    reflections = builder.reflections()
    activity = builder.activity()
    found = sorted(set(builder.problems), key=lambda p: (p.path, p.line, p.message))
    return Vault(
        builder.notes,
        tuple(goals),
        tuple(milestones),
        tuple(tasks),
        tuple(measurements),
        tuple(reflections),
        tuple(activity),
        tuple(found),
    )
