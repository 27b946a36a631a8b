"""Fixtures for the log analysis tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED_FIXTURES

LOG_FIXTURES = SHARED_FIXTURES / "logs"


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """Real aiohttp servers on 127.0.0.1 (monkit tests)."""


def fixture_lines(name: str) -> list[str]:
    """Lines of a shared real log sample; fails loudly when ``shared/`` is missing."""
    path = LOG_FIXTURES / name
    if not path.is_file():
        pytest.fail(f"shared fixture missing: {path} (clone shared/ beside the repo)")
    return path.read_text(encoding="utf-8").splitlines()


def fixture_path(name: str) -> Path:
    """Path of a shared fixture file (must exist)."""
    path = LOG_FIXTURES / name
    if not path.is_file():
        pytest.fail(f"shared fixture missing: {path} (clone shared/ beside the repo)")
    return path
