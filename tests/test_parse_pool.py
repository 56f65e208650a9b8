"""Notes parsed by worker processes are the notes parsed in this one, and the cache keeps the same bytes."""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import time
from multiprocessing import forkserver
from pathlib import Path

import pytest

from journal_tools.note_pickle import PICKLE_PROTOCOL
from journal_tools.parse import read_note
from journal_tools.parse_pool import CHUNK, read_notes
from tests.conftest import MakeVault


def test_few_notes_are_parsed_in_this_process(make_vault: MakeVault) -> None:
    vault = make_vault({"Daily/2026-01-01.md": "- [ ] one\n", "Daily/2026-01-02.md": "- [ ] two\n"})
    parsed = list(read_notes(vault, ["Daily/2026-01-01.md", "Daily/2026-01-02.md"], workers=1))
    assert [(path, pickled) for path, _, pickled in parsed] == [
        ("Daily/2026-01-01.md", None),
        ("Daily/2026-01-02.md", None),
    ]


def _daily_notes(make_vault: MakeVault) -> tuple[Path, list[str]]:
    """Make a vault with enough daily notes for several chunks; return it and its note paths."""
    files: dict[str, str | bytes] = {
        f"Daily/2026-02-{n % 28 + 1:02d} {n}.md": f"- [ ] step {n} [[G]] 📅 2026-03-01\n"
        for n in range(CHUNK * 6 + 30)
    }
    return make_vault(files), sorted(files)


def _chunk_files(temp: Path) -> list[Path]:
    """Wait for a worker to write its first chunk file in ``temp``; return the files written so far."""
    written: list[Path] = []
    for _ in range(1000):  # a wait, not a check of time
        written = list(temp.glob("*/*.notes"))
        if written:
            break
        time.sleep(0.01)
    assert written, "no worker wrote a chunk file"
    return written


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a new, empty folder that stands for the system's temporary directory."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # where the workers' chunk files go
    return folder


def test_workers_and_this_process_give_the_same_notes(make_vault: MakeVault, temp: Path) -> None:
    files: dict[str, str | bytes] = {
        f"Daily/2026-01-{n % 28 + 1:02d} {n}.md": f"- [x] did {n} [[G]] ✅ 2026-01-02\n"
        for n in range(CHUNK * 6 + 30)
    }
    files["Goals/G.md"] = "---\ntype: goal\ntitle: G\nweird: [\n---\n"  # a broken note travels as well
    vault = make_vault(files)
    paths = sorted(files)
    notes = read_notes(vault, paths, workers=1, minimum=1)
    first = next(notes)  # this process has claimed the last chunk
    _chunk_files(temp)  # and the worker one of the first: each is sure to take a share
    parallel = {path: (note, pickled) for path, note, pickled in [first, *notes]}
    assert sorted(parallel) == paths  # each note once
    for path in paths:
        note, pickled = parallel[path]
        assert note == read_note(vault, path)
        if pickled is not None:  # a worker's note comes with the bytes the parse cache stores
            assert pickled == pickle.dumps(note, protocol=PICKLE_PROTOCOL)
    assert parallel["Goals/G.md"][0].problems  # the broken goal's problem came back, whoever parsed it
    assert any(pickled is not None for _, pickled in parallel.values())  # the worker took a share
    assert any(pickled is None for _, pickled in parallel.values())  # and so did this process


def test_the_chunk_files_are_gone_once_every_note_is_read(make_vault: MakeVault, temp: Path) -> None:
    vault, paths = _daily_notes(make_vault)
    parsed = list(read_notes(vault, paths, workers=1, minimum=1))
    assert sorted(path for path, _, _ in parsed) == paths
    assert list(temp.iterdir()) == []


def test_a_chunk_whose_file_is_lost_is_parsed_here(make_vault: MakeVault, temp: Path) -> None:
    vault, paths = _daily_notes(make_vault)
    notes = read_notes(vault, paths, workers=1, minimum=1)
    first = [next(notes)]  # every chunk is handed out; the worker writes its files meanwhile
    for file in _chunk_files(temp):
        file.unlink()  # lost before this process read it
    parsed = first + list(notes)
    assert sorted(path for path, _, _ in parsed) == paths  # each note once, none lost
    assert all(note == read_note(vault, path) for path, note, _ in parsed)


def test_without_a_temporary_folder_every_note_is_parsed_here(
    make_vault: MakeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, paths = _daily_notes(make_vault)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))  # no such folder
    parsed = list(read_notes(vault, paths, workers=1, minimum=1))
    assert [path for path, _, _ in parsed] == paths
    assert all(pickled is None for _, _, pickled in parsed)


def _workers_of(server: int) -> list[int]:
    """Return the processes the forkserver ``server`` started (the pool's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "stat").read_text()
        except OSError:  # not a process, or one that just ended
            continue
        if entry.name.isdigit() and int(status.rsplit(")", 1)[1].split()[1]) == server:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")  # the pool's thread failed
def test_a_worker_killed_midway_loses_no_note_and_prints_nothing(
    make_vault: MakeVault, capfd: pytest.CaptureFixture[str]
) -> None:
    vault, paths = _daily_notes(make_vault)
    notes = read_notes(vault, paths, workers=1, minimum=1)
    first = [next(notes)]  # the pool runs, and this process has claimed the last chunk
    server = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    workers: list[int] = []
    for _ in range(1000):  # wait for the worker to start (a wait, not a check of time)
        workers = _workers_of(server)
        if workers:
            break
        time.sleep(0.01)
    assert workers, "no worker started"
    for pid in workers:
        os.kill(pid, signal.SIGKILL)  # as the kernel does to a process out of memory
    parsed = first + list(notes)
    assert sorted(path for path, _, _ in parsed) == paths  # each note once, none lost
    assert all(note == read_note(vault, path) for path, note, _ in parsed)
    assert capfd.readouterr().err == ""  # no traceback from the pool's thread


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_ctrl_c_is_left_to_the_build_not_the_workers(
    make_vault: MakeVault, temp: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    vault, paths = _daily_notes(make_vault)
    notes = read_notes(vault, paths, workers=1, minimum=1)
    first = [next(notes)]
    _chunk_files(temp)  # the worker is past its start: it has parsed a chunk
    workers = _workers_of(forkserver._forkserver._forkserver_pid)  # type: ignore[attr-defined]
    assert workers, "no worker found"
    for pid in workers:
        os.kill(pid, signal.SIGINT)  # what Ctrl-C sends every process of the terminal
    parsed = first + list(notes)
    assert sorted(path for path, _, _ in parsed) == paths
    assert capfd.readouterr().err == ""  # no traceback from the worker
