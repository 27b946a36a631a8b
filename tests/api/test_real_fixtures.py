"""Every real capture in tests/fixtures/api parses, with values in normalised units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from custom_components.storj_monitor.api import (
    Dashboard,
    EstimatedPayout,
    QuicStatus,
    SatelliteDetails,
    StorjNodeClient,
)

from .documents import FIXTURE_VERSIONS, US2, fixture_text
from .fake_node import FakeNode


async def _serve_capture(
    client: StorjNodeClient, node: FakeNode, version: str
) -> tuple[Dashboard, SatelliteDetails, EstimatedPayout]:
    node.text("/api/sno/", fixture_text(version, "sno"))
    node.text(f"/api/sno/satellite/{US2}", fixture_text(version, "satellite"))
    node.text("/api/sno/estimated-payout", fixture_text(version, "payout"))
    return (
        await client.async_get_dashboard(),
        await client.async_get_satellite(US2),
        await client.async_get_estimated_payout(),
    )


@pytest.mark.parametrize("version", FIXTURE_VERSIONS)
async def test_every_capture_parses(client: StorjNodeClient, node: FakeNode, version: str) -> None:
    """Dashboard, satellite and payout of each recorded version parse completely."""
    dashboard, satellite, payout = await _serve_capture(client, node, version)

    assert dashboard.version == version
    assert dashboard.node_id == "1Xf5b3xHn1ajoNRpJJJd3RebWUgZ58BVqNxKPAH2g1snSAEyNt"
    assert dashboard.wallet_features == ()  # "walletFeatures": null
    assert [sat.name for sat in dashboard.satellites] == [
        "us2",
        "saltlake",
        "ap1",
        "us1",
        "eu1",
        "europe-north-1",
    ]
    assert all(sat.current_storage_used for sat in dashboard.satellites)  # before v1.122
    assert all(sat.vetted_at is None for sat in dashboard.satellites)  # v1.131+ only
    assert not dashboard.disk.is_new_meaning
    assert dashboard.disk.allocated_total == 3_500_000_000_000
    assert dashboard.started_at.tzinfo is not None
    assert satellite.name == "us2"
    assert satellite.url == "us2.storj.io:7777"
    assert satellite.audit_score == 1.0
    assert 0.98 < satellite.online_score <= 1.0
    assert satellite.price_model is not None
    assert satellite.price_model.egress_per_tb == Decimal("20")
    assert satellite.joined_at == datetime(2021, 1, 7, 1, 54, 43, 576738, tzinfo=UTC)
    assert len(satellite.storage_daily) == len(satellite.bandwidth_daily)
    assert payout.current_month_expectations is not None
    assert payout.current_month.payout == payout.current_month.gross - payout.current_month.held


async def test_v1_71_2_values(client: StorjNodeClient, node: FakeNode) -> None:
    """The newest capture: cents become dollars, free space comes from the allocation."""
    dashboard, satellite, payout = await _serve_capture(client, node, "1.71.2")

    disk = dashboard.disk
    # Pre-v1.143: available is the allocation; free = available - used - trash.
    assert disk.free == 3_500_000_000_000 - 3_381_577_296_000 - 117_961_155_200 == 461_548_800
    assert disk.used_total == 3_381_577_296_000 + 117_961_155_200
    assert disk.used_percent == pytest.approx(99.9868128914)
    assert disk.overused == 0
    assert disk.allocated is None
    assert disk.reclaimable is None
    assert dashboard.bandwidth_used == 21_724_116_480
    assert dashboard.quic_status is QuicStatus.MISCONFIGURED
    assert dashboard.configured_port == 28967
    assert dashboard.allowed_version == "1.24.0"
    assert dashboard.up_to_date is True
    assert dashboard.version_info == (1, 71, 2)
    assert dashboard.last_pinged == datetime(2023, 2, 9, 11, 2, 2, 808318, tzinfo=UTC)
    assert dashboard.last_quic_pinged_at == datetime(2023, 2, 9, 10, 31, 48, 116823, tzinfo=UTC)
    assert dashboard.uptime(dashboard.last_pinged) == timedelta(
        days=2, hours=5, minutes=30, seconds=24, microseconds=23154
    )
    assert dashboard.satellites[0].current_storage_used == 11_957_487_360

    assert payout.current_month_expectations == Decimal("5.41")  # 541 cents
    month = payout.current_month
    assert month.egress_bytes == 2_918_793_472
    assert month.egress_payout == Decimal("0.0583")
    assert month.egress_repair_audit_payout == Decimal("0.1831")
    assert month.disk_space_payout == Decimal("1.4035")
    assert month.disk_space_byte_months == pytest.approx(935_646_190_261.8284)
    assert month.payout == Decimal("1.6449")
    assert month.held == 0
    assert month.held_rate_percent == 0
    # 15.479999999999999 cents: float noise rounded at the micro-dollar.
    assert payout.previous_month.egress_payout == Decimal("0.1548")
    assert payout.previous_month.payout == Decimal("6.5449")

    assert satellite.online_score == pytest.approx(0.9994903307112822)
    assert satellite.suspension_score == 1.0
    assert satellite.storage_summary_byte_hours == pytest.approx(2_366_540_762_637.7134)
    assert satellite.average_usage_bytes == pytest.approx(12_126_257_608.795273)
    assert satellite.bandwidth_summary == satellite.egress_summary == 126_547_968
    assert satellite.ingress_summary == 0
    assert satellite.current_storage_used == 11_957_487_360
    first_day = satellite.storage_daily[0]
    assert first_day.interval_start == datetime(2023, 2, 1, tzinfo=UTC)
    assert first_day.at_rest_byte_hours == pytest.approx(286_680_780_438.3197)
    assert first_day.at_rest_bytes == pytest.approx(12_464_381_758.187813)
    assert first_day.interval_hours == 23
    assert first_day.calculated is None  # v1.162+ only
    first_traffic = satellite.bandwidth_daily[0]
    assert (first_traffic.egress_repair, first_traffic.egress_audit) == (11_051_520, 171_776)
    assert first_traffic.egress == 11_223_296
    assert first_traffic.ingress == 0
    assert len(satellite.audit_history_windows) == 48
    assert satellite.audit_history_windows[0].total_count == 39
    assert satellite.price_model is not None
    assert satellite.price_model.repair_per_tb == Decimal("10")
    assert satellite.price_model.audit_per_tb == Decimal("10")
    assert satellite.price_model.disk_per_tb_month == Decimal("1.5")
    assert satellite.price_model.is_known


async def test_v1_37_1_values(client: StorjNodeClient, node: FakeNode) -> None:
    """The oldest capture: no port/QUIC fields, no v1.70 byte averages, fractional held cents."""
    dashboard, satellite, payout = await _serve_capture(client, node, "1.37.1")

    assert dashboard.configured_port is None
    assert dashboard.quic_status is None
    assert dashboard.last_quic_pinged_at is None
    assert dashboard.disk.free == 3_500_000_000_000 - 3_498_284_766_336 - 1_222_393_984
    assert payout.current_month.held == Decimal("0.0071")  # 0.71 cents
    assert payout.previous_month.held == Decimal("0.00855")  # 0.855 cents
    assert payout.current_month_expectations == Decimal("9.38")
    assert satellite.average_usage_bytes is None
    assert satellite.storage_daily[0].at_rest_bytes is None
    assert satellite.storage_daily[0].interval_hours is None
    assert len(satellite.storage_daily) == 29


@pytest.mark.parametrize("version", ["1.48.2", "1.55.1"])
async def test_quic_enabled_era(client: StorjNodeClient, node: FakeNode, version: str) -> None:
    """v1.47-v1.66 send `quicEnabled` instead of `quicStatus`: the status is unknown."""
    dashboard, _, _ = await _serve_capture(client, node, version)

    assert dashboard.configured_port == 28967
    assert dashboard.quic_status is None
