"""Static facts about a simulated node and its satellites."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .calendar import DAY, add_months
from .identity import hex_hash, new_node_id, unit
from .satellites import DEFAULT_SATELLITES

GB = 10**9
TB = 10**12


@dataclass(frozen=True, slots=True)
class TrafficProfile:
    """Average bytes per UTC day for the whole node, per piece action."""

    get: int = 8 * GB
    get_audit: int = 2_500 * 256
    get_repair: int = 3 * GB
    put: int = 25 * GB
    put_repair: int = 2 * GB

    def by_action(self) -> dict[str, int]:
        """The averages keyed by the action names the node logs."""
        return {
            "GET": self.get,
            "GET_AUDIT": self.get_audit,
            "GET_REPAIR": self.get_repair,
            "PUT": self.put,
            "PUT_REPAIR": self.put_repair,
        }


@dataclass(slots=True)
class NodeSatellite:
    """A satellite in the node's trust list (or removed from it, kept for payout history)."""

    satellite_id: str
    address: str
    weight: float
    joined_at: datetime
    vetted_at: datetime
    removed_at: datetime | None = None

    def active_at(self, moment: datetime) -> bool:
        """Whether the node worked for this satellite at `moment`."""
        return self.joined_at <= moment and (self.removed_at is None or moment < self.removed_at)


@dataclass(frozen=True, slots=True)
class NodeProfile:
    """Everything about a node that does not change while it runs."""

    index: int
    seed: int
    node_id: str
    wallet: str
    wallet_features: tuple[str, ...] | None
    joined_at: datetime
    allocated_bytes: int
    # Piece bytes stored when the simulation starts; before that they grew linearly from 0.
    initial_pieces_bytes: int
    fill_rate_bytes_per_day: int
    trash_ratio: float
    reclaimable_ratio: float
    configured_port: int
    # How long the node process had been running when the simulation started.
    uptime_at_start: timedelta
    traffic: TrafficProfile = field(default_factory=TrafficProfile)


# Node ages that give every held-back tier across a few nodes: 0 %, 50 %, 75 %, 25 %.
_AGES_IN_MONTHS = (14, 5, 2, 8)


def default_profile(
    index: int, seed: int, start: datetime, fill_rate_bytes_per_day: int | None = None
) -> NodeProfile:
    """Return a varied but reproducible node profile for node `index`."""
    months = _AGES_IN_MONTHS[index % len(_AGES_IN_MONTHS)]
    joined = add_months(start, -months) + DAY * (3 + 20 * unit(seed, index, "join-day"))
    allocated = (4 + 4 * (index % 3)) * TB
    return NodeProfile(
        index=index,
        seed=seed,
        node_id=new_node_id(seed, index),
        wallet=hex_hash(seed, index, "wallet")[:42],
        wallet_features=("zksync-era",) if index % 2 else None,
        joined_at=joined,
        allocated_bytes=allocated,
        initial_pieces_bytes=int(allocated * (0.25 + 0.35 * unit(seed, index, "fill"))),
        fill_rate_bytes_per_day=(
            20 * GB if fill_rate_bytes_per_day is None else fill_rate_bytes_per_day
        ),
        trash_ratio=0.01 + 0.02 * unit(seed, index, "trash"),
        reclaimable_ratio=0.005 + 0.01 * unit(seed, index, "reclaimable"),
        configured_port=28967 + index,
        uptime_at_start=DAY * (1 + 6 * unit(seed, index, "uptime")),
    )


def default_satellites(profile: NodeProfile) -> list[NodeSatellite]:
    """The four production satellites, joined within days of the node's start."""
    satellites = []
    for order, known in enumerate(DEFAULT_SATELLITES):
        key = (profile.seed, profile.index, known.satellite_id)
        joined = profile.joined_at + DAY * order * unit(*key, "joined")
        satellites.append(
            NodeSatellite(
                satellite_id=known.satellite_id,
                address=known.address,
                weight=known.weight,
                joined_at=joined,
                vetted_at=joined + DAY * (20 + 25 * unit(*key, "vetted")),
            )
        )
    return satellites
