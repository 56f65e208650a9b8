"""``journal-tools init``: the commented settings file, git files, Obsidian hints, never overwriting."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner

from journal_tools.cli import main
from journal_tools.settings import Settings, parse_settings
from journal_tools.setup import gitattributes_text, obsidian_hints, settings_text
from tests.conftest import MakeVault


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _uncommented(text: str) -> str:
    """Uncomment every setting line (``# key = value`` and ``# [sections]``)."""
    lines = []
    for line in text.splitlines():
        body = line.removeprefix("# ")
        if body.startswith("[sections]") or (" = " in body and body.split(" = ")[0].isidentifier()):
            lines.append(body)
    return "\n".join(lines) + "\n"


def test_init_on_a_new_folder_writes_every_file(tmp_path: Path) -> None:
    vault = tmp_path / "new vault"
    code, out, err = _run("init", str(vault))
    assert (code, err) == (0, "")
    assert out == "wrote .gitattributes\nwrote .journal-tools.toml\nwrote .journal-tools/.gitignore\n"
    assert (vault / ".gitattributes").read_text() == "Reviews/** linguist-generated=true\n"
    assert (vault / ".journal-tools/.gitignore").read_text() == "*\n!.gitignore\n!templates/\n"
    text = (vault / ".journal-tools.toml").read_text()
    assert tomllib.loads(text) == {}  # everything is commented out
    for key in Settings.__dataclass_fields__:
        assert f"# {key} = " in text or f"# [{key}]" in text, key


def test_the_settings_file_uncommented_gives_the_defaults() -> None:
    raw = tomllib.loads(_uncommented(settings_text()))
    assert set(raw) == set(Settings.__dataclass_fields__)
    assert parse_settings(raw) == Settings()


def test_every_setting_is_explained() -> None:
    lines = settings_text().splitlines()
    for index, line in enumerate(lines):
        if (
            " = " in line
            and line.startswith("# ")
            and line[2:].split(" = ")[0] in Settings.__dataclass_fields__
        ):
            assert lines[index - 1].startswith("# "), line
            assert " = " not in lines[index - 1], line


def test_init_leaves_existing_files_alone(make_vault: MakeVault) -> None:
    vault = make_vault(
        {
            ".journal-tools.toml": 'output = "Pages"\n',
            ".journal-tools/.gitignore": "mine\n",
            ".gitattributes": "*.png binary",
        }
    )
    code, out, _ = _run("init", str(vault))
    assert code == 0
    assert "left alone: .journal-tools.toml (it exists)" in out
    assert "left alone: .journal-tools/.gitignore (it exists)" in out
    assert "added a line to .gitattributes" in out
    assert (vault / ".journal-tools.toml").read_text() == 'output = "Pages"\n'
    assert (vault / ".journal-tools/.gitignore").read_text() == "mine\n"
    assert (vault / ".gitattributes").read_bytes() == b"*.png binary\nPages/** linguist-generated=true\n"
    code, out, _ = _run("init", str(vault))
    assert code == 0
    assert "left alone: .gitattributes (it exists)" in out
    assert (vault / ".gitattributes").read_bytes() == b"*.png binary\nPages/** linguist-generated=true\n"


def test_gitattributes_keeps_the_old_bytes() -> None:
    assert gitattributes_text("a\r\nb\r\n", "Reviews") == "a\r\nb\r\nReviews/** linguist-generated=true\n"
    assert gitattributes_text("", "Reviews") == "Reviews/** linguist-generated=true\n"
    assert gitattributes_text("  Reviews/** linguist-generated=true  \n", "Reviews") is None


def test_bad_settings_exit_2(make_vault: MakeVault) -> None:
    vault = make_vault({".journal-tools.toml": "stale_days = 0\n"})
    code, _, err = _run("init", str(vault))
    assert code == 2
    assert "stale_days" in err
    assert not (vault / ".gitattributes").exists()


def test_init_reads_obsidian_core_settings(make_vault: MakeVault) -> None:
    vault = make_vault(
        {
            ".obsidian/daily-notes.json": json.dumps(
                {"folder": "Journal/Daily", "format": "DD.MM.YYYY", "template": "Templates/Daily"}
            ),
            ".obsidian/templates.json": json.dumps({"folder": "Templates"}),
        }
    )
    code, out, _ = _run("init", str(vault))
    assert code == 0
    assert "found Obsidian daily notes (core plugin): folder 'Journal/Daily', file names 'DD.MM.YYYY'" in out
    assert "found Obsidian templates folder (core plugin): 'Templates'" in out
    text = (vault / ".journal-tools.toml").read_text()
    assert '# Obsidian\'s templates folder: consider exclude = ["Templates"]\n' in text
    assert "put type: daily and date: YYYY-MM-DD in the front matter" in text
    assert tomllib.loads(text) == {}


def test_init_reads_the_periodic_notes_plugin(make_vault: MakeVault) -> None:
    data = {
        "daily": {"enabled": True, "folder": "Daily", "format": "YYYY-MM-DD", "template": "Meta/T/Day"},
        "weekly": {"enabled": True, "folder": "Weekly", "format": "YYYY-[week]-ww"},
        "monthly": {"enabled": False},
    }
    vault = make_vault({".obsidian/plugins/periodic-notes/data.json": json.dumps(data)})
    code, out, _ = _run("init", str(vault))
    assert code == 0
    assert "daily notes (Periodic Notes): folder 'Daily', file names 'YYYY-MM-DD'" in out
    assert "weekly notes (Periodic Notes): folder 'Weekly', file names 'YYYY-[week]-ww'" in out
    text = (vault / ".journal-tools.toml").read_text()
    assert 'consider exclude = ["Meta/T"]' in text
    assert "put type: reflection and week: GGGG-Www in the front matter" in text
    assert "daily notes are named" not in text  # the default daily format needs nothing


def test_broken_obsidian_settings_are_ignored() -> None:
    hints = obsidian_hints({".obsidian/templates.json": "{oops", ".obsidian/daily-notes.json": None})
    assert hints.found == (".obsidian/templates.json: not a JSON object; ignored",)
    assert hints.suggestions == ()


def test_disabled_periodic_notes_are_not_reported() -> None:
    data = json.dumps({"weekly": {"enabled": False, "format": "x"}})
    hints = obsidian_hints({".obsidian/plugins/periodic-notes/data.json": data})
    assert hints == type(hints)((), ())
