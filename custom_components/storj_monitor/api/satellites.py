"""Production Storj satellites and their friendly names."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownSatellite:
    """A satellite operated by Storj."""

    id: str
    name: str
    address: str
    active: bool


KNOWN_SATELLITES: MappingProxyType[str, KnownSatellite] = MappingProxyType(
    {
        satellite.id: satellite
        for satellite in (
            KnownSatellite(
                id="12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
                name="us1",
                address="us1.storj.io:7777",
                active=True,
            ),
            KnownSatellite(
                id="12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
                name="eu1",
                address="eu1.storj.io:7777",
                active=True,
            ),
            KnownSatellite(
                id="121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6",
                name="ap1",
                address="ap1.storj.io:7777",
                active=True,
            ),
            KnownSatellite(
                id="1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
                name="saltlake",
                address="saltlake.tardigrade.io:7777",
                active=True,
            ),
            KnownSatellite(
                id="12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo",
                name="us2",
                address="us2.storj.io:7777",
                active=False,
            ),
            KnownSatellite(
                id="12rfG3sh9NCWiX3ivPjq2HtdLmbqCrvHVEzJubnzFzosMuawymB",
                name="europe-north-1",
                address="europe-north-1.tardigrade.io:7777",
                active=False,
            ),
            KnownSatellite(
                id="118UWpMCHzs6CvSgWd9BfFVjw5K9pZbJjkfZJexMtSkmKxvvAW",
                name="stefan-benten",
                address="satellite.stefan-benten.de:7777",
                active=False,
            ),
        )
    }
)


_NAMES_BY_ADDRESS = {satellite.address: satellite.name for satellite in KNOWN_SATELLITES.values()}


def satellite_name(sat_id: str | None, url: str | None) -> str:
    """Friendly name: `us1`, `eu1`, ... for Storj's satellites, else the address host.

    Storj's satellites are recognised by ID or by current address. Falls back to the ID
    when there is no usable address either.
    """
    if sat_id and (known := KNOWN_SATELLITES.get(sat_id)) is not None:
        return known.name
    if url and (name := _NAMES_BY_ADDRESS.get(url)) is not None:
        return name
    host = url or ""
    if host.startswith("["):  # "[v6 address]:port"
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:  # "host:port"
        host = host.partition(":")[0]
    return host or sat_id or ""
