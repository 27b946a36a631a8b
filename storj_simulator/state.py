"""The node's state at one moment, computed from its profile, satellites and timeline.

Nothing here is stored or advanced by timers: every value is a function of
(start state, scenario timeline, now), so frozen or jumping clocks give consistent answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import pairwise

from .calendar import DAY, HOUR, day_start, days, month_start
from .identity import unit
from .model import NodeProfile, NodeSatellite
from .scenarios import Scenario, ScenarioChange, Span, Timeline

# Score movement per hour while a scenario is active (and while recovering from it).
AUDIT_RECOVERY_PER_HOUR = 0.001
SUSPENSION_RECOVERY_PER_HOUR = 0.005
DISQUALIFIED_AUDIT_SCORE = 0.95
SUSPENSION_THRESHOLD = 0.6
# The satellite keeps 12-hour online windows starting at most 720 h before the current one:
# 61 windows (storj/storj satellite/reputation/config.go:57-58, audithistory.go:39-55 @ 5dbec64f5a).
ONLINE_WINDOW = timedelta(hours=12)
ONLINE_WINDOWS_KEPT = 61
# Contact pings arrive every few seconds; QUIC is re-checked every 30 minutes.
PING_INTERVAL = timedelta(seconds=7)
QUIC_FIRST_CHECK = timedelta(minutes=1)
QUIC_REFRESH = timedelta(minutes=30)
# Share of days whose satellite tally the node did not receive (gaps before v1.162).
MISSING_TALLY_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class DiskUsage:
    """Bytes on the node's disk."""

    allocated: int
    pieces: int
    trash: int
    reclaimable: int

    @property
    def used(self) -> int:
        """Everything the node occupies (v1.143+ meaning of `used`)."""
        return self.pieces + self.trash + self.reclaimable

    @property
    def free(self) -> int:
        """Space the node can still fill."""
        return max(0, self.allocated - self.used)


@dataclass(frozen=True, slots=True)
class DailyBandwidth:
    """Bytes one satellite moved on one UTC day, per action."""

    day: datetime
    get: int
    get_audit: int
    get_repair: int
    put: int
    put_repair: int

    @property
    def egress(self) -> int:
        """GET + GET_AUDIT + GET_REPAIR."""
        return self.get + self.get_audit + self.get_repair

    @property
    def ingress(self) -> int:
        """PUT + PUT_REPAIR."""
        return self.put + self.put_repair


@dataclass(frozen=True, slots=True)
class StorageStamp:
    """One satellite tally: average bytes stored on a UTC day."""

    day: datetime
    at_rest_bytes: float
    hours: int
    tally_missing: bool

    @property
    def at_rest_total(self) -> float:
        """Byte-hours."""
        return self.at_rest_bytes * self.hours


@dataclass(frozen=True, slots=True)
class OnlineWindow:
    """A 12-hour online-score window."""

    start: datetime
    total: int
    online: int


@dataclass(frozen=True, slots=True)
class Scores:
    """A satellite's view of the node."""

    audit: float
    suspension: float
    online: float
    suspended_at: datetime | None
    disqualified_at: datetime | None
    windows: tuple[OnlineWindow, ...]


