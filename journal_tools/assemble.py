"""Build the vault model from parsed notes: resolve links, place tasks, find cycles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from itertools import chain

from journal_tools.joined import changed_at, join
from journal_tools.link_changes import linking, plain_change
from journal_tools.links import LinkIndex
from journal_tools.model import Goal, Milestone, Reflection, Vault
from journal_tools.note import Note, SectionItem
from journal_tools.note_table import NoteTable
from journal_tools.place import NO_CHECKED, NO_DATES, PlacementCache, Topology, place_notes
from journal_tools.problem import Problem, Severity
from journal_tools.settings import Settings


class _Assembler:
    """Collects the model and its problems while the notes are walked once."""

    def __init__(
        self,
        notes: NoteTable,
        settings: Settings,
        index: LinkIndex,
        checked: Mapping[str, Mapping[str, date]],
    ) -> None:
        self.notes = notes.readable
        self.settings = settings
        self.checked = checked
        self.problems: list[Problem] = []
        self.kinds = notes.kinds
        self.goal_notes = {n.path: n for n in self.kinds.get("goal", ())}
        self.milestone_notes = {n.path: n for n in self.kinds.get("milestone", ())}
        self.reflection_notes = self.kinds.get("reflection", ())
        self.topology = Topology(index, set(self.goal_notes), set(self.milestone_notes))
        self.milestone_goal = self.topology.milestone_goal

    def report(self, path: str, line: int, severity: Severity, message: str) -> None:
        """Record a problem found while assembling."""
        self.problems.append(Problem(path, line, severity, message))

    def resolve(self, target: str, source: str, line: int, field: str) -> str | None:
        """Resolve a checked link; a link to no note or an ambiguous link is a warning."""
        return self.topology.resolve(target, source, line, field, self.problems)

    def resolve_goal(self, target: str, source: str, line: int, field: str) -> str | None:
        """Resolve a link that must lead to a goal note."""
        path = self.resolve(target, source, line, field)
        if path is not None and path not in self.goal_notes:
            self.report(source, line, "warning", f"{field}: '[[{target}]]' is not a goal (no 'type: goal')")
            return None
        return path

    def goals(self, made: dict[str, tuple[Note, str | None, Goal]]) -> list[Goal]:
        """Make the goals, with parent links resolved and cycles broken.

        ``made`` keeps each goal while its note is the same object and its parent the same, so that
        later stages compare an unchanged goal in no time.
        """
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
        goals = []
        for path, note in self.goal_notes.items():
            hit = made.get(path)
            if hit is None or hit[0] is not note or hit[1] != parents[path]:
                hit = made[path] = (note, parents[path], _goal(note, parents[path]))
            goals.append(hit[2])
        for gone in set(made) - set(self.goal_notes):
            del made[gone]
        return goals

    def milestones(self, made: dict[str, tuple[Note, object, tuple[Milestone, ...]]]) -> list[Milestone]:
        """Make milestone notes and milestone tasks.

        ``made`` keeps each note's milestones while the note is the same object and its goal (for a
        milestone note) or its done dates from git (for a goal note) are the same.
        """
        found: list[Milestone] = []
        for path, note in self.milestone_notes.items():
            front = note.front
            goal = self.resolve_goal(front.goal, path, front.line_of("goal"), "goal") if front.goal else None
            if front.goal is None:
                self.report(path, 1, "warning", 'milestone has no goal: add goal: "[[Goal]]"')
            self.milestone_goal[path] = goal
            hit = made.get(path)
            if hit is None or hit[0] is not note or hit[1] != goal:
                made[path] = hit = (note, goal, (_note_milestone(path, note, goal),))
            found += hit[2]
        heading = self.settings.milestone_heading.casefold()
        for path, note in self.goal_notes.items():
            checked = self.checked.get(path, NO_DATES)
            hit = made.get(path)
            if hit is None or hit[0] is not note or hit[1] != checked:
                made[path] = hit = (note, checked, tuple(_task_milestones(path, note, heading, checked)))
            found += hit[2]
        for gone in set(made) - set(self.milestone_notes) - set(self.goal_notes):
            del made[gone]
        return found

    def reflections(self, cache: dict[str, tuple[Note, Reflection]]) -> list[Reflection]:
        """Read each weekly reflection's sections by their configured heading names.

        ``cache`` keeps each note's reflection while the note stays the same object.
        """
        names = {
            heading.casefold(): section
            for section, headings in self.settings.sections.items()
            for heading in headings
        }
        found: list[Reflection] = []
        seen: dict[object, str] = {}
        for note in self.reflection_notes:
            if note.week is None:
                continue
            if note.week in seen:
                self.report(
                    note.path,
                    1,
                    "warning",
                    f"a second reflection for {note.week} (the first is {seen[note.week]})",
                )
            seen.setdefault(note.week, note.path)
            hit = cache.get(note.path)
            if hit is None or hit[0] is not note:
                hit = cache[note.path] = (note, _reflection(note, names))
            found.append(hit[1])
        return found


def _reflection(note: Note, names: dict[str, str]) -> Reflection:
    """Make a reflection from a note, its sections keyed by the section names their headings map to."""
    assert note.week is not None
    sections: dict[str, tuple[SectionItem, ...]] = {}
    for section in note.sections:
        key = names.get(section.title.casefold())
        if key is not None:
            sections[key] = sections.get(key, ()) + section.items
    return Reflection(note.week, note.front.rating, note.path, sections)


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


def _note_milestone(path: str, note: Note, goal: str | None) -> Milestone:
    """Make the milestone of a milestone note (of ``goal``)."""
    front = note.front
    status, weight = front.status or "active", front.weight or 1.0
    title = front.title or note.name
    return Milestone(path, title, path, 1, goal, front.due, status, front.done, weight, from_task=False)


def _task_milestones(path: str, note: Note, heading: str, checked: Mapping[str, date]) -> Iterable[Milestone]:
    """Yield the milestones of a goal note: its top-level tasks under the milestone heading."""
    for task in note.tasks:
        if task.section.casefold() == heading and task.parent_line is None:
            status = {"done": "done", "cancelled": "dropped"}.get(task.status, "active")
            reached = task.done or (checked.get(task.text) if status == "done" else None)
            line, due = task.line, task.due
            yield Milestone(
                f"{path}#L{line}", task.text, path, line, path, due, status, reached, 1.0, from_task=True
            )


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
        skills=front.skills,
    )


def _renamed(before: tuple[Note, ...], after: tuple[Note, ...], changed: list[int] | None) -> bool:
    """Tell whether notes were added, removed, renamed or given other aliases.

    ``changed`` says where the two differ (None: their lengths do).
    """
    if changed is None:
        return True
    return any(
        (before[i].path, before[i].front.aliases) != (after[i].path, after[i].front.aliases) for i in changed
    )


def _topology_key(names: object, topology: Topology) -> tuple[object, ...]:
    """Return what placing a note depends on besides the note, to tell when cached placements expire."""
    return (names, tuple(sorted(topology.milestone_goal.items())), frozenset(topology.milestone_ids))


def assemble(
    notes: Iterable[Note],
    settings: Settings,
    problems: Iterable[Problem] = (),
    cache: PlacementCache | None = None,
    checked: Mapping[str, Mapping[str, date]] | None = None,
) -> Vault:
    """Build the vault model; problems (with those found before, e.g. by the scan) are collected.

    With a ``cache`` (kept by a watcher between builds), notes that did not change keep their
    placement as long as the vault's topology stays the same. ``checked`` gives, by note path and
    task text, the day git first saw a task checked (done dates for done tasks that have none).
    """
    checked = checked if checked is not None else NO_CHECKED
    cache = cache if cache is not None else PlacementCache()
    before = cache.table.readable  # the notes ``cache.index`` was last used with
    replaced = cache.table.update(notes)
    readable = cache.table.readable
    changed = replaced if replaced is not None else changed_at(before, readable)
    again: frozenset[str] = frozenset()
    if cache.index is None or _renamed(before, readable, changed):
        plain = plain_change(before, readable, cache.index) if cache.index is not None else None
        if plain is None or cache.index is None:
            cache.index, cache.names = LinkIndex(readable), object()
        else:  # links that led nowhere may lead to a new note; those to a removed one lead nowhere now
            for note in plain[1]:
                cache.index.remove(note)
            for note in plain[0]:
                cache.index.add(note)
            again = frozenset(cache.problems if plain[0] else ()) | linking(readable, plain[1])
    names = cache.names
    builder = _Assembler(cache.table, settings, cache.index, checked)
    builder.problems = [*problems, *chain.from_iterable(cache.table.problems.values())]
    goals = builder.goals(cache.goals)
    milestones = builder.milestones(cache.milestones)
    topology = builder.topology
    topology.milestone_ids = {m.id for m in milestones if m.from_task}
    key = _topology_key(names, topology)
    placements, changes = place_notes(readable, replaced, topology, checked, cache, key, again)
    found = set(chain.from_iterable(cache.problems.values()))
    if len(cache.entries) > len(builder.notes):  # every note has its entry: the others are gone
        present = {note.path for note in builder.notes}
        for gone in set(cache.entries) - present:
            changes.append((gone, cache.entries.pop(gone)[1], None))
            cache.dates.pop(gone, None)
    cache.reorder(changes)
    for gone in set(cache.reflections) - {note.path for note in builder.reflection_notes}:
        del cache.reflections[gone]
    reflections = builder.reflections(cache.reflections)
    found.update(builder.problems)  # the scan's, the notes' and those found assembling them
    joined = cache.joined = join(placements, cache.joined)
    return Vault(
        builder.notes,
        tuple(goals),
        tuple(milestones),
        joined.facts.tasks,
        joined.facts.measurements,
        tuple(reflections),
        joined.facts.activity,
        tuple(sorted(found, key=lambda p: (p.path, p.line, p.message))),
        joined.facts.dated_tasks,
        tuple(cache.ordered),
        joined.goal_counts,
        joined.step_counts,
        joined.facts.days,
        builder.kinds,
        cache.recent,
    )
