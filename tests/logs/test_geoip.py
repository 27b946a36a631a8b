"""GeoIP against a real MaxMind DB file built in the test (IPv4 and IPv6 networks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.storj_monitor.logs.geoip import (
    GeoIpDatabase,
    GeoLocation,
    TrafficMap,
    host_of,
)
from custom_components.storj_monitor.logs.stats import LogStatistics
from storj_simulator.loglines import Action, LogStyle, Outcome, TransferFinished, format_event
from tests.geoip_db import build_city_db

NETWORKS = {
    "81.2.69.0/24": ("GB", 51.5142, -0.0931),
    "89.160.20.0/24": ("SE", 58.4167, 15.6167),
    "2a02:cf40::/29": ("NO", 59.9127, 10.7461),
    "2001:218::/32": ("JP", 35.69, 139.69),
}


@pytest.fixture(name="city_db", scope="module")
def city_db_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small GeoLite2-City-shaped database."""
    return build_city_db(tmp_path_factory.mktemp("geoip") / "city.mmdb", NETWORKS)


@pytest.fixture(name="database")
async def database_fixture(city_db: Path) -> GeoIpDatabase:
    """The database opened the way the integration opens it."""
    database = await GeoIpDatabase.open(city_db, cache_size=2)
    yield database  # type: ignore[misc]
    database.close()


def test_host_of() -> None:
    """Ports and IPv6 brackets are stripped."""
    assert host_of("207.211.208.129:37358") == "207.211.208.129"
    assert host_of("[2a02:cf40::1]:28967") == "2a02:cf40::1"
    assert host_of("2a02:cf40::1") == "2a02:cf40::1"
    assert host_of("1.2.3.4") == "1.2.3.4"


async def test_lookups_ipv4_and_ipv6(database: GeoIpDatabase) -> None:
    """Real geoip2 reader over the real file; unknown/private/garbage give None."""
    assert database.database_type == "GeoLite2-City"
    assert database.locate("81.2.69.160") == GeoLocation("GB", 51.5142, -0.0931)
    assert database.locate("2a02:cf40::1") == GeoLocation("NO", 59.9127, 10.7461)
    assert database.locate("8.8.8.8") is None  # not in this database
    assert database.locate("192.168.1.1") is None  # private
    assert database.locate("not an ip") is None
    # Bounded cache.
    database.locate("89.160.20.1")
    assert database.cache_size == 2


async def test_traffic_map_counts_and_bounds(database: GeoIpDatabase) -> None:
    """Countries counted, points merged per ~10 km and capped (least recent evicted)."""
    traffic = TrafficMap(database, max_points=2)
    traffic.add("81.2.69.1:1000")
    traffic.add("81.2.69.2:2000")
    traffic.add("[2a02:cf40::5]:28967")
    traffic.add("10.0.0.1:5")
    snapshot = traffic.snapshot()
    assert dict(snapshot.countries) == {"GB": 2, "NO": 1}
    assert snapshot.unknown == 1
    assert [(p.latitude, p.longitude, p.weight) for p in snapshot.points] == [
        (51.5, -0.1, 2),
        (59.9, 10.7, 1),
    ]
    traffic.add("[2001:218::1]:1")  # third spot: evicts the least recently seen (GB)
    assert traffic.point_count == 2
    assert {p.latitude for p in traffic.snapshot().points} == {59.9, 35.7}


async def test_statistics_feed_the_map(database: GeoIpDatabase) -> None:
    """Successful transfers are placed on the map through LogStatistics."""
    stats = LogStatistics(traffic_map=TrafficMap(database))
    from datetime import UTC, datetime

    for remote in ("89.160.20.9:4000", "[2001:218::2]:5000"):
        event = TransferFinished(
            time=datetime(2025, 1, 1, tzinfo=UTC),
            action=Action.GET,
            outcome=Outcome.SUCCESS,
            piece_id="P",
            satellite_id="S",
            remote_address=remote,
            size=100,
        )
        stats.feed_line(format_event(event, LogStyle()))
    snapshot = stats.snapshot().traffic_map
    assert snapshot is not None
    assert dict(snapshot.countries) == {"SE": 1, "JP": 1}
    assert LogStatistics().snapshot().traffic_map is None  # no database: no map, nothing else lost
