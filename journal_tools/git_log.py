"""Read a vault's git history with the ``git`` command: the commits that touched notes, and their blobs."""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType

from journal_tools.errors import GitError
from journal_tools.git_checkout import in_a_checkout

_REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
"""Set by git hooks (a pre-commit build); they would override finding the vault's own repository."""
_REGULAR_FILE = ("100644", "100755")
_COMMIT_MARK = b"\x1e"
_LOG_FORMAT = "--format=%x1e%H %aI"
"""Each commit starts with a record separator, its id and its author date in the author's own offset."""


@dataclass(frozen=True, slots=True)
class Change:
    """One note path a commit added, modified, deleted or renamed, relative to the vault."""

    status: str
    """``A``, ``M``, ``D``, ``T`` (type change) or ``R`` (rename; the similarity is dropped)."""
    path: str
    """The path after the commit (the new path of a rename)."""
    old_path: str | None
    """The path before a rename, else None."""
    blob: str | None
    """The id of the file's content after the commit; None when deleted or not a regular file."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that touched at least one ``*.md`` file below the vault."""

    id: str
    day: date
    """The author date, in the offset the author committed with."""
    changes: tuple[Change, ...]


class Repository:
    """The git repository a vault folder is in (the vault may be any folder below its top)."""

    def __init__(self, vault: Path) -> None:
        """Run every git command in ``vault``, with the hooks' repository variables removed."""
        self.vault = vault
        self.env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
        self.env.update(LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_NO_LAZY_FETCH="1", GIT_TERMINAL_PROMPT="0")

    def command(self, *args: str) -> list[str]:
        """Return the argv of a git command run in the vault (no pager, no signatures, no colour)."""
        return ["git", "-C", str(self.vault), "-c", "log.showSignature=false", "-c", "color.ui=false", *args]

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[bytes]:
        """Run a git command and return it; GitError when it cannot start or exits outside ``ok``."""
        try:
            done = subprocess.run(
                self.command(*args), capture_output=True, env=self.env, stdin=subprocess.DEVNULL, check=False
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed (or not on PATH)") from exc
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
        if done.returncode not in ok:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {done.returncode}'}")
        return done

    def head(self) -> str | None:
        """Return the commit id of HEAD (detached or not), or None in a repository without commits."""
        done = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1))
        return done.stdout.decode("ascii").strip() or None

    def is_ancestor(self, old: str, new: str) -> bool:
        """Tell whether commit ``old`` is an ancestor of ``new`` (False when ``old`` is unknown)."""
        return self.run("merge-base", "--is-ancestor", old, new, ok=(0, 1, 128)).returncode == 0

    def commits(self, head: str, since: str | None = None) -> list[Commit]:
        """List the commits up to ``head`` (after ``since``) that touched ``*.md`` in the vault, oldest first.

        Renames are followed (``-M``); a merge shows what it changed against its first parent; the
        oldest commit of a shallow clone shows every note as added.
        """
        span = f"{since}..{head}" if since else head
        done = self.run(
            "log",
            "-z",
            "--reverse",
            "--topo-order",
            "--root",
            "--diff-merges=first-parent",
            "--raw",
            "--no-abbrev",
            "-M",
            "--relative",
            _LOG_FORMAT,
            span,
            "--",
            "*.md",
        )
        return parse_log(done.stdout)


def open_repository(vault: Path) -> Repository | None:
    """Return the repository the vault is in, or None when it is in none; GitError when git fails there."""
    if not in_a_checkout(vault):
        return None  # git looks for nothing else: the repository variables are removed from its environment
    repository = Repository(vault)
    done = repository.run("rev-parse", "--is-inside-work-tree", ok=(0, 128))
    if done.returncode == 128:
        raise GitError(f"git cannot read the repository: {done.stderr.decode('utf-8', 'replace').strip()}")
    return repository if done.stdout.strip() == b"true" else None


def parse_log(data: bytes) -> list[Commit]:
    """Parse the output of ``git log -z --raw`` with the format of ``_LOG_FORMAT``."""
    tokens = data.split(b"\0")
    commits: list[Commit] = []
    head: tuple[str, date] | None = None
    changes: list[Change] = []
    index = 0
    try:
        while index < len(tokens):
            token = tokens[index].lstrip(b"\n")
            index += 1
            if token.startswith(_COMMIT_MARK):
                if head is not None:
                    commits.append(Commit(head[0], head[1], tuple(changes)))
                commit_id, stamp = token[1:].decode("ascii").split(" ")
                head, changes = (commit_id, date.fromisoformat(stamp[:10])), []
            elif token.startswith(b":"):
                _, new_mode, _, new_blob, status = token[1:].decode("ascii").split(" ")
                count = 2 if status[0] in "RC" else 1
                paths = [t.decode("utf-8", "surrogateescape") for t in tokens[index : index + count]]
                index += count
                if len(paths) != count or head is None:
                    raise ValueError("a change without its commit or its path")
                blob = new_blob if new_mode in _REGULAR_FILE and status[0] != "D" else None
                old = paths[0] if count == 2 else None
                changes.append(Change(status[0].replace("C", "A"), paths[-1], old, blob))
            elif token:
                raise ValueError(f"unexpected output {token[:40]!r}")
    except ValueError as exc:
        raise GitError(f"cannot read the output of git log: {exc}") from exc
    if head is not None:
        commits.append(Commit(head[0], head[1], tuple(changes)))
    return commits


class BlobReader:
    """One long-running ``git cat-file --batch``: asks for a blob by id, reads its bytes back."""

    def __init__(self, repository: Repository) -> None:
        """Start the process (it ends on ``close`` or when the ``with`` block ends)."""
        try:
            self.process = subprocess.Popen(
                repository.command("cat-file", "--batch"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=repository.env,
            )
        except OSError as exc:
            raise GitError(f"cannot run git cat-file: {exc.strerror or exc}") from exc

    def read(self, blob: str) -> bytes | None:
        """Return the content of a blob, or None when the repository lacks it (a partial clone)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        try:
            stdin.write(blob.encode("ascii") + b"\n")
            stdin.flush()
            header = stdout.readline().split()
            if len(header) == 2 and header[1] == b"missing":
                return None
            if len(header) != 3:
                raise GitError(f"git cat-file stopped or answered {b' '.join(header)[:60]!r}")
            size = int(header[2])
            data = stdout.read(size + 1)
        except (OSError, ValueError) as exc:
            raise GitError(f"git cat-file failed: {exc}") from exc
        if len(data) != size + 1:
            raise GitError("git cat-file stopped in the middle of a blob")
        return data[:size]

    def close(self) -> None:
        """End the process: close its input and wait for it."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):  # the process has already ended
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self) -> BlobReader:
        """Use the reader in a ``with`` block."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """End the process however the block ended."""
        self.close()
