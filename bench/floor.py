"""Time the floor no build can beat: read every note and load its front matter: ``floor.py VAULT``."""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

OUTPUT = "Reviews"
"""The output folder at the vault's root: pages, not notes (the build does not read it either)."""

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's C loader, as the issue's floor uses; the pure-Python one only when libyaml is missing."""


def list_notes(vault: Path) -> list[Path]:
    """Return every ``.md`` note, skipping dot-folders (.git, .obsidian, .journal-tools) and the output."""
    notes: list[Path] = []
    for folder, dirs, files in os.walk(vault):
        at_root = Path(folder) == vault
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (at_root and d == OUTPUT)]
        notes.extend(
            Path(folder, name) for name in files if name.endswith(".md") and not name.startswith(".")
        )
    return notes


def read_notes(vault: Path) -> int:
    """List the notes, read each one's bytes, decode, split and load its front matter; return the count."""
    notes = list_notes(vault)
    for path in notes:
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text.startswith("---"):
            end = text.find("\n---", 3)
            if end >= 0:
                with contextlib.suppress(yaml.YAMLError):  # a broken note costs the build its time too
                    yaml.load(text[3:end], Loader=LOADER)
    return len(notes)


def floor_seconds(vault: Path, runs: int = 3) -> float:
    """Return the median wall time of ``runs`` passes of :func:`read_notes`, the first (colder) included."""
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        read_notes(vault)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Parse the command line, time the floor and print it with the note count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path, help="the vault folder")
    parser.add_argument("--runs", type=int, default=3, help="passes to take the median of")
    args = parser.parse_args()
    if not args.vault.is_dir():
        parser.error(f"{args.vault} is not a folder")
    if not yaml.__with_libyaml__:
        print(
            "floor.py: warning: PyYAML has no libyaml (yaml.__with_libyaml__ is False); "
            "the pure-Python loader makes this floor far slower than the issue's",
            file=sys.stderr,
        )
    vault = args.vault.resolve()
    seconds = floor_seconds(vault, args.runs)
    print(f"floor: {seconds:.4f} s (median of {args.runs} runs), {len(list_notes(vault))} notes")


if __name__ == "__main__":
    main()
