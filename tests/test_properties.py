"""Property tests on random vaults: deterministic, idempotent, harmless to notes, tables intact."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from journal_tools.pipeline import build
from tests.conftest import TODAY

HOSTILE = [
    "a | b",
    "[[x|y]]",
    "<script>x</script>",
    "<!-- c",
    "%% c %%",
    "# h",
    "> q",
    "- d",
    "1. n",
    "`c",
    'Q3: lead "Atlas"; #1',
]

titles = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30),
)
days = st.integers(min_value=-60, max_value=60).map(lambda n: TODAY + timedelta(days=n))


def _yaml_text(value: str) -> str:
    """Quote a value for YAML as a double-quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def vaults(draw: st.DrawFn) -> dict[str, str]:
    files: dict[str, str] = {}
    goal_count = draw(st.integers(min_value=0, max_value=4))
    for index in range(goal_count):
        title = draw(titles)
        fields = [f"title: {_yaml_text(title)}", "type: goal"]
        if draw(st.booleans()):
            fields.append(f"due: {draw(days)}")
        if draw(st.booleans()):
            fields += [f"target: {draw(st.integers(0, 10))}", f"current: {draw(st.integers(0, 10))}"]
        if index and draw(st.booleans()):
            fields.append(f'parent: "[[g{draw(st.integers(0, index - 1))}]]"')
        tasks = draw(st.lists(st.tuples(st.sampled_from(" xX/-?"), titles, days), max_size=4))
        body = "".join(
            f"- [{mark}] {text.splitlines()[0] if text.splitlines() else 'x'} 📅 {due}\n"
            for mark, text, due in tasks
        )
        files[f"Goals/g{index}.md"] = "---\n" + "\n".join(fields) + "\n---\n" + body
    for offset in draw(st.lists(st.integers(0, 10), max_size=3, unique=True)):
        day: date = TODAY - timedelta(weeks=offset)
        week = day.isocalendar()
        rating = draw(st.integers(1, 5))
        files[f"Weekly/{week.year}-W{week.week:02d}.md"] = (
            f"---\nrating: {rating}\n---\n## Wins\n- {draw(titles)}\n## Next steps\n- [ ] {draw(titles)}\n"
        )
    if draw(st.booleans()):
        files["Broken.md"] = "---\ntitle: a: b\n---\n"
    return files


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file but the parse cache (whose bytes are SQLite's business), by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith("cache.sqlite")
    }


def _separators(line: str) -> int:
    """Count the ``|`` that split a table row: those not escaped by an odd run of backslashes."""
    count = 0
    backslashes = 0
    for char in line:
        if char == "|" and backslashes % 2 == 0:
            count += 1
        backslashes = backslashes + 1 if char == "\\" else 0
    return count


def tables_keep_their_columns(text: str) -> None:
    """Assert every row of every table markdown-it finds splits into as many cells as its header."""
    lines = text.splitlines()
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "table_open" and token.map:
            rows = lines[token.map[0] : token.map[1]]
            assert {_separators(row) for row in rows} == {_separators(rows[0])}, rows


def test_the_table_check_catches_a_broken_row() -> None:
    tables_keep_their_columns("| a | b |\n|---|---|\n| x \\| y | z |\n")
    try:
        tables_keep_their_columns("| a | b |\n|---|---|\n| [[x|y]] | z |\n")
    except AssertionError:
        return
    raise AssertionError("a row with an unescaped pipe was not caught")


@given(vaults())
def test_build_is_idempotent_and_never_touches_notes(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp)
        for rel, text in files.items():
            (vault / rel).parent.mkdir(parents=True, exist_ok=True)
            (vault / rel).write_text(text, encoding="utf-8")
        notes = _snapshot(vault)
        build(vault, TODAY)
        first = _snapshot(vault)
        assert {k: v for k, v in first.items() if not k.startswith(("Reviews/", ".journal-tools/"))} == notes
        assert not [k for k in first if k.endswith(".tmp")]
        second = build(vault, TODAY)
        assert second.report.written == []
        assert second.report.removed == []
        assert _snapshot(vault) == first
        for rel, data in first.items():
            if rel.startswith("Reviews/"):
                tables_keep_their_columns(data.decode("utf-8"))


@given(vaults())
def test_the_same_vault_gives_the_same_bytes(files: dict[str, str]) -> None:
    outputs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as temp:
            vault = Path(temp)
            for rel, text in files.items():
                (vault / rel).parent.mkdir(parents=True, exist_ok=True)
                (vault / rel).write_text(text, encoding="utf-8")
            build(vault, TODAY)
            outputs.append(_snapshot(vault / "Reviews"))
    assert outputs[0] == outputs[1]
