"""Under CI=true a skipped browser test fails; on a developer machine it stays a skip, with its reason."""

from __future__ import annotations

import pytest

TESTS = """
import pytest

@pytest.mark.browser
@pytest.mark.skipif(True, reason="browser check: no chromium on PATH")
def test_draws() -> None:
    pass

@pytest.mark.skipif(True, reason="not a browser test")
def test_other() -> None:
    pass
"""


@pytest.fixture
def session(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest("from tests.conftest import pytest_configure, pytest_runtest_makereport\n")
    pytester.makepyfile(TESTS)
    return pytester


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_a_skipped_browser_test_fails_under_ci(
    session: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CI", value)
    result = session.runpytest("-rA")
    result.assert_outcomes(errors=1, skipped=1)  # the skip comes from a mark, so it fails in setup
    result.stdout.fnmatch_lines(["*a browser test may not be skipped under CI=true*no chromium on PATH*"])
    assert result.ret != 0


@pytest.mark.parametrize("value", [None, "", "false"])
def test_a_browser_test_stays_skipped_on_a_developer_machine(
    session: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    result = session.runpytest("-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*SKIPPED*browser check: no chromium on PATH*"])
    assert result.ret == 0


def test_a_skip_inside_a_browser_test_fails_under_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest("from tests.conftest import pytest_configure, pytest_runtest_makereport\n")
    pytester.makepyfile(
        "import pytest\n\n"
        "@pytest.mark.browser\n"
        "def test_draws() -> None:\n"
        "    pytest.skip('Mermaid is missing')\n"
    )
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
