"""The garbage collector pause around builds leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from journal_tools.gc_pause import gc_deferred


def test_the_collector_is_paused_inside_and_running_again_after() -> None:
    assert gc.isenabled()
    with gc_deferred():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_after_an_exception() -> None:
    with pytest.raises(ValueError, match="boom"), gc_deferred():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        with gc_deferred():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
