"""Response bodies for endpoints and versions without a real capture.

Built field by field from the Storj API reference notes (section numbers below); the real
captures in tests/fixtures/api/ cover /api/sno/, /satellite/{id} and /estimated-payout
of v1.37.1 - v1.71.2 only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
EU1 = "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs"
AP1 = "121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6"
SALTLAKE = "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE"
US2 = "12tRQrMTWUWwzwGh18i7Fqs67kmdhH9t6aToeiwbo5mfS2rUmo"
STEFAN_BENTEN = "118UWpMCHzs6CvSgWd9BfFVjw5K9pZbJjkfZJexMtSkmKxvvAW"
NODE_ID = "1Xf5b3xHn1ajoNRpJJJd3RebWUgZ58BVqNxKPAH2g1snSAEyNt"
ZERO_TIME = "0001-01-01T00:00:00Z"

FIXTURE_VERSIONS = ("1.37.1", "1.48.2", "1.55.1", "1.71.2")
API_FIXTURES = FIXTURES / "api"


def fixture_path(version: str, kind: str) -> Path:
    """A real capture; a missing file must fail the test, never skip it."""
    path = API_FIXTURES / f"storj-exporter_v{version}_{kind}.json"
    assert path.is_file(), f"fixture missing: {path}"
    return path


def fixture_text(version: str, kind: str) -> str:
    """The capture byte for byte, so number formats stay the node's."""
    return fixture_path(version, kind).read_text()


def fixture_json(version: str, kind: str) -> dict[str, Any]:
    """The capture decoded, for tests that modify it."""
    data: dict[str, Any] = json.loads(fixture_text(version, kind))
    return data


def dashboard_v1_162() -> dict[str, Any]:
    """§1, §1.1 (v1.143+ diskSpace meaning), vettedAt (v1.131+), quicStatus (v1.67+)."""
    return {
        "nodeID": NODE_ID,
        "wallet": "0x187C8C43890fe4C91aFabbC62128D383A90548Dd",
        "walletFeatures": ["zksync-era"],
        "satellites": [
            {
                "id": US1,
                "url": "us1.storj.io:7777",
                "disqualified": None,
                "suspended": None,
                "vettedAt": "2024-03-02T10:11:12.123456789Z",
            },
            {
                "id": EU1,
                "url": "eu1.storj.io:7777",
                "disqualified": None,
                "suspended": "2026-08-20T08:00:00Z",
                "vettedAt": None,
            },
            {
                "id": AP1,
                "url": "ap1.storj.io:7777",
                "disqualified": "2026-07-01T00:00:00Z",
                "suspended": None,
                "vettedAt": "2024-05-01T00:00:00Z",
            },
            {
                "id": SALTLAKE,
                "url": "saltlake.tardigrade.io:7777",
                "disqualified": None,
                "suspended": None,
                "vettedAt": "2024-04-01T00:00:00Z",
            },
        ],
        "diskSpace": {
            "used": 1_200_000_000_000,
            "available": 750_000_000_000,
            "trash": 40_000_000_000,
            "overused": 0,
            "allocated": 2_000_000_000_000,
            "reclaimable": 60_000_000_000,
        },
        "bandwidth": {"used": 55_000_000_000, "available": 0},
        "lastPinged": "2026-08-21T11:59:58.5Z",
        "version": "1.162.3",
        "allowedVersion": "1.150.0",
        "upToDate": True,
        "startedAt": "2026-08-20T12:00:00.000000001Z",
        "configuredPort": "28967",
        "quicStatus": "OK",
        "lastQuicPingedAt": ZERO_TIME,
        "someFieldFromTheFuture": {"nested": [1, 2, 3]},
    }


