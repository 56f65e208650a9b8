"""The template cache: a later run takes the compiled templates instead of compiling them, yet renders
exactly what a run without the cache renders, whatever state the cache folder is in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from jinja2.bccache import bc_magic

from journal_tools.outcome import run_build
from journal_tools.pipeline import Session
from journal_tools.render import Renderer, template_cache
from journal_tools.settings import VAULT_TEMPLATES
from tests.conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample_vault"
OUT = "Reviews"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the system's temporary directory at a folder of this test; return Jinja's cache folder in it."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return temporary / f"_jinja2-cache-{os.getuid()}"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of the sample vault, without its pages."""
    copy = tmp_path / "vault"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(".journal-tools", OUT))
    return copy


class Compiling(Renderer):
    """A renderer that counts the templates its environments compile."""

    def __init__(self, vault: Path, *, cache: bool = True) -> None:
        super().__init__(vault, cache=cache)
        self.compiled: list[str] = []
        for env in (self.builtin, self.custom):
            env.compile = self._counting(env.compile)  # type: ignore[method-assign]

    def _counting(self, compile: Any) -> Any:
        def counted(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
            self.compiled.append(str(name))
            return compile(source, name, *args, **kwargs)

        return counted


def _build(vault: Path, *, cache: bool = True) -> tuple[dict[str, bytes], Compiling]:
    """Build every page of ``vault`` afresh; return them with the renderer that rendered them."""
    shutil.rmtree(vault / OUT, ignore_errors=True)
    session = Session(vault, cache=cache)
    session.renderer = renderer = Compiling(vault, cache=cache)
    run_build(session, TODAY)
    pages = {str(p.relative_to(vault / OUT)): p.read_bytes() for p in sorted((vault / OUT).rglob("*.md"))}
    return pages, renderer


def test_a_second_run_takes_the_compiled_templates(vault: Path, cache_dir: Path) -> None:
    first, compiling = _build(vault)
    assert "dashboard.md.j2" in compiling.compiled
    kept = sorted(p.name for p in cache_dir.iterdir())
    assert kept
    assert all(name.startswith("journal-tools-") for name in kept)
    assert oct(cache_dir.stat().st_mode & 0o777) == oct(0o700)
    second, compiling = _build(vault)
    assert compiling.compiled == []
    assert second == first
    assert second == _build(vault, cache=False)[0]


def test_a_run_that_renders_nothing_makes_no_cache_folder(vault: Path, cache_dir: Path) -> None:
    session = Session(vault)
    session.analyze(TODAY)  # as an export does
    assert not cache_dir.exists()


def test_no_cache_neither_reads_nor_writes_compiled_templates(vault: Path, cache_dir: Path) -> None:
    _, compiling = _build(vault, cache=False)
    assert compiling.builtin.bytecode_cache is None
    assert "dashboard.md.j2" in compiling.compiled
    assert not cache_dir.exists()


def test_an_edited_vault_template_is_compiled_again(vault: Path, cache_dir: Path) -> None:
    own = vault / VAULT_TEMPLATES / "dashboard.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("# Mine\n{{ today }}\n", encoding="utf-8")
    first, _ = _build(vault)
    assert first["Dashboard.md"].endswith(b"# Mine\n2026-11-20\n")
    own.write_text("# Mine, edited\n{{ today }}\n", encoding="utf-8")
    second, compiling = _build(vault)
    assert compiling.compiled == ["dashboard.md.j2"]  # the built-in templates come from the cache
    assert second["Dashboard.md"].endswith(b"# Mine, edited\n2026-11-20\n")


@pytest.mark.parametrize("damage", ["empty", "truncated", "garbage"])
def test_a_damaged_cache_file_is_no_cache(vault: Path, cache_dir: Path, damage: str) -> None:
    first, _ = _build(vault)
    for path in cache_dir.iterdir():
        data = path.read_bytes()
        header = len(bc_magic)  # what Jinja checks first; then a pickled checksum, then marshalled code
        path.write_bytes(
            {"empty": b"", "truncated": data[: len(data) // 2], "garbage": data[:header] + b"\xff" * 64}[
                damage
            ]
        )
    second, compiling = _build(vault)
    assert "dashboard.md.j2" in compiling.compiled
    assert second == first
    third, compiling = _build(vault)  # the damaged files were made again
    assert compiling.compiled == []
    assert third == first


@pytest.mark.parametrize("planted", ["symlink", "another owner"])
def test_a_cache_folder_another_user_could_plant_is_not_used(
    vault: Path, cache_dir: Path, tmp_path: Path, planted: str
) -> None:
    if planted == "symlink":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        cache_dir.symlink_to(tmp_path / "elsewhere")
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        cache_dir.mkdir(mode=0o700)
        os.chown(cache_dir, 65534, 65534)
    cache = template_cache({}, sandboxed=False)
    assert cache.files() is None
    first, compiling = _build(vault)
    assert "dashboard.md.j2" in compiling.compiled
    assert list(cache_dir.iterdir()) == []
    second, compiling = _build(vault)
    assert "dashboard.md.j2" in compiling.compiled
    assert second == first == _build(vault, cache=False)[0]


def test_environments_of_another_shape_do_not_share_files(tmp_path: Path) -> None:
    names = set()
    for options, sandboxed in [({"trim_blocks": True}, False), ({"trim_blocks": True}, True), ({}, False)]:
        files = template_cache(options, sandboxed=sandboxed, directory=str(tmp_path)).files()
        assert files is not None
        names.add(files.pattern)
    assert len(names) == 3
