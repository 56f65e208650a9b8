"""The one error tree of journal-tools.

::

    JournalError                 anything journal-tools reports to the user
    ├── SettingsError            .journal-tools.toml is unreadable or holds a bad value
    ├── NoteError                one note could not be read or understood (path, line)
    ├── TemplateError            a page template failed to load or render
    └── GitError                 the vault's git history could not be read (reported, never fatal)

Third-party errors are wrapped at the boundary with ``raise ... from``.
"""

from __future__ import annotations


class JournalError(Exception):
    """Base of every error journal-tools reports to the user."""


class SettingsError(JournalError):
    """The vault's settings file is unreadable or holds a bad value."""


class NoteError(JournalError):
    """One note could not be read or understood; carries the 1-based line in the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class TemplateError(JournalError):
    """A page template failed to load or render; carries the template line when known."""

    def __init__(self, message: str, line: int = 1, template: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.template = template


class GitError(JournalError):
    """The ``git`` command failed or gave output that could not be read; the history is left out."""
