"""The suite stands on the repository alone: nothing reads a folder beside the clone."""

from __future__ import annotations

from pathlib import Path
import re

from tests.conftest import OUTSIDE_READS, REPO_ROOT, reaches_outside_repository

SOURCE_DIRS = ("tests", "custom_components", "storj_simulator", "benchmarks", "forwarder", "script")
# `../shared`, `/ "shared"` and `REPO_ROOT.parent`: ways to climb out of the checkout.
ESCAPE = re.compile(r"\.\./shared|/\s*[\"']shared[\"']|REPO_ROOT\.parent\b")
# The audit hook itself has to name the folder beside the repository.
ALLOWED = {Path(__file__), REPO_ROOT / "tests" / "conftest.py"}


def test_reads_beside_the_repository_are_detected() -> None:
    beside = REPO_ROOT.parent / "shared" / "fixtures" / "logs" / "a.log"
    assert reaches_outside_repository(str(beside))
    assert not reaches_outside_repository(str(REPO_ROOT / "tests" / "fixtures" / "README.md"))
    assert not reaches_outside_repository(str(REPO_ROOT))


def test_no_source_names_a_path_outside_the_repository() -> None:
    offenders = []
    for folder in SOURCE_DIRS:
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".sh", ""} or not path.is_file():
                continue
            if path in ALLOWED:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            name = path.relative_to(REPO_ROOT)
            offenders += [f"{name}: {match.group()}" for match in ESCAPE.finditer(text)]
    assert offenders == []


def test_no_read_outside_the_repository_so_far() -> None:
    """The audit hook's record (the session also fails at its end if this grows later)."""
    assert OUTSIDE_READS == []
