"""The production satellites a node talks to (IDs and addresses from the reference)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownSatellite:
    """A real satellite: ID, current address and its share of an average node's data."""

    satellite_id: str
    address: str
    weight: float


US1 = KnownSatellite(
    "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S", "us1.storj.io:7777", 0.40
)
EU1 = KnownSatellite(
    "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs", "eu1.storj.io:7777", 0.25
)
AP1 = KnownSatellite(
    "121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6", "ap1.storj.io:7777", 0.15
)
SALTLAKE = KnownSatellite(
    "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE", "saltlake.tardigrade.io:7777", 0.20
)
# Sunset in 2023; still useful to add at run time for "satellite went away" tests.
US2 = KnownSatellite(
    "12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo", "us2.storj.io:7777", 0.02
)
EUROPE_NORTH_1 = KnownSatellite(
    "12rfG3sh9NCWiX3ivPjq2HtdLmbqCrvHVEzJubnzFzosMuawymB",
    "europe-north-1.tardigrade.io:7777",
    0.05,
)

# The trust list a current node downloads has these four entries.
DEFAULT_SATELLITES: tuple[KnownSatellite, ...] = (US1, EU1, AP1, SALTLAKE)
KNOWN_SATELLITES: dict[str, KnownSatellite] = {
    satellite.satellite_id: satellite
    for satellite in (US1, EU1, AP1, SALTLAKE, US2, EUROPE_NORTH_1)
}