class NodeState:
    """Everything the API and the logs report about a node at `now`."""

    def __init__(
        self,
        profile: NodeProfile,
        satellites: list[NodeSatellite],
        timeline: Timeline,
        now: datetime,
    ) -> None:
        """Snapshot the inputs; results are computed lazily."""
        self.profile = profile
        self.all_satellites = list(satellites)
        self.timeline = timeline
        self.now = now
        self._offline = timeline.spans_of(Scenario.OFFLINE, now)

    @cached_property
    def current(self) -> ScenarioChange:
        """The scenario in effect now."""
        return self.timeline.current(self.now)

    @cached_property
    def satellites(self) -> list[NodeSatellite]:
        """Satellites in the trust list now."""
        return [sat for sat in self.all_satellites if sat.removed_at is None]

    def satellite(self, satellite_id: str) -> NodeSatellite | None:
        """A trusted satellite by ID."""
        return next((s for s in self.satellites if s.satellite_id == satellite_id), None)

    # --- time and process -------------------------------------------------------------

    def online_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of [start, end) during which the node was reachable."""
        if end <= start:
            return 0.0
        lost = sum(span.overlap_seconds(start, end) for span in self._offline)
        return (end - start).total_seconds() - lost

    def _anomaly_loss(self, start: datetime, end: datetime, action: str) -> float:
        """Online seconds of [start, end) that the `anomaly` scenario takes from `action`."""
        direction = "ingress" if action.startswith("PUT") else "egress"
        lost = 0.0
        for span in self.timeline.spans_of(Scenario.ANOMALY, self.now):
            if span.params["metric"] == direction:
                lost += (1 - span.params["factor"]) * span.overlap_seconds(start, end)
        return lost

    @cached_property
    def started_at(self) -> datetime:
        """When the node process last started (leaving `offline` is a restart)."""
        started = self.timeline.start - self.profile.uptime_at_start
        changes = self.timeline.changes()
        for previous, change in pairwise(changes):
            if change.at > self.now:
                break
            if previous.scenario is Scenario.OFFLINE and change.scenario is not Scenario.OFFLINE:
                started = change.at
        return started

    @property
    def last_pinged(self) -> datetime:
        """The last contact from any peer: on a fixed grid since the process start."""
        since = self.now - self.started_at
        return self.started_at + PING_INTERVAL * (since // PING_INTERVAL)

    @property
    def last_quic_check(self) -> datetime | None:
        """The last QUIC ping-back, or None while the first one is pending."""
        since = self.now - self.started_at - QUIC_FIRST_CHECK
        if since < timedelta(0):
            return None
        return self.started_at + QUIC_FIRST_CHECK + QUIC_REFRESH * (since // QUIC_REFRESH)

    # --- disk -------------------------------------------------------------------------

    @cached_property
    def _pieces_cap(self) -> float:
        profile = self.profile
        return profile.allocated_bytes / (1 + profile.trash_ratio + profile.reclaimable_ratio)

    def pieces_at(self, moment: datetime) -> float:
        """Piece bytes stored at `moment` (linear growth before the simulation started)."""
        profile = self.profile
        start = self.timeline.start
        if moment < start:
            lifetime = (start - profile.joined_at).total_seconds()
            done = (moment - profile.joined_at).total_seconds()
            return profile.initial_pieces_bytes * min(1.0, max(0.0, done / lifetime))
        pieces = min(float(profile.initial_pieces_bytes), self._pieces_cap)
        for span in self.timeline.spans(moment):
            if span.scenario is Scenario.DISK_NEARLY_FULL:
                pieces = max(pieces, span.params["fraction"] * self._pieces_cap)
            if span.scenario is not Scenario.OFFLINE:
                pieces += profile.fill_rate_bytes_per_day * span.hours / 24
            pieces = min(pieces, self._pieces_cap)
        return pieces

    @cached_property
    def disk(self) -> DiskUsage:
        """Disk usage now."""
        pieces = self.pieces_at(self.now)
        return DiskUsage(
            allocated=self.profile.allocated_bytes,
            pieces=int(pieces),
            trash=int(pieces * self.profile.trash_ratio),
            reclaimable=int(pieces * self.profile.reclaimable_ratio),
        )

    def share(self, satellite: NodeSatellite, moment: datetime) -> float:
        """The fraction of the node's data and traffic that belongs to `satellite`."""
        if not satellite.active_at(moment):
            return 0.0
        total = sum(s.weight for s in self.all_satellites if s.active_at(moment))
        return satellite.weight / total

    def stored_bytes(self, satellite: NodeSatellite) -> int:
        """Piece bytes stored for one satellite now."""
        return int(self.pieces_at(self.now) * self.share(satellite, self.now))

    # --- bandwidth and storage series -------------------------------------------------

    def bandwidth_day(self, satellite: NodeSatellite, day: datetime) -> DailyBandwidth:
        """Traffic of one satellite on the UTC day starting at `day`, up to now."""
        start = max(day, satellite.joined_at)
        end = min(day + DAY, self.now)
        if satellite.removed_at is not None:
            end = min(end, satellite.removed_at)
        amounts = dict.fromkeys(self.profile.traffic.by_action(), 0)
        if end > start:
            share = self.share(satellite, start)
            for action, average in self.profile.traffic.by_action().items():
                noise = 0.7 + 0.6 * unit(*self._key(satellite, day), action)
                seconds = self.online_seconds(start, end) - self._anomaly_loss(start, end, action)
                amounts[action] = int(
                    average * noise * share * seconds / 86400 * self.drop_factor(day)
                )
        return DailyBandwidth(
            day=day,
            get=amounts["GET"],
            get_audit=amounts["GET_AUDIT"],
            get_repair=amounts["GET_REPAIR"],
            put=amounts["PUT"],
            put_repair=amounts["PUT_REPAIR"],
        )

    def bandwidth_days(
        self, satellite: NodeSatellite, start: datetime, end: datetime
    ) -> list[DailyBandwidth]:
        """Daily traffic for the days in [start, min(end, now)) that had any."""
        rows = [self.bandwidth_day(satellite, day) for day in days(start, min(end, self.now))]
        return [row for row in rows if row.egress or row.ingress]

    def stamp(self, satellite: NodeSatellite, day: datetime) -> StorageStamp | None:
        """The satellite's tally for a UTC day, or None if the node held nothing for it."""
        sample = min(day + 12 * HOUR, self.now)
        share = self.share(satellite, sample)
        if not share:
            return None
        key = self._key(satellite, day)
        return StorageStamp(
            day=day,
            at_rest_bytes=self.pieces_at(sample) * share * self.drop_factor(day),
            hours=23 if unit(*key, "hours") < 0.25 else 24,
            tally_missing=unit(*key, "tally") < MISSING_TALLY_SHARE,
        )

    def drop_factor(self, day: datetime) -> float:
        """What `earnings_drop` leaves of the traffic and tallies of the UTC day at `day`."""
        factor = 1.0
        for span in self.timeline.spans_of(Scenario.EARNINGS_DROP, self.now):
            since = span.params.get("since")
            start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else span.start
            # Ongoing: the drop lasts as long as the scenario does.
            window = Span(start, span.end, span.scenario, span.params)
            share = window.overlap_seconds(day, day + DAY) / DAY.total_seconds()
            factor -= span.params["fraction"] * share
        return max(0.0, factor)

    def stamps(
        self, satellite: NodeSatellite, start: datetime, end: datetime
    ) -> list[StorageStamp]:
        """Tallies of the complete days in [start, end) before today."""
        until = min(end, day_start(self.now))
        found = (self.stamp(satellite, day) for day in days(start, until))
        return [stamp for stamp in found if stamp is not None]

    @property
    def month_start(self) -> datetime:
        """The first of the current UTC month."""
        return month_start(self.now)

    def _key(self, satellite: NodeSatellite, day: datetime) -> tuple[object, ...]:
        return (self.profile.seed, self.profile.index, satellite.satellite_id, day.date())

    # --- reputation -------------------------------------------------------------------

    @cached_property
    def primary_satellite_id(self) -> str | None:
        """The satellite scenarios target when no `satellite` parameter is given."""
        return self.satellites[0].satellite_id if self.satellites else None

    def targets(self, span: Span | ScenarioChange, satellite: NodeSatellite) -> bool:
        """Whether a scenario's `satellite` parameter selects `satellite`."""
        wanted = span.params.get("satellite")
        if wanted is None:
            return satellite.satellite_id == self.primary_satellite_id
        return wanted in ("all", satellite.satellite_id)

    def scores(self, satellite: NodeSatellite) -> Scores:
        """Audit, suspension and online scores of one satellite now."""
        audit = suspension = 1.0
        suspended_at: datetime | None = None
        disqualified_at: datetime | None = None
        for span in self.timeline.spans(self.now):
            hit = self.targets(span, satellite)
            hours = span.hours
            scenario = span.scenario
            if hit and scenario is Scenario.AUDIT_FAILING:
                audit = max(0.0, audit - span.params["rate_per_hour"] * hours)
            elif hit and scenario is Scenario.DISQUALIFIED:
                audit = min(audit, DISQUALIFIED_AUDIT_SCORE)
                disqualified_at = disqualified_at or span.start
            elif scenario is not Scenario.OFFLINE:
                audit = min(1.0, audit + AUDIT_RECOVERY_PER_HOUR * hours)
            if hit and scenario is Scenario.SUSPENDED:
                suspension = min(suspension, span.params["score"])
                suspended_at = suspended_at or span.start
            elif scenario is not Scenario.OFFLINE:
                suspension = min(1.0, suspension + SUSPENSION_RECOVERY_PER_HOUR * hours)
                if suspension >= SUSPENSION_THRESHOLD:
                    suspended_at = None
            # Disqualification is permanent on a real satellite; the simulator lifts it
            # when the scenario ends so tests can go back to a healthy node.
            if not (hit and scenario is Scenario.DISQUALIFIED):
                disqualified_at = None
        windows = self._online_windows(satellite)
        # audithistory.go:79-94 @ 5dbec64f5a: the window the latest audit went into (the
        # current one: audits arrive many times per window) is left out of the mean; a history
        # of one window scores 1.
        current = self._window_start(self.now)
        ratios = [w.online / w.total for w in windows if w.total and w.start < current]
        online = sum(ratios) / len(ratios) if ratios else 1.0
        return Scores(audit, suspension, online, suspended_at, disqualified_at, windows)

    def _online_windows(self, satellite: NodeSatellite) -> tuple[OnlineWindow, ...]:
        current = self._window_start(self.now)
        first = max(
            current - ONLINE_WINDOW * (ONLINE_WINDOWS_KEPT - 1),
            self._window_start(satellite.joined_at),
        )
        windows = []
        start = first
        while start <= current:
            end = min(start + ONLINE_WINDOW, self.now)
            key = (*self._key(satellite, start), start.hour)
            expected = 20 + int(25 * unit(*key, "checks"))
            total = round(expected * (end - start) / ONLINE_WINDOW)
            if total:
                reachable = self.online_seconds(start, end) / (end - start).total_seconds()
                online = round(total * reachable)
                # A rare missed check even on healthy nodes, as on real ones.
                if online == total and unit(*key, "miss") < 0.03:
                    online -= 1
                windows.append(OnlineWindow(start, total, online))
            start += ONLINE_WINDOW
        return tuple(windows)

    @staticmethod
    def _window_start(moment: datetime) -> datetime:
        return day_start(moment) + ONLINE_WINDOW * (moment.hour // 12)
