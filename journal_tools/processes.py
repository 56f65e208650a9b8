"""How journal-tools starts a helper process: from a clean server process where the platform has one."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import DefaultContext, ForkServerContext


def process_context() -> DefaultContext | ForkServerContext:
    """Return the way to start helpers: ``forkserver`` where there is one (a watcher has threads)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context(None)
