"""Shared test configuration.

Import our integration before PHCC mounts its own testing ``custom_components``
package, which would otherwise shadow ours.
"""

from __future__ import annotations

import os
from pathlib import Path
import sys
import tempfile
from typing import Any

import pytest

import custom_components.storj_monitor  # noqa: F401

# Session-wide PostgreSQL and MariaDB servers for the recorder tests.
pytest_plugins = ["tests.database_servers"]

REPO_ROOT = Path(__file__).resolve().parents[1]
# Real samples copied from the project's reference folder, each with its `.source.md` note.
FIXTURES = REPO_ROOT / "tests" / "fixtures"

# The suite must pass from a plain clone: a read of a folder beside the repository (such as a
# reference folder that CI happens to place there) is recorded and fails the session.
_BESIDE = str(REPO_ROOT.parent) + os.sep
_REPO = str(REPO_ROOT) + os.sep
# When the clone sits directly in the temp folder, its other children are pytest's own.
_TEMP_PARENT = os.path.realpath(tempfile.gettempdir()) == str(REPO_ROOT.parent)
OUTSIDE_READS: list[str] = []


def reaches_outside_repository(path: str) -> bool:
    """True for a path in a folder beside the repository (not the repository itself)."""
    full = os.path.abspath(path)
    if not full.startswith(_BESIDE) or (full + os.sep).startswith(_REPO):
        return False
    if _TEMP_PARENT:
        return full[len(_BESIDE) :].split(os.sep, 1)[0] == "shared"
    return True


def _audit_open(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not isinstance(args[0], (str, os.PathLike)):
        return
    path = os.fspath(args[0])
    if isinstance(path, str) and reaches_outside_repository(path):
        OUTSIDE_READS.append(path)


sys.addaudithook(_audit_open)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when any test opened a file beside the repository."""
    if OUTSIDE_READS:
        paths = "\n  ".join(sorted(set(OUTSIDE_READS)))
        sys.stderr.write(f"\nTests read files outside the repository:\n  {paths}\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
