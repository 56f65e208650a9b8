"""The sample vault's committed pages are golden files: a rebuild must reproduce them byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from journal_tools.pipeline import build
from tests.conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample_vault"
OUTPUT = "Reviews"


def _pages(root: Path) -> dict[str, bytes]:
    """Return every file under ``root`` by relative path, but the parse cache's folder."""
    files = sorted(root.rglob("*"))
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in files
        if p.is_file() and ".journal-tools" not in p.relative_to(root).parts
    }


def test_sample_vault_pages_match_the_committed_ones(tmp_path: Path, update_golden: bool) -> None:
    copy = tmp_path / "sample_vault"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(OUTPUT, ".journal-tools"))
    result = build(copy, TODAY)
    assert result.errors == 0, [str(p) for p in result.problems]
    generated = _pages(copy / OUTPUT)
    if update_golden:
        shutil.rmtree(SAMPLE / OUTPUT, ignore_errors=True)
        shutil.copytree(copy / OUTPUT, SAMPLE / OUTPUT)
    committed = _pages(SAMPLE / OUTPUT)
    assert sorted(generated) == sorted(committed), "pages added or missing: run `make golden`"
    for name, data in generated.items():
        assert data == committed[name], f"{name} differs: run `make golden` and review the diff"


def test_building_the_committed_sample_vault_changes_nothing(tmp_path: Path) -> None:
    copy = tmp_path / "sample_vault"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(".journal-tools"))
    before = _pages(copy)
    result = build(copy, TODAY)
    assert result.report.written == []
    assert result.report.removed == []
    assert _pages(copy) == before
