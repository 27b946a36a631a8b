"""What a loaded node keeps in its config entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

if TYPE_CHECKING:
    from .alerts import AlertManager
    from .anomaly_monitor import AnomalyMonitor
    from .coordinator import StorjCoordinator
    from .log_coordinator import LogCoordinator
    from .profit_tracker import ProfitTracker


@dataclass(slots=True)
class StorjRuntimeData:
    """The node's API coordinator, its alerts and, when configured, its logs and costs."""

    coordinator: StorjCoordinator
    alerts: AlertManager
    logs: LogCoordinator | None = None
    anomalies: AnomalyMonitor | None = None
    profit: ProfitTracker | None = None
    """The energy meter, when costs are configured (the fleet sums its net profit)."""


type StorjConfigEntry = ConfigEntry[StorjRuntimeData]
