"""Typed async client of the Storj storage node's local dashboard API.

Free of Home Assistant imports so it can be published on its own. Start with
`StorjNodeClient`; see README.md in this folder for units and requests per poll.
"""

from .client import PRICING_MIN_VERSION, RECENT_PERIODS, StorjNodeClient
from .exceptions import (
    StorjConnectionError,
    StorjError,
    StorjHTTPError,
    StorjInvalidResponseError,
    StorjTimeoutError,
    StorjUnsupportedVersionError,
)
from .models import (
    AuditWindow,
    BandwidthDay,
    Dashboard,
    DashboardSatellite,
    DiskSpace,
    EstimatedPayout,
    MonthlyPayout,
    NodeHistory,
    NodeSnapshot,
    Notification,
    NotificationsPage,
    NotificationType,
    Paystub,
    Pricing,
    QuicStatus,
    SatelliteDetails,
    SatelliteHeldHistory,
    SatellitePayout,
    SatelliteScores,
    SatellitesSummary,
    StorageStamp,
)
from .satellites import KNOWN_SATELLITES, KnownSatellite, satellite_name
from .url import DEFAULT_PORT, normalize_base_url

__all__ = [
    "DEFAULT_PORT",
    "KNOWN_SATELLITES",
    "PRICING_MIN_VERSION",
    "RECENT_PERIODS",
    "AuditWindow",
    "BandwidthDay",
    "Dashboard",
    "DashboardSatellite",
    "DiskSpace",
    "EstimatedPayout",
    "KnownSatellite",
    "MonthlyPayout",
    "NodeHistory",
    "NodeSnapshot",
    "Notification",
    "NotificationType",
    "NotificationsPage",
    "Paystub",
    "Pricing",
    "QuicStatus",
    "SatelliteDetails",
    "SatelliteHeldHistory",
    "SatellitePayout",
    "SatelliteScores",
    "SatellitesSummary",
    "StorageStamp",
    "StorjConnectionError",
    "StorjError",
    "StorjHTTPError",
    "StorjInvalidResponseError",
    "StorjNodeClient",
    "StorjTimeoutError",
    "StorjUnsupportedVersionError",
    "normalize_base_url",
    "satellite_name",
]
