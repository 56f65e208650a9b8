"""Shared fixtures: a fixed day, a vault builder on the real filesystem, the golden-file flag."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 20)
"""The day the sample vault's committed pages are built with (a Friday, 2026-W47)."""

MakeVault = Callable[[dict[str, str | bytes]], Path]

pytest_plugins = ("pytester",)
"""``pytester`` runs a small test session inside a test (tests/test_ci_skips.py)."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``browser`` mark: tests that draw the pages' charts in headless Chromium."""
    config.addinivalue_line(
        "markers", "browser: draws Mermaid charts in headless Chromium (skipped without it, failed under CI)"
    )


def under_ci() -> bool:
    """Tell whether the tests run in CI (``CI=true``, as .ci/run and CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Under CI, fail a ``browser`` test that was skipped: CI must draw the charts, not pass without them."""
    report = yield
    if report.skipped and under_ci() and item.get_closest_marker("browser") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"a browser test may not be skipped under CI=true ({reason})"
    return report


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--update-golden`` to rewrite sample_vault's generated pages."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="regenerate sample_vault/Reviews instead of comparing against it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Tell whether the golden files should be rewritten."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def make_vault(tmp_path: Path) -> MakeVault:
    """Write files (path -> text or bytes) into a fresh vault folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        vault = tmp_path / "vault"
        vault.mkdir(exist_ok=True)
        for rel, content in files.items():
            path = vault / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return vault

    return make


def _hypothesis_profiles() -> None:
    """Register a fixed-seed profile for CI (the default) and a deeper one to run by hand."""
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ci", derandomize=True, max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.register_profile(
        "deep", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()
