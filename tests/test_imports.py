"""`api`, `logs` and `reports` work without Home Assistant: importing them loads none of it."""

import subprocess
import sys

from tests.conftest import REPO_ROOT


def run_python(code: str) -> None:
    """Run `code` in a fresh interpreter at the repository root; fail with its stderr."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_api_and_logs_import_without_home_assistant() -> None:
    """A fresh interpreter imports these packages and no `homeassistant` module."""
    run_python(
        "import custom_components.storj_monitor.logs.parser, custom_components.storj_monitor.api;"
        " import custom_components.storj_monitor.reports.pdf_report;"
        " import custom_components.storj_monitor.reports.summary;"
        " import custom_components.storj_monitor.reports.tables;"
        " import sys;"
        " loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'homeassistant');"
        " assert not loaded, loaded"
    )


def test_entry_points_load_on_first_use() -> None:
    """Without Home Assistant loaded, the package still hands out its entry points."""
    run_python(
        "import custom_components.storj_monitor as pkg, sys;"
        " assert 'homeassistant' not in sys.modules;"
        " assert callable(pkg.async_setup_entry) and pkg.PLATFORMS;"
        " assert not hasattr(pkg, 'setup')"
    )
