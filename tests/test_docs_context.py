"""docs/settings.md names every variable the built-in templates are given, and no other.

People write their own templates from those tables; a variable missing there cannot be found, and
one listed that the code does not give stops the page (templates run with ``StrictUndefined``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from journal_tools.pages import plan_pages
from journal_tools.period_pages import plan_period_pages
from journal_tools.pipeline import analyze_vault
from journal_tools.settings import load_settings
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = ROOT / "docs" / "settings.md"


def documented() -> dict[frozenset[str], set[str]]:
    """Return, for each ``### Context of`` section, its templates and the variables its table names."""
    sections: dict[frozenset[str], set[str]] = {}
    for section in re.split(r"^### ", SETTINGS_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE):
        heading, _, body = section.partition("\n")
        if not heading.startswith("Context of "):
            continue
        names: set[str] = set()
        for line in body.split("\n#", 1)[0].splitlines():
            if line.startswith("| `"):
                names.update(re.findall(r"`(\w+)`", line.split("|")[1]))
        sections[frozenset(re.findall(r"`([\w.]+\.j2)`", heading))] = names
    return sections


@pytest.fixture(scope="module")
def given(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Return the variables each template is given, over every page of the sample vault (a copy, no git)."""
    vault = tmp_path_factory.mktemp("docs") / "vault"
    shutil.copytree(ROOT / "sample_vault", vault, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
    settings = load_settings(vault)
    analysis = analyze_vault(vault, TODAY, settings)
    found: dict[str, set[str]] = {}
    for planned in (plan_pages(analysis, settings), plan_period_pages(analysis, settings)):
        for page in planned:
            found.setdefault(page.template, set()).update(page.values())
    return found


@pytest.mark.parametrize("templates", sorted(map(sorted, documented())), ids="+".join)
def test_the_context_tables_name_what_the_templates_are_given(
    templates: list[str], given: dict[str, set[str]]
) -> None:
    names = documented()[frozenset(templates)]
    context = set().union(*(given[template] for template in templates))
    assert sorted(context - names) == [], "given but not in docs/settings.md"
    assert sorted(names - context) == [], "in docs/settings.md but not given"


def test_every_page_template_has_a_context_table(given: dict[str, set[str]]) -> None:
    covered = set().union(*documented())
    assert set(given) <= covered
