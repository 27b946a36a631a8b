"""Build small, real MaxMind-format City databases for tests."""

from collections.abc import Mapping
from pathlib import Path

from mmdb_writer import MmdbF64, MMDBWriter
from netaddr import IPSet


def build_city_db(path: Path, networks: Mapping[str, tuple[str, float, float]]) -> Path:
    """Write a GeoLite2-City-shaped database: network -> (country, latitude, longitude)."""
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for network, (country, latitude, longitude) in networks.items():
        writer.insert_network(
            IPSet([network]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "location": {"latitude": MmdbF64(latitude), "longitude": MmdbF64(longitude)},
            },
        )
    writer.to_db_file(str(path))
    return path
