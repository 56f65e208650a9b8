"""The one-way pipeline: each module imports only the stages below it; each library has one owner."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "journal_tools"

LAYERS = [
    {
        "errors",
        "weeks",
        "__init__",
        "gc_pause",
        "atomic",
        "shared",
        "front_matter_fast",
        "processes",
        "page_order",
        "git_checkout",
        "told",
    },
    {"watch", "problem"},
    {"note", "settings", "escape", "ownership"},
    {"setup", "page_paths", "note_pickle", "writers", "write_report", "front_matter_yaml"},
    {"fields", "tasks", "front_matter", "model", "links", "dirty"},
    {"joined", "link_changes"},
    {"note_table"},
    {"body"},
    {"markdown_fast"},
    {"markdown", "scan", "history", "tough_spots", "new_note", "git_log"},
    {
        "parse",
        "parse_cache",
        "note_pickle",
        "place",
        "progress",
        "review",
        "assessment",
        "output_files",
        "activity",
    },
    {"git_history"},
    {"parse_pool", "git_facts", "git_store"},
    {"assemble"},
    {"analysis"},
    {"views", "export", "weekly"},
    {"week_view", "skills", "periods", "charts"},
    {"week_context"},
    {"pages", "burnup"},
    {"period_context"},
    {"period_pages"},
    {"render", "write", "build_result"},
    {"build_stamp"},
    {"prior_build", "page_seeds"},
    {"pipeline", "calendar_ics"},
    {"create", "outcome", "service", "terminal"},
    {"cli"},
    {"__main__"},
]
"""Modules from the bottom up: a module may import only from layers below its own."""

OWNERS = {
    "yaml": "front_matter_yaml",
    "markdown_it": "markdown",
    "jinja2": "render",
    "click": "cli",
    "watchdog": "watch",
    "icalendar": "calendar_ics",
    "rich": "terminal",
}
"""Each third-party library is imported by exactly one module."""


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "journal_tools":
                names.update(
                    f"journal_tools.{alias.name}"
                    for alias in node.names
                    if (PACKAGE / f"{alias.name}.py").exists()
                )
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _layer(module: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if module in layer)


def test_every_module_has_a_layer_and_a_docstring() -> None:
    for path in PACKAGE.glob("*.py"):
        assert any(path.stem in layer for layer in LAYERS), f"{path.stem} has no layer"
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path.stem} has no docstring"


def test_imports_go_down_only() -> None:
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            if name.startswith("journal_tools."):
                target = name.split(".")[1]
                assert _layer(target) < _layer(path.stem) or target == "__init__", (
                    f"{path.stem} imports {target}"
                )


def test_each_library_has_one_owner() -> None:
    for path in PACKAGE.glob("*.py"):
        for name in _imports(path):
            root = name.split(".")[0]
            if root in OWNERS:
                assert OWNERS[root] == path.stem, f"{path.stem} imports {root}"


def test_only_the_cli_prints_or_exits() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.stem in ("cli", "__main__"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("print", "exit", "input"), f"{path.stem} calls {node.func.id}"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) != ("sys", "exit"), f"{path.stem} calls sys.exit"


def test_modules_stay_small() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 320, f"{path.stem} is too long"


def test_the_core_never_reads_the_clock() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.stem == "cli":
            continue
        text = path.read_text(encoding="utf-8")
        assert "date.today(" not in text, path.stem
        assert "datetime.now(" not in text, path.stem


def test_the_command_line_starts_without_the_pipeline() -> None:
    """A build its stamp finds up to date loads none of what reads notes or renders pages."""
    code = "import sys, journal_tools.cli; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    heavy = {
        "jinja2",
        "markdown_it",
        "yaml",
        "watchdog",
        "logging",
        "concurrent.futures",
        "importlib.resources",
        "pickle",
        "multiprocessing",
        "subprocess",
        "tomllib",
        "calendar",
    }
    stages = ("pipeline", "model", "parse", "assemble", "render", "git_log", "note", "note_pickle")
    heavy |= {f"journal_tools.{name}" for name in stages}
    assert loaded & heavy == set()


def test_the_pipeline_loads_yaml_markdown_it_and_the_pool_only_when_used() -> None:
    """Most notes have plain front matter and bodies, read without PyYAML and markdown-it; a pool
    starts only for many notes: a build after one edit need not load them (about 40 ms)."""
    code = (
        "import sys, journal_tools.cli, journal_tools.pipeline, journal_tools.outcome; "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert (
        loaded & {"yaml", "markdown_it", "concurrent.futures.process", "multiprocessing.sharedctypes"}
        == set()
    )
    assert "journal_tools.render" in loaded
