"""Derived values of the models and the satellite-name table."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.storj_monitor.api import (
    KNOWN_SATELLITES,
    Dashboard,
    DiskSpace,
    satellite_name,
)
from custom_components.storj_monitor.api.parsers import parse_dashboard

from . import documents as doc

OLD_DISK = DiskSpace(
    used=900, available=1000, trash=50, overused=0, allocated=None, reclaimable=None
)
NEW_DISK = DiskSpace(used=900, available=80, trash=50, overused=0, allocated=1000, reclaimable=7)


def _dashboard() -> Dashboard:
    return parse_dashboard(doc.dashboard_v1_162(), "GET /api/sno/")


def test_disk_space_before_v1_143() -> None:
    """`available` is the allocation and `used` excludes trash."""
    assert not OLD_DISK.is_new_meaning
    assert OLD_DISK.allocated_total == 1000
    assert OLD_DISK.used_total == 950
    assert OLD_DISK.free == 50
    assert OLD_DISK.used_percent == 95.0


def test_disk_space_since_v1_143() -> None:
    """`allocated` present: `available` is the free space, `used` includes trash."""
    assert NEW_DISK.is_new_meaning
    assert NEW_DISK.allocated_total == 1000
    assert NEW_DISK.used_total == 900
    assert NEW_DISK.free == 80
    assert NEW_DISK.used_percent == 90.0


def test_disk_space_edge_cases() -> None:
    """Overfull old nodes have no free space; the v1.143.0-.3 negative `used` bug clamps."""
    assert replace(OLD_DISK, used=990).free == 0
    assert replace(NEW_DISK, used=-5).used_total == 0
    assert replace(OLD_DISK, available=0).used_percent is None
    assert replace(NEW_DISK, allocated=0).used_percent is None


def test_models_are_immutable() -> None:
    """Frozen dataclasses with slots."""
    with pytest.raises(FrozenInstanceError):
        NEW_DISK.used = 1  # type: ignore[misc]
    assert not hasattr(NEW_DISK, "__dict__")


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.162.3", (1, 162, 3)),
        ("v1.79.0", (1, 79, 0)),
        ("1.143.4-rc", (1, 143, 4)),
        ("1.143", None),
        ("dev", None),
        ("1.x.3", None),
    ],
)
def test_version_info(version: str, expected: tuple[int, int, int] | None) -> None:
    """Comparable version tuples; None when the string is not X.Y.Z."""
    assert replace(_dashboard(), version=version).version_info == expected


def test_uptime() -> None:
    """now - startedAt, never negative (clock skew between node and Home Assistant)."""
    dashboard = _dashboard()
    started = datetime(2026, 8, 20, 12, tzinfo=UTC)
    assert dashboard.uptime(started + timedelta(hours=30)) == timedelta(hours=30)
    assert dashboard.uptime(started - timedelta(minutes=1)) == timedelta(0)


def test_known_satellites() -> None:
    """us1, eu1, ap1 and saltlake are the active production satellites."""
    active = sorted(sat.name for sat in KNOWN_SATELLITES.values() if sat.active)
    assert active == ["ap1", "eu1", "saltlake", "us1"]
    assert KNOWN_SATELLITES[doc.US1].address == "us1.storj.io:7777"


@pytest.mark.parametrize(
    ("sat_id", "url", "expected"),
    [
        (doc.SALTLAKE, "saltlake.tardigrade.io:7777", "saltlake"),
        (doc.US1, "us-central-1.tardigrade.io:7777", "us1"),  # old address, known ID
        (None, "eu1.storj.io:7777", "eu1"),  # known address, no ID
        ("1custom", "sat.example.net:7777", "sat.example.net"),
        ("1custom", "[2001:db8::1]:7777", "2001:db8::1"),
        ("1custom", "sat.example.net", "sat.example.net"),
        ("1custom", None, "1custom"),
        ("1custom", "", "1custom"),
        (None, None, ""),
    ],
)
def test_satellite_name(sat_id: str | None, url: str | None, expected: str) -> None:
    """Friendly name from the table, else the address host, else the ID."""
    assert satellite_name(sat_id, url) == expected
