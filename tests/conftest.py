"""Shared test configuration.

Import our integration before PHCC mounts its own testing ``custom_components``
package, which would otherwise shadow ours.
"""

from pathlib import Path

import custom_components.storj_monitor  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
SHARED_FIXTURES = SHARED_DIR / "fixtures"
