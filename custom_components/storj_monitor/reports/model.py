"""What a report shows, gathered beforehand: plain values, no Home Assistant objects.

Money is US dollars, storage TB (10^12 bytes), traffic GB (10^9 bytes), scores percent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthPayout:
    """One month of a node's (or a satellite's) paystubs, as the payout statistics hold it."""

    period: str
    """`YYYY-MM`."""
    earned: float
    held: float
    paid: float
    distributed: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SatellitePayout:
    """A satellite's share of a month's payout, for the breakdown table and the stacked chart."""

    satellite: str
    months: tuple[MonthPayout, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrafficDay:
    """A day's traffic by kind (GB)."""

    day: date
    egress: float
    egress_repair: float
    egress_audit: float
    ingress: float
    ingress_repair: float

    @property
    def total(self) -> float:
        """Everything moved that day."""
        return (
            self.egress
            + self.egress_repair
            + self.egress_audit
            + self.ingress
            + self.ingress_repair
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StorageForecast:
    """The disk forecast at report time (the node's sensors)."""

    used_tb: float
    free_tb: float
    growth_gb_per_day: float | None
    days_until_full: float | None
    full_on: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SatelliteReputation:
    """A satellite's scores (percent) and the forecasts the reputation sensors show."""

    satellite: str
    audit: float
    suspension: float
    online: float
    audit_failures_until_disqualification: int
    unknown_failures_until_suspension: int
    online_if_offline_24h: float
    downtime_hours_30_days: float


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRow:
    """An alert or anomaly event of the period."""

    at: datetime
    kind: str
    """`alert` or `anomaly`."""
    type: str
    severity: str
    subject: str
    """The alert's condition or the anomaly's metric."""
    satellite: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeReport:
    """One node's section."""

    name: str
    node_id: str
    payouts: tuple[MonthPayout, ...]
    """Every month charted, oldest first; the period's months are the last ones."""
    satellites: tuple[SatellitePayout, ...]
    """The same months per satellite (the stacked chart and the breakdown)."""
    storage: tuple[tuple[date, float], ...]
    """Stored TB per day of the period."""
    forecast: StorageForecast | None
    traffic: tuple[TrafficDay, ...]
    reputation: tuple[SatelliteReputation, ...]
    events: tuple[EventRow, ...]
    started_at: datetime | None
    """When the node process last started (uptime)."""
    online: bool
    top_errors: tuple[tuple[str, int], ...] | None
    """From the node's log; None without a log source."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportData:
    """A whole report: the period, each node and the fleet's totals."""

    title: str
    start: date
    end: date
    """Inclusive."""
    periods: tuple[str, ...]
    """The `YYYY-MM` months the period covers."""
    generated_at: datetime
    nodes: tuple[NodeReport, ...]

    def period_payouts(self, node: NodeReport) -> list[MonthPayout]:
        """The node's months within the period."""
        return [month for month in node.payouts if month.period in self.periods]
