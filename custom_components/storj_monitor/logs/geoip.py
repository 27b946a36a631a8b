"""Where the node's traffic goes: remote addresses to countries and map points.

Needs a MaxMind-format *City* database (``.mmdb``), which the user downloads once:

- MaxMind GeoLite2-City: free with a MaxMind account, https://dev.maxmind.com/geoip/geolite2-free-geolocation-data
  (file ``GeoLite2-City.mmdb``; license CC BY-SA 4.0 + GeoLite2 EULA, attribution required).
- DB-IP "IP to City Lite": free without account, https://db-ip.com/db/download/ip-to-city-lite
  (file ``dbip-city-lite-YYYY-MM.mmdb``; CC BY 4.0, attribution required).

Without a database everything else works; the traffic map simply stays empty.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
import ipaddress
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

import geoip2.database
import geoip2.errors

if TYPE_CHECKING:
    from collections.abc import Mapping
    from concurrent.futures import Executor


@dataclass(frozen=True, slots=True)
class GeoLocation:
    """What the database knows about one address."""

    country_code: str | None  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None


class GeoLookup(Protocol):
    """Anything that can locate an IP address (the database, or a stub in tests)."""

    def locate(self, ip: str) -> GeoLocation | None:
        """Return the location of ``ip`` or ``None`` when unknown."""
        ...


def host_of(remote_address: str) -> str:
    """``"1.2.3.4:5678"`` → ``"1.2.3.4"``; ``"[2a01::1]:28967"`` → ``"2a01::1"``."""
    if remote_address.startswith("["):
        return remote_address[1 : remote_address.find("]")]
    host, separator, port = remote_address.rpartition(":")
    if not separator or ":" in host or not port.isdigit():
        return remote_address  # no port, or a bare IPv6 address
    return host


class GeoIpDatabase:
    """A city database opened once, with a bounded cache of lookups (uplinks repeat a lot)."""

    def __init__(self, reader: geoip2.database.Reader, cache_size: int = 4096) -> None:
        """Wrap an open reader; prefer :meth:`open`, which does the file I/O off the loop."""
        self._reader = reader
        self._cached = lru_cache(maxsize=cache_size)(self._lookup)

    @classmethod
    async def open(
        cls, path: Path | str, *, cache_size: int = 4096, executor: Executor | None = None
    ) -> GeoIpDatabase:
        """Open ``path`` in an executor thread (reading the file must not block the loop)."""
        loop = asyncio.get_running_loop()
        reader = await loop.run_in_executor(executor, geoip2.database.Reader, str(Path(path)))
        return cls(reader, cache_size)

    @property
    def database_type(self) -> str:
        """E.g. ``GeoLite2-City`` or ``DBIP-City-Lite``."""
        return self._reader.metadata().database_type

    def locate(self, ip: str) -> GeoLocation | None:
        """Location of ``ip`` (cached), ``None`` for unknown, private or malformed addresses."""
        return self._cached(ip)

    def _lookup(self, ip: str) -> GeoLocation | None:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        if not address.is_global:
            return None
        try:
            city = self._reader.city(address)
        except geoip2.errors.AddressNotFoundError, ValueError:
            return None
        return GeoLocation(city.country.iso_code, city.location.latitude, city.location.longitude)

    @property
    def cache_size(self) -> int:
        """Entries currently cached."""
        return self._cached.cache_info().currsize

    def close(self) -> None:
        """Release the database file."""
        self._reader.close()


@dataclass(frozen=True, slots=True)
class MapPoint:
    """A weighted spot on the traffic map (coordinates rounded to 0.1°, about 10 km)."""

    latitude: float
    longitude: float
    weight: int  # transfers seen from here


@dataclass(frozen=True, slots=True)
class TrafficMapSnapshot:
    """Per-country transfer counts and the heaviest map points."""

    countries: Mapping[str, int]
    points: tuple[MapPoint, ...]
    unknown: int  # transfers whose address the database could not place


class TrafficMap:
    """Accumulates located transfers with bounded memory."""

    def __init__(
        self, lookup: GeoLookup, *, max_points: int = 500, max_countries: int = 300
    ) -> None:
        """Count into at most ``max_points`` map points and ``max_countries`` countries."""
        self._lookup = lookup
        self._max_points = max_points
        self._max_countries = max_countries
        self._countries: dict[str, int] = {}
        self._points: OrderedDict[tuple[float, float], int] = OrderedDict()
        self._unknown = 0

    def add(self, remote_address: str, weight: int = 1) -> None:
        """Count one transfer with peer ``remote_address`` (``ip:port``)."""
        location = self._lookup.locate(host_of(remote_address))
        if location is None:
            self._unknown += weight
            return
        country = location.country_code or "??"
        if country in self._countries or len(self._countries) < self._max_countries:
            self._countries[country] = self._countries.get(country, 0) + weight
        if location.latitude is None or location.longitude is None:
            return
        key = (round(location.latitude, 1), round(location.longitude, 1))
        points = self._points
        if key in points:
            points[key] += weight
            points.move_to_end(key)
            return
        if len(points) >= self._max_points:
            # Forget the least recently seen spot: the map follows current traffic.
            points.popitem(last=False)
        points[key] = weight

    @property
    def point_count(self) -> int:
        """Points currently held (never more than ``max_points``)."""
        return len(self._points)

    def snapshot(self) -> TrafficMapSnapshot:
        """Immutable copy, points heaviest first."""
        points = sorted(self._points.items(), key=lambda item: item[1], reverse=True)
        return TrafficMapSnapshot(
            countries=MappingProxyType(dict(self._countries)),
            points=tuple(MapPoint(lat, lon, weight) for (lat, lon), weight in points),
            unknown=self._unknown,
        )
