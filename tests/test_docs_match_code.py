"""The reference docs name what the code gives: template contexts, export keys, settings, options.

People write their own templates from docs/settings.md's context tables, and scripts from
docs/export.md: a name missing there cannot be found, and one listed that the code does not give
stops the page (templates run with ``StrictUndefined``) or the script. Front matter keys, settings
and command-line options that the docs do not name cannot be found either.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any

import click
import pytest

from journal_tools.analysis import Analysis
from journal_tools.cli import main
from journal_tools.export import export
from journal_tools.fields import CONVERTERS
from journal_tools.pages import plan_pages
from journal_tools.period_pages import plan_period_pages
from journal_tools.pipeline import analyze_vault
from journal_tools.settings import Settings, load_settings
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LISTS = ("goals", "milestones", "tasks", "measurements", "reflections", "problems")
"""The lists of the export, each with a section of docs/export.md."""


def tables(doc: str, level: str) -> dict[str, set[str]]:
    """Return, for each section of ``doc`` at heading ``level``, the names in its tables' first column."""
    found: dict[str, set[str]] = {}
    for section in re.split(f"^{level} ", (DOCS / doc).read_text(encoding="utf-8"), flags=re.MULTILINE):
        heading, _, body = section.partition("\n")
        names: set[str] = set()
        for line in body.split("\n#", 1)[0].splitlines():
            if line.startswith("| `"):
                names.update(re.findall(r"`\[?(\w+)\]?`", line.split("|")[1]))  # a TOML table: `[sections]`
        found[heading.strip()] = names
    return found


def documented_contexts() -> dict[frozenset[str], set[str]]:
    """Return the templates of each ``### Context of`` section of docs/settings.md, with its names."""
    return {
        frozenset(re.findall(r"`([\w.]+\.j2)`", heading)): names
        for heading, names in tables("settings.md", "###").items()
        if heading.startswith("Context of ")
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Analysis, Settings]:
    """Judge a copy of the sample vault (no git, no pages, no cache) on its fixed day."""
    vault = tmp_path_factory.mktemp("docs") / "vault"
    shutil.copytree(ROOT / "sample_vault", vault, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
    settings = load_settings(vault)
    return analyze_vault(vault, TODAY, settings), settings


@pytest.fixture(scope="module")
def given(sample: tuple[Analysis, Settings]) -> dict[str, set[str]]:
    """Return the variables each template is given, over every page of the sample vault."""
    analysis, settings = sample
    found: dict[str, set[str]] = {}
    for planned in (plan_pages(analysis, settings), plan_period_pages(analysis, settings)):
        for page in planned:
            found.setdefault(page.template, set()).update(page.values())
    return found


@pytest.mark.parametrize("templates", sorted(map(sorted, documented_contexts())), ids="+".join)
def test_the_context_tables_name_what_the_templates_are_given(
    templates: list[str], given: dict[str, set[str]]
) -> None:
    names = documented_contexts()[frozenset(templates)]
    context = set().union(*(given[template] for template in templates))
    assert sorted(context - names) == [], "given but not in docs/settings.md"
    assert sorted(names - context) == [], "in docs/settings.md but not given"


def test_every_page_template_has_a_context_table(given: dict[str, set[str]]) -> None:
    covered = set().union(*documented_contexts())
    assert set(given) <= covered


@pytest.mark.parametrize("section", ["Top level", *LISTS])
def test_the_export_tables_name_every_key(section: str, sample: tuple[Analysis, Settings]) -> None:
    data = export(sample[0])
    objects = [data] if section == "Top level" else data[section]
    assert objects, f"the sample vault has no {section}"
    for keys in {frozenset(item) for item in objects}:  # every key is always present
        assert sorted(keys) == sorted(tables("export.md", "##")[section])


def _example() -> dict[str, Any]:
    """Return the example export of docs/export.md."""
    text = (DOCS / "export.md").read_text(encoding="utf-8")
    found = re.search(r"^## Example\n.*?```json\n(.*?)```", text, re.DOTALL | re.MULTILINE)
    assert found is not None
    example: dict[str, Any] = json.loads(found.group(1))
    return example


def test_the_export_example_is_the_sample_vaults(sample: tuple[Analysis, Settings]) -> None:
    data, example = export(sample[0]), _example()
    assert {key: example[key] for key in ("version", "today", "week")} == {
        key: data[key] for key in ("version", "today", "week")
    }
    for name in LISTS:
        assert example[name], name
        assert all(item in data[name] for item in example[name]), (
            f"{name} of the example are not the export's"
        )
    counts = re.search(
        r"has (\d+) goals, (\d+) milestones, (\d+) tasks, (\d+) measurements and (\d+) reflections",
        (DOCS / "export.md").read_text(encoding="utf-8"),
    )
    assert counts is not None
    assert [int(n) for n in counts.groups()] == [len(data[name]) for name in LISTS[:5]]


def test_every_front_matter_key_is_documented() -> None:
    text = (DOCS / "vault-format.md").read_text(encoding="utf-8") + (DOCS / "skills.md").read_text(
        encoding="utf-8"
    )
    named = set(re.findall(r"`(\w+):?`", text))
    assert sorted(set(CONVERTERS) - named) == []


def test_the_settings_table_names_every_setting() -> None:
    keys = tables("settings.md", "##")["Keys"]
    assert sorted(keys) == sorted(field.name for field in dataclasses.fields(Settings))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_is_in_its_commands_page(name: str) -> None:
    page = (DOCS / "commands" / f"{name}.md").read_text(encoding="utf-8")
    command = main.commands[name]
    commands = command.commands.values() if isinstance(command, click.Group) else [command]
    options = {
        opt for each in commands for param in each.params for opt in param.opts if opt.startswith("--")
    }
    assert sorted(option for option in options if option not in page) == []
