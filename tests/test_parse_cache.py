"""The parse cache: a build with nothing changed reads no note, and the cache is never trusted blindly."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal_tools import parse_cache
from journal_tools.cli import main
from journal_tools.export import export
from journal_tools.note_pickle import load_only
from journal_tools.parse import read_note
from journal_tools.parse_cache import CACHE_PATH
from journal_tools.pipeline import Session, build
from journal_tools.scan import scan_vault
from journal_tools.settings import load_settings
from tests.conftest import TODAY, MakeVault

SAMPLE = Path(__file__).resolve().parent.parent / "sample_vault"
GOAL = "---\ntype: goal\ntitle: Ship it\nmetric: releases\ntarget: 4\ncurrent: 1\ndue: 2026-12-31\n---\n"
HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


def _age(vault: Path) -> None:
    """Date every note an hour back, as notes are that were not just saved."""
    for note in vault.rglob("*.md"):
        os.utime(note, ns=(HOUR_AGO_NS, HOUR_AGO_NS))


def _swap_content(vault: Path, rel: str, text: str) -> None:
    """Replace a note's text by another of the same size, keeping its modification time."""
    path = vault / rel
    info = path.stat()
    path.write_text(text.ljust(info.st_size)[: info.st_size], encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _current(vault: Path, *, cache: bool = True) -> float | None:
    goal = Session(vault, cache=cache).analyze(TODAY).goals[0]
    return goal.current.value


def test_a_build_with_nothing_changed_takes_every_note_from_the_cache(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    build(vault, TODAY)
    assert (vault / CACHE_PATH).is_file()
    _swap_content(vault, "Goals/Ship.md", GOAL.replace("current: 1", "current: 3"))
    assert _current(vault) == 1  # not read: size and time are those cached
    assert _current(vault, cache=False) == 3


def test_a_changed_note_is_parsed_again(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    build(vault, TODAY)
    (vault / "Goals/Ship.md").write_text(GOAL.replace("current: 1", "current: 2"), encoding="utf-8")
    assert _current(vault) == 2


def test_a_note_cached_right_after_its_save_is_read_again(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})  # written just now: its time may not move on a quick edit
    build(vault, TODAY)
    _swap_content(vault, "Goals/Ship.md", GOAL.replace("current: 1", "current: 3"))
    assert _current(vault) == 3


def test_a_corrupt_cache_is_ignored_and_made_again(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    (vault / ".journal-tools").mkdir()
    (vault / CACHE_PATH).write_bytes(b"this is not a database" * 100)
    result = build(vault, TODAY)
    assert result.errors == 0
    with sqlite3.connect(vault / CACHE_PATH) as db:
        assert db.execute("SELECT path FROM notes").fetchall() == [("Goals/Ship.md",)]


def test_a_cache_from_another_version_is_not_used(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    build(vault, TODAY)
    with sqlite3.connect(vault / CACHE_PATH) as db:
        db.execute("UPDATE meta SET value = 'another version' WHERE key = 'version'")
    _swap_content(vault, "Goals/Ship.md", GOAL.replace("current: 1", "current: 3"))
    assert _current(vault) == 3


def test_a_locked_cache_does_not_stop_a_build(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    build(vault, TODAY)
    (vault / "Goals/Ship.md").write_text(GOAL.replace("current: 1", "current: 2"), encoding="utf-8")
    holder = sqlite3.connect(vault / CACHE_PATH, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = build(vault, TODAY)
        assert result.errors == 0
        assert "Reviews/Dashboard.md" in result.report.written
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (vault / CACHE_PATH).is_file()  # another process' cache is never deleted


def test_notes_are_written_out_in_batches_as_they_are_read(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_cache, "FLUSH_EVERY", 2)
    vault = make_vault({f"Goals/Goal {i}.md": GOAL for i in range(5)})
    session = Session(vault)  # reads every note; builds nothing yet
    assert _cached(vault) == 4  # the fifth waits for a flush
    assert session.cache is not None
    session.cache.flush()
    assert _cached(vault) == 5


def test_notes_are_read_back_in_batches_every_one_of_them(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_cache, "READ_BATCH", 2)
    vault = make_vault({f"Goals/Goal {i}.md": GOAL for i in range(5)})
    _age(vault)
    build(vault, TODAY)
    sources, _ = scan_vault(vault, load_settings(vault))
    loaded = parse_cache.NoteCache(vault).load(sources)
    assert list(loaded) == [source.path for source in sources]  # in the files' order
    assert loaded == {path: read_note(vault, path) for path in loaded}


@pytest.mark.parametrize("command", [["check"], ["build", "--check"], ["export"], ["calendar"]])
def test_only_build_and_watch_write_the_cache_even_in_batches(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setattr(parse_cache, "FLUSH_EVERY", 2)
    vault = make_vault({f"Goals/Goal {i}.md": GOAL for i in range(5)})
    CliRunner().invoke(main, [*command, str(vault), "--today", "2026-11-20"])
    assert not (vault / CACHE_PATH).exists()  # what they parsed is not kept


def _cached(vault: Path) -> int:
    """Count the notes in a vault's parse cache."""
    db = sqlite3.connect(vault / CACHE_PATH)
    try:
        count: int = db.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    finally:
        db.close()
    return count


def test_an_entry_naming_a_foreign_class_is_refused(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    build(vault, TODAY)
    planted = pickle.dumps(os.getcwd)  # a pickle that would call a function of os when loaded
    with sqlite3.connect(vault / CACHE_PATH) as db:
        db.execute("UPDATE notes SET note = ?", (planted,))
    assert _current(vault) == 1  # parsed from the file instead


def test_the_loader_refuses_any_class_it_is_not_given() -> None:
    with pytest.raises(pickle.UnpicklingError, match="getcwd is not part of a note"):
        load_only(pickle.dumps(os.getcwd), {})
    assert load_only(pickle.dumps((1, "a")), {}) == (1, "a")  # plain data needs no class


def test_no_cache_leaves_no_cache_behind(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    Session(vault, cache=False).build(TODAY)
    assert not (vault / ".journal-tools").exists()


def test_the_cache_keeps_the_git_ignore_file_it_needs(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    build(vault, TODAY)
    assert (vault / ".journal-tools/.gitignore").read_text(
        encoding="utf-8"
    ) == "*\n!.gitignore\n!templates/\n"


def test_the_sample_vault_exports_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault, ignore=shutil.ignore_patterns(".journal-tools"))
    _age(vault)
    build(vault, TODAY)  # fills the cache
    cached = Session(vault)
    assert cached.cache is not None
    assert not cached.cache.pending  # every note came from the cache
    assert export(cached.analyze(TODAY)) == export(Session(vault, cache=False).analyze(TODAY))
