"""Fixtures for the log analysis tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES

LOG_FIXTURES = FIXTURES / "logs"


@pytest.fixture(autouse=True)
def _loopback(socket_enabled: None) -> None:
    """Real aiohttp servers on 127.0.0.1 (monkit tests)."""


def fixture_lines(name: str) -> list[str]:
    """Lines of a real log sample in tests/fixtures/logs; fails loudly when missing."""
    path = LOG_FIXTURES / name
    if not path.is_file():
        pytest.fail(f"fixture missing: {path}")
    return path.read_text(encoding="utf-8").splitlines()


def fixture_path(name: str) -> Path:
    """Path of a log fixture file (must exist)."""
    path = LOG_FIXTURES / name
    if not path.is_file():
        pytest.fail(f"fixture missing: {path}")
    return path