def satellite_v1_162(sat_id: str = US1, url: str = "us1.storj.io:7777") -> dict[str, Any]:
    """§2 with the v1.162 `calculated` stamp and v1.131 `vettedAt`, no `currentStorageUsed`."""
    return {
        "id": sat_id,
        "storageDaily": [
            {
                "atRestTotal": 24_000_000_000_000.5,
                "atRestTotalBytes": 1_000_000_000_000.02,
                "intervalInHours": 24,
                "intervalStart": "2026-08-01T00:00:00Z",
                "calculated": False,
            },
            {
                "atRestTotal": 0,
                "atRestTotalBytes": 1_000_000_000_000.02,
                "intervalInHours": 24,
                "intervalStart": "2026-08-02T00:00:00Z",
                "calculated": True,
            },
        ],
        "bandwidthDaily": [
            {
                "egress": {"repair": 11_051_520, "audit": 171_776, "usage": 5_000},
                "ingress": {"repair": 300, "usage": 7_000},
                "delete": 0,
                "intervalStart": "2026-08-01T00:00:00Z",
            }
        ],
        "storageSummary": 24_000_000_000_000.5,
        "averageUsageBytes": 1_000_000_000_000.02,
        "bandwidthSummary": 11_235_596,
        "egressSummary": 11_228_296,
        "ingressSummary": 7_300,
        "audits": {
            "auditScore": 1,
            "suspensionScore": 0.995,
            "onlineScore": 0.9876,
            "satelliteName": url,
        },
        "auditHistory": {
            "score": 0.9876,
            "windows": [
                {"windowStart": "2026-07-22T00:00:00Z", "totalCount": 40, "onlineCount": 39}
            ],
        },
        "priceModel": {
            "EgressBandwidth": 200,
            "RepairBandwidth": 200,
            "AuditBandwidth": 200,
            "DiskSpace": 150,
        },
        "nodeJoinedAt": "2021-01-07T01:54:43.576738Z",
        "vettedAt": "2021-02-01T00:00:00Z",
    }


def satellite_v1_20() -> dict[str, Any]:
    """§2 "Pre-v1.21 shape": `audit`/`uptime` metrics and a top-level `onlineScore`."""
    metric = {
        "totalCount": 1000,
        "successCount": 998,
        "alpha": 19.9,
        "beta": 0.1,
        "unknownAlpha": 19.5,
        "unknownBeta": 0.5,
        "score": 0.995,
        "unknownScore": 0.975,
    }
    return {
        "id": US2,
        "storageDaily": None,
        "bandwidthDaily": None,
        "storageSummary": 0,
        "bandwidthSummary": 0,
        "egressSummary": 0,
        "ingressSummary": 0,
        "currentStorageUsed": 0,
        "audit": metric,
        "uptime": metric,
        "onlineScore": 0.97,
        "priceModel": {
            "EgressBandwidth": 2000,
            "RepairBandwidth": 1000,
            "AuditBandwidth": 1000,
            "DiskSpace": 150,
        },
        "nodeJoinedAt": "2020-06-01T00:00:00Z",
    }


def satellites_summary() -> dict[str, Any]:
    """§3 (v1.162: StampGroup without intervalInHours, with `calculated`)."""
    return {
        "storageDaily": [
            {
                "atRestTotal": 48_000_000_000_000,
                "atRestTotalBytes": 2_000_000_000_000,
                "intervalStart": "2026-08-01T00:00:00Z",
                "calculated": False,
            }
        ],
        "bandwidthDaily": None,
        "storageSummary": 48_000_000_000_000,
        "averageUsageBytes": 2_000_000_000_000,
        "bandwidthSummary": 123,
        "egressSummary": 100,
        "ingressSummary": 23,
        "earliestJoinedAt": "2021-01-07T01:54:43Z",
        "audits": [
            {
                "auditScore": 1,
                "suspensionScore": 1,
                "onlineScore": 0.95,
                "satelliteName": "us1.storj.io:7777",
            },
            {
                "auditScore": 0.97,
                "suspensionScore": 1,
                "onlineScore": 1,
                "satelliteName": "sat.example.net:7777",
            },
        ],
    }


