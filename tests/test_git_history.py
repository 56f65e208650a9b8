"""The git history reader on real repositories made in a temp folder, with fixed author dates."""

from __future__ import annotations

import os
import pickle
import subprocess
from datetime import date
from pathlib import Path

from journal_tools.git_history import DueChange, History, read_history, update_history
from journal_tools.git_log import parse_log


class Repo:
    """A git repository in a temp folder; each commit gets the author and committer date it is given."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.dates: dict[str, str] = {}
        top.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(self.dates)
        done = subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@e", *args],
            cwd=cwd or self.top,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def write(self, path: str, text: str) -> None:
        (self.top / path).parent.mkdir(parents=True, exist_ok=True)
        (self.top / path).write_text(text, encoding="utf-8")

    def commit(self, stamp: str, files: dict[str, str] | None = None, message: str = "c") -> str:
        """Write the files and commit everything at ``stamp`` (ISO 8601 with an offset)."""
        for path, text in (files or {}).items():
            self.write(path, text)
        self.dates = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


def goal(current: float | None = None, due: str = "2026-12-15", tasks: str = "") -> str:
    value = f"current: {current}\n" if current is not None else ""
    return (
        f"---\ntype: goal\nmetric: exams\nbaseline: 0\ntarget: 5\n{value}due: {due}\n---\n"
        f"## Milestones\n{tasks}"
    )


def test_a_metric_raised_over_four_commits_gives_four_points(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    for value, day in zip(range(1, 5), ("01", "03", "08", "09"), strict=True):
        repo.commit(f"2026-10-{day}T09:00:00+00:00", {"Goals/AWS.md": goal(value)})

    history = read_history(repo.top)

    aws = history.note("Goals/AWS.md")
    assert aws is not None
    assert aws.kind == "goal"
    assert aws.appeared == date(2026, 10, 1)
    assert aws.points == (
        (date(2026, 10, 1), 1.0),
        (date(2026, 10, 3), 2.0),
        (date(2026, 10, 8), 3.0),
        (date(2026, 10, 9), 4.0),
    )
    assert history.goals() == (aws,)
    assert history.head == repo.git("rev-parse", "HEAD")
    assert history.problems == ()


def test_the_last_commit_of_a_day_wins_in_the_commit_s_own_offset(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+00:00", {"g.md": goal(1)})
    repo.commit("2026-10-02T08:00:00+00:00", {"g.md": goal(2)})
    repo.commit("2026-10-02T20:00:00+00:00", {"g.md": goal(3)})
    repo.commit("2026-10-03T23:30:00-05:00", {"g.md": goal(4)})  # 04:30 on the 4th in UTC
    repo.commit("2026-10-05T10:00:00+00:00", {"g.md": goal(5)})
    repo.commit("2026-10-05T11:00:00+00:00", {"g.md": goal(4)})  # back to the day before's value

    aws = read_history(repo.top).note("g.md")

    assert aws is not None
    assert aws.points == ((date(2026, 10, 1), 1.0), (date(2026, 10, 2), 3.0), (date(2026, 10, 3), 4.0))


def test_a_task_ticked_in_commit_3_gets_commit_3_s_date(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+02:00", {"g.md": goal(1, tasks="- [ ] Pass exam 1\n")})
    repo.commit("2026-10-04T09:00:00+02:00", {"g.md": goal(1, tasks="- [ ] Pass exam 1\n- [ ] Book it\n")})
    repo.commit("2026-10-06T09:00:00+02:00", {"g.md": goal(2, tasks="- [ ] Book it\n- [x] Pass exam 1\n")})
    repo.commit("2026-10-09T09:00:00+02:00", {"g.md": goal(2, tasks="- [x] Pass exam 1\n- [x] Book it\n")})

    history = read_history(repo.top)

    exam = history.task("g.md", "Pass exam 1")
    assert exam is not None
    assert (exam.seen, exam.checked, exam.milestone) == (date(2026, 10, 1), date(2026, 10, 6), True)
    book = history.task("g.md", "Book it")
    assert book is not None
    assert (book.seen, book.checked) == (date(2026, 10, 4), date(2026, 10, 9))


def test_a_rename_keeps_the_goal_s_history(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+00:00", {"Goals/AWS cert.md": goal(1, tasks="- [ ] Exam\n")})
    repo.commit("2026-10-02T09:00:00+00:00", {"Goals/AWS cert.md": goal(2, tasks="- [x] Exam\n")})
    repo.git("mv", "Goals/AWS cert.md", "Goals/Zertifikat für AWS.md")
    repo.commit("2026-10-03T09:00:00+00:00")
    repo.commit("2026-10-04T09:00:00+00:00", {"Goals/Zertifikat für AWS.md": goal(3, tasks="- [x] Exam\n")})

    history = read_history(repo.top)

    assert [note.path for note in history.notes] == ["Goals/Zertifikat für AWS.md"]
    moved = history.notes[0]
    assert moved.appeared == date(2026, 10, 1)
    assert [value for _, value in moved.points] == [1.0, 2.0, 3.0]
    assert history.task("Goals/Zertifikat für AWS.md", "Exam") is not None
    assert history.task("Goals/AWS cert.md", "Exam") is None


def test_a_due_date_moved_twice_is_reported_as_moved_twice(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-09-01T09:00:00+00:00", {"g.md": goal(1, due="2026-10-01")})
    repo.commit("2026-09-01T10:00:00+00:00", {"g.md": goal(1, due="2026-10-02")})  # the day it appeared
    repo.commit("2026-09-20T09:00:00+00:00", {"g.md": goal(1, due="2026-10-15")})
    repo.commit("2026-10-10T09:00:00+00:00", {"g.md": goal(2, due="2026-10-14")})
    repo.commit("2026-10-10T18:00:00+00:00", {"g.md": goal(2, due="2026-11-01")})  # one move that day

    aws = read_history(repo.top).note("g.md")

    assert aws is not None
    assert aws.due_changes == (
        DueChange(date(2026, 9, 20), date(2026, 10, 2), date(2026, 10, 15)),
        DueChange(date(2026, 10, 10), date(2026, 10, 15), date(2026, 11, 1)),
    )
    assert [change.days for change in aws.moves] == [13, 17]
    assert aws.due == date(2026, 11, 1)


def test_a_vault_without_git_or_without_commits_gives_an_empty_history(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "g.md").write_text(goal(1), encoding="utf-8")
    repo = Repo(tmp_path / "vault")
    repo.write("g.md", goal(1))

    assert read_history(tmp_path / "plain") == History()
    assert read_history(repo.top) == History()


def test_a_vault_in_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.commit(
        "2026-10-01T09:00:00+00:00",
        {"notes/my vault/g.md": goal(1), "elsewhere/g.md": goal(9), "README.md": "# not a note\n"},
    )
    repo.commit("2026-10-02T09:00:00+00:00", {"notes/my vault/g.md": goal(2), "elsewhere/g.md": goal(8)})

    history = read_history(repo.top / "notes" / "my vault")

    assert [(note.path, note.points[-1][1]) for note in history.notes] == [("g.md", 2.0)]


def test_output_hidden_and_deleted_notes(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit(
        "2026-10-01T09:00:00+00:00",
        {
            "g.md": goal(1),
            "Reviews/Dashboard.md": goal(5),
            ".trash/old.md": goal(5),
            "m.md": "# m\n- [ ] t\n",
        },
    )
    (repo.top / "g.md").unlink()
    repo.commit("2026-10-02T09:00:00+00:00")

    history = read_history(repo.top)

    assert [(note.path, note.deleted) for note in history.notes] == [("g.md", date(2026, 10, 2))]
    assert [task.path for task in history.tasks] == ["m.md"]


def test_the_cached_pass_after_one_new_commit_equals_a_full_pass(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+00:00", {"g.md": goal(1, tasks="- [ ] A\n"), "other.md": "- [ ] B\n"})
    repo.commit("2026-10-02T09:00:00+00:00", {"g.md": goal(2, due="2026-12-20", tasks="- [x] A\n")})
    before = read_history(repo.top)
    repo.git("mv", "g.md", "renamed.md")
    repo.commit(
        "2026-10-03T09:00:00+00:00", {"renamed.md": goal(3, due="2026-12-31"), "other.md": "- [x] B\n"}
    )

    cached = update_history(repo.top, before)

    assert cached == read_history(repo.top)
    assert cached.head != before.head
    assert update_history(repo.top, cached) == cached  # nothing new: nothing read
    assert pickle.loads(pickle.dumps(cached)) == cached  # the state is plain, storable data


def test_a_rewritten_history_is_read_again(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+00:00", {"g.md": goal(1)})
    repo.commit("2026-10-02T09:00:00+00:00", {"g.md": goal(2)})
    before = read_history(repo.top)
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.commit("2026-10-05T09:00:00+00:00", {"g.md": goal(4)})

    rebuilt = update_history(repo.top, before)

    assert rebuilt == read_history(repo.top)
    note = rebuilt.note("g.md")
    assert note is not None
    assert note.points == ((date(2026, 10, 1), 1.0), (date(2026, 10, 5), 4.0))


def test_a_shallow_clone_and_a_detached_head(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "origin")
    first = repo.commit("2026-10-01T09:00:00+00:00", {"g.md": goal(1)})
    repo.commit("2026-10-02T09:00:00+00:00", {"g.md": goal(2)})
    repo.commit("2026-10-03T09:00:00+00:00", {"g.md": goal(3)})
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.top}", str(tmp_path / "shallow"))

    shallow = read_history(tmp_path / "shallow")
    repo.git("checkout", "-q", "--detach", first)
    detached = read_history(repo.top)

    assert shallow.problems == ()
    note = shallow.note("g.md")
    assert note is not None
    assert note.points == ((date(2026, 10, 3), 3.0),)
    assert detached.head == first
    assert [note.points for note in detached.notes] == [((date(2026, 10, 1), 1.0),)]


def test_a_broken_repository_gives_a_problem_not_an_error(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "vault")
    repo.commit("2026-10-01T09:00:00+00:00", {"g.md": goal(1)})
    (repo.top / ".git" / "HEAD").write_text("garbage\n", encoding="utf-8")

    history = read_history(repo.top)

    assert history.head is None
    assert history.notes == ()
    assert len(history.problems) == 1
    assert history.problems[0].message.startswith("git history not read: ")


def test_the_log_parser_reads_renames_deletions_and_odd_paths() -> None:
    blob = "1" * 40
    zero = "0" * 40
    data = (
        f"\x1e{'a' * 40} 2026-10-01T23:00:00-05:00\0\n"
        f":000000 100644 {zero} {blob} A\0new\nline.md\0"
        f":100644 100644 {blob} {blob} R100\0a b.md\0ü/c.md\0"
        f":100644 000000 {blob} {zero} D\0gone.md\0"
        f"\x1e{'b' * 40} 2026-10-02T09:00:00+00:00\0"
    ).encode()

    first, second = parse_log(data)

    assert first.day == date(2026, 10, 1)
    assert [(c.status, c.path, c.old_path, c.blob) for c in first.changes] == [
        ("A", "new\nline.md", None, blob),
        ("R", "ü/c.md", "a b.md", blob),
        ("D", "gone.md", None, None),
    ]
    assert (second.id, second.changes) == ("b" * 40, ())
