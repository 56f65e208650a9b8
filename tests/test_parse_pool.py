"""Notes parsed by worker processes are the notes parsed in this one, and the cache keeps the same bytes."""

from __future__ import annotations

import pickle

from journal_tools.parse import read_note
from journal_tools.parse_cache import PICKLE_PROTOCOL
from journal_tools.parse_pool import CHUNK, read_notes
from tests.conftest import MakeVault


def test_workers_and_this_process_give_the_same_notes(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        f"Daily/2026-01-{n % 28 + 1:02d} {n}.md": f"- [x] did {n} [[G]] ✅ 2026-01-02\n"
        for n in range(CHUNK * 6 + 30)
    }
    files["Goals/G.md"] = "---\ntype: goal\ntitle: G\nweird: [\n---\n"  # a broken note travels as well
    vault = make_vault(files)
    paths = sorted(files)
    parallel = {
        path: (note, pickled) for path, note, pickled in read_notes(vault, paths, workers=1, minimum=1)
    }
    assert sorted(parallel) == paths  # each note once
    for path in paths:
        note, pickled = parallel[path]
        assert note == read_note(vault, path)
        if pickled is not None:  # a worker's note comes with the bytes the parse cache stores
            assert pickled == pickle.dumps(note, protocol=PICKLE_PROTOCOL)
    assert parallel["Goals/G.md"][0].problems  # the broken goal's problem came back, whoever parsed it
    assert any(pickled is not None for _, pickled in parallel.values())  # the worker took a share
    assert any(pickled is None for _, pickled in parallel.values())  # and so did this process


def test_few_notes_are_parsed_in_this_process(make_vault: MakeVault) -> None:
    vault = make_vault({"Daily/2026-01-01.md": "- [ ] one\n", "Daily/2026-01-02.md": "- [ ] two\n"})
    parsed = list(read_notes(vault, ["Daily/2026-01-01.md", "Daily/2026-01-02.md"], workers=1))
    assert [(path, pickled) for path, _, pickled in parsed] == [
        ("Daily/2026-01-01.md", None),
        ("Daily/2026-01-02.md", None),
    ]