def pricing(sat_id: str = US1) -> dict[str, Any]:
    """§5: camelCase, cents per TB, post-Dec-2023 rates."""
    return {
        "satelliteID": sat_id,
        "egressBandwidth": 200,
        "repairBandwidth": 200,
        "auditBandwidth": 200,
        "diskSpace": 150,
    }


def paystub(sat_id: str = US1, period: str = "2026-07") -> dict[str, Any]:
    """§6.1 (money in micro-USD); partly the real forum paystub quoted there."""
    return {
        "satelliteId": sat_id,
        "period": period,
        "created": "2026-08-14T10:00:00Z",
        "codes": "E:O",
        "usageAtRest": 1_500_000_000_000.25,
        "usageGet": 200_000_000_000,
        "usagePut": 50_000_000_000,
        "usageGetRepair": 10_000_000_000,
        "usagePutRepair": 5_000_000_000,
        "usageGetAudit": 7_500,
        "compAtRest": 2_250_000,
        "compGet": 400_000,
        "compPut": 0,
        "compGetRepair": 20_000,
        "compPutRepair": 0,
        "compGetAudit": 15,
        "surgePercent": 0,
        "held": 2_006_182,
        "owed": 6_018_547,
        "disposed": 0,
        "paid": 6_018_547,
        "distributed": 12_528_337,
    }


def held_history() -> list[dict[str, Any]]:
    """§6.2, including the hard-coded decommissioned stefan-benten satellite."""
    return [
        {
            "satelliteID": US1,
            "satelliteName": "us1.storj.io:7777",
            "holdForFirstPeriod": 1_500_000,
            "holdForSecondPeriod": 1_000_000,
            "holdForThirdPeriod": 500_000,
            "totalHeld": 3_000_000,
            "totalDisposed": 1_500_000,
            "joinedAt": "2021-01-07T01:54:00Z",
        },
        {
            "satelliteID": STEFAN_BENTEN,
            "satelliteName": "stefan-benten",
            "holdForFirstPeriod": 0,
            "holdForSecondPeriod": 0,
            "holdForThirdPeriod": 0,
            "totalHeld": 250_000,
            "totalDisposed": 0,
            "joinedAt": "2019-06-01T00:00:00Z",
        },
    ]


def payout_history(period_sats: tuple[str, ...] = (US1,)) -> list[dict[str, Any]]:
    """§6.4."""
    return [
        {
            "satelliteID": sat_id,
            "satelliteURL": "us1.storj.io:7777" if sat_id == US1 else sat_id,
            "age": 67,
            "earned": 2_670_015,
            "surge": 2_670_015,
            "surgePercent": 100,
            "held": 0,
            "heldPercent": 0,
            "afterHeld": 2_670_015,
            "disposed": 0,
            "paid": 2_670_015,
            "distributed": 2_670_015,
            "receipt": "zksync-era:0x0123abcd",
            "isExitComplete": False,
        }
        for sat_id in period_sats
    ]


def notifications() -> dict[str, Any]:
    """§7."""
    return {
        "page": {
            "notifications": [
                {
                    "id": "5c1d5a1e-8a2b-4b0e-9a55-0f5b5b1e2a10",
                    "senderId": US1,
                    "type": 3,
                    "title": "Your Node is suspended since 2026-08-20",
                    "message": "Your Node is suspended since 2026-08-20",
                    "readAt": None,
                    "createdAt": "2026-08-20T08:00:01Z",
                },
                {
                    "id": "7d6e2f00-0000-4000-8000-000000000001",
                    "senderId": NODE_ID,
                    "type": 9,
                    "title": "Please update your Node to Version v1.163.0",
                    "message": (
                        "It's time to update your Node's software, new version is available."
                    ),
                    "readAt": "2026-08-21T07:00:00Z",
                    "createdAt": "2026-08-19T07:00:00Z",
                },
            ],
            "offset": 0,
            "limit": 10,
            "currentPage": 1,
            "pageCount": 1,
        },
        "unreadCount": 1,
        "totalCount": 2,
    }
