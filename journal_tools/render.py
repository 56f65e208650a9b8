"""Render planned pages with Jinja: the vault's templates first, the built-in ones as fallback."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment

from journal_tools import escape
from journal_tools.errors import TemplateError
from journal_tools.ownership import Stamped, stamp, stamped
from journal_tools.pages import Page
from journal_tools.problem import Problem
from journal_tools.settings import VAULT_TEMPLATES, default_template_dir

_OPTIONS: dict[str, Any] = {
    "autoescape": False,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}
"""The options that shape how templates compile (and so which compiled templates may be reused)."""


def make_environment(
    template_dirs: list[Path], *, sandboxed: bool, cache: bool = False
) -> jinja2.Environment:
    """Make a Jinja environment: strict, Markdown-friendly whitespace; sandboxed for the vault's templates.

    With ``cache``, compiled templates are kept for the next run (:class:`TemplateCache`).
    """
    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = kind(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        bytecode_cache=template_cache(_OPTIONS, sandboxed=sandboxed) if cache else None,
        **_OPTIONS,
    )
    env.filters.update(
        text=escape.inline,
        cell=escape.cell,
        link=escape.link,
        cell_link=escape.cell_link,
        source=escape.source,
        mermaid=escape.mermaid,
        cell_source=lambda path: escape.escape_pipes(escape.source(path)),
    )
    return env


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's cache of compiled templates, so that a run does not compile the page templates again.

    Compiling the built-in templates takes about 70 ms, longer than a build with nothing changed.
    Jinja keeps the compiled code in a folder of the system's temporary directory that only the user
    may open (it refuses any other: a file planted there would run as code), and takes it back only
    while the template's source is the same. The folder is looked for when a template is first
    loaded, not before. A cache that cannot be had, read or written is no cache: the template is
    compiled, as without one.
    """

    def __init__(self, pattern: str, directory: str | None = None) -> None:
        """Keep files named by ``pattern`` in ``directory`` (by default Jinja's own folder)."""
        self.pattern = pattern
        self.directory = directory
        self._files: jinja2.FileSystemBytecodeCache | None = None
        self._tried = False

    def files(self) -> jinja2.FileSystemBytecodeCache | None:
        """Return Jinja's file cache, made at the first call (None when no safe folder can be had)."""
        if not self._tried:
            self._tried = True
            with contextlib.suppress(OSError, RuntimeError):  # no folder, or one another user could plant
                self._files = jinja2.FileSystemBytecodeCache(self.directory, self.pattern)
        return self._files

    def load_bytecode(self, bucket: Bucket) -> None:
        """Take the compiled template from its file; a damaged or unreadable file is no cache."""
        if (files := self.files()) is not None:
            try:
                files.load_bytecode(bucket)
            except Exception:  # a damaged file fails in pickle or marshal, in any way
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the compiled template in its file, if the folder takes it."""
        if (files := self.files()) is not None:
            with contextlib.suppress(OSError):
                files.dump_bytecode(bucket)


def template_cache(
    options: Mapping[str, Any], *, sandboxed: bool, directory: str | None = None
) -> TemplateCache:
    """Return the template cache for environments of ``options``.

    The file names carry what shapes the compiled code (the Jinja version, the options, the sandbox),
    so two kinds of environment never share a file. ``directory`` is where the files go: by default
    Jinja's own folder, ``_jinja2-cache-UID`` in the temporary directory, made and checked as only
    the user's.
    """
    shape = repr((jinja2.__version__, sandboxed, sorted(options.items())))
    flavour = hashlib.sha1(shape.encode("utf-8")).hexdigest()[:12]
    return TemplateCache(f"journal-tools-{flavour}-%s.cache", directory)


class Renderer:
    """Renders pages, falling back to the built-in template when the vault's own one fails.

    A page that is the one last rendered, or whose context equals the last one's, is not rendered
    again; of what was rendered only the checksum is kept, not the text (nothing at all when not
    asked to ``keep``). The context is kept only for a page planned anew since the last build, as
    the current week's is at every save, to compare the next one with: a page kept as it was (the
    weeks and months a save does not touch) holds how to make its context, not the context.
    """

    def __init__(self, vault: Path, *, keep: bool = True, cache: bool = True) -> None:
        """Load templates from the vault's ``.journal-tools/templates`` and the built-in folder.

        With ``cache``, compiled templates are taken from, and kept in, the template cache.
        """
        self.keep = keep
        self.vault_dir = vault / VAULT_TEMPLATES
        self.builtin = make_environment([default_template_dir()], sandboxed=False, cache=cache)
        self.custom = make_environment([self.vault_dir, default_template_dir()], sandboxed=True, cache=cache)
        self.use_custom = self.vault_dir.is_dir() and any(self.vault_dir.glob("*.j2"))
        self._last: dict[str, tuple[Page, Stamped, list[Problem], Mapping[str, Any] | None]] = {}

    def stamped(self, page: Page) -> tuple[Stamped, list[Problem]]:
        """Render one page to its bytes, or, when its context is the last one's, to its checksum alone."""
        last = self._last.get(page.path)
        if last is not None and last[0] is page:
            if last[3] is not None:  # kept as it was: no longer planned anew, its context can go
                self._last[page.path] = (page, last[1], last[2], None)
            return last[1], last[2]
        context = page.values()
        if last is not None and last[0].template == page.template and last[3] == context:
            self._last[page.path] = (page, last[1], last[2], context)
            return last[1], last[2]
        text, problems = self.render(page, context)
        made = stamped(page.path, text)
        if self.keep:  # planned anew since the last build: the next may well plan it anew again
            kept = context if last is not None or not callable(page.context) else None
            self._last[page.path] = (page, Stamped(made.rel, made.checksum), problems, kept)
        return made, problems

    def seed(self, page: Page, checksum: str) -> None:
        """Take ``page`` as rendered already, to a body of ``checksum`` (the last build's file holds it)."""
        if self.keep:
            self._last[page.path] = (page, Stamped(page.path, checksum), [], None)

    def again(self, rel: str) -> bytes:
        """Render anew the page last rendered to ``rel``, for the bytes :meth:`stamped` did not keep."""
        return stamp(self.render(self._last[rel][0])[0])

    def render(self, page: Page, context: Mapping[str, Any] | None = None) -> tuple[str, list[Problem]]:
        """Render one page with the vault's templates when it has any, else with the built-in ones.

        ``context`` is the page's context when made already. A broken vault template is a problem,
        and the built-in one is used.
        """
        context = page.values() if context is None else context
        if self.use_custom:
            try:
                return _render(self.custom, page, context), []
            except TemplateError as exc:
                where = f"{VAULT_TEMPLATES}/{exc.template or page.template}"
                problem = Problem(where, exc.line, "error", f"{exc}; the built-in template was used")
                return _render(self.builtin, page, context), [problem]
        return _render(self.builtin, page, context), []


def _render(env: jinja2.Environment, page: Page, context: Mapping[str, Any]) -> str:
    """Render a page; Jinja's errors become TemplateError naming the template and line."""
    try:
        return escape.tidy(env.get_template(page.template).render(context))
    except jinja2.TemplateSyntaxError as exc:
        message = f"template {exc.name or page.template}:{exc.lineno}: {exc.message}"
        raise TemplateError(message, exc.lineno, exc.name) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {page.template}: {exc}") from exc
    except Exception as exc:  # a sandbox violation or a bad value in a user template
        raise TemplateError(f"template {page.template}: {type(exc).__name__}: {exc}") from exc
