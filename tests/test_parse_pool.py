"""Notes parsed by worker processes are the notes parsed in this one, in the same order."""

from __future__ import annotations

from journal_tools.parse import read_note
from journal_tools.parse_pool import CHUNK, read_notes
from tests.conftest import MakeVault


def test_workers_give_the_same_notes_in_the_same_order(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        f"Daily/2026-01-{n % 28 + 1:02d} {n}.md": f"- [x] did {n} [[G]] ✅ 2026-01-02\n"
        for n in range(CHUNK + 30)
    }
    files["Goals/G.md"] = "---\ntype: goal\ntitle: G\nweird: [\n---\n"  # a broken note travels as well
    vault = make_vault(files)
    paths = sorted(files)
    parallel = list(read_notes(vault, paths, workers=2, minimum=1))
    assert [path for path, _ in parallel] == paths
    assert [note for _, note in parallel] == [read_note(vault, path) for path in paths]
    assert parallel[-1][1].problems  # the broken goal's problem came back from the worker
