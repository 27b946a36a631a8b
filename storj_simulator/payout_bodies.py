"""JSON bodies of the `/api/heldamount/...` endpoints (money in micro-USD)."""

from __future__ import annotations

from datetime import datetime

from .calendar import period
from .earnings import Paystub, paystubs
from .gojson import GoValue
from .state import NodeState

type Body = dict[str, GoValue]


def all_paystubs(state: NodeState, satellite_id: str | None = None) -> list[Paystub]:
    """Published paystubs of every satellite the node ever had (or one), by period."""
    found = [
        stub
        for satellite in state.all_satellites
        if satellite_id in (None, satellite.satellite_id)
        for stub in paystubs(state, satellite)
    ]
    return sorted(found, key=lambda stub: stub.period_start)


def paystub_json(stub: Paystub) -> Body:
    """A `PayStub` object."""
    return {
        "satelliteId": stub.satellite_id,
        "period": period(stub.period_start),
        "created": stub.created,
        "codes": "",
        "usageAtRest": stub.usage_at_rest,
        "usageGet": stub.usage_get,
        "usagePut": stub.usage_put,
        "usageGetRepair": stub.usage_get_repair,
        "usagePutRepair": stub.usage_put_repair,
        "usageGetAudit": stub.usage_get_audit,
        "compAtRest": stub.comp_at_rest,
        "compGet": stub.comp_get,
        "compPut": 0,
        "compGetRepair": stub.comp_get_repair,
        "compPutRepair": 0,
        "compGetAudit": stub.comp_get_audit,
        "surgePercent": 0,
        "held": stub.held,
        "owed": stub.owed,
        "disposed": stub.disposed,
        "paid": stub.paid,
        "distributed": stub.paid,
    }


def paystubs_in_range(
    state: NodeState, start: datetime, end: datetime, satellite_id: str | None
) -> list[Body] | None:
    """`/paystubs/{start}/{end}`: every paystub with start <= period <= end."""
    stubs = all_paystubs(state, satellite_id)
    return [paystub_json(s) for s in stubs if start <= s.period_start <= end] or None


def paystubs_of_period(state: NodeState, wanted: str, satellite_id: str | None) -> GoValue:
    """`/paystubs/{period}`: an array, or with `?id=` one object or null."""
    stubs = [s for s in all_paystubs(state, satellite_id) if period(s.period_start) == wanted]
    if satellite_id is not None:
        return paystub_json(stubs[0]) if stubs else None
    return [paystub_json(s) for s in stubs] or None


def periods(state: NodeState, satellite_id: str | None) -> list[GoValue] | None:
    """`/periods`: the distinct `YYYY-MM` with paystubs."""
    found = sorted({period(s.period_start) for s in all_paystubs(state, satellite_id)})
    return list(found) or None


def payout_history(state: NodeState, wanted: str) -> list[Body] | None:
    """`/payout-history/{period}`: one entry per paystub of that period."""
    addresses = {sat.satellite_id: sat.address for sat in state.satellites}
    result: list[Body] = []
    for stub in all_paystubs(state):
        if period(stub.period_start) != wanted:
            continue
        # Declaration order of SatellitePayoutForPeriod (storagenode/payouts/payouts.go:127).
        result.append(
            {
                "satelliteID": stub.satellite_id,
                # Untrusted satellites are shown by ID, as the node does.
                "satelliteURL": addresses.get(stub.satellite_id, stub.satellite_id),
                "age": stub.age,
                "earned": stub.earned,
                "surge": stub.earned,
                "surgePercent": 100,
                "held": stub.held,
                "heldPercent": float(stub.held_percent),
                "afterHeld": stub.earned - stub.held,
                "disposed": stub.disposed,
                "paid": stub.paid,
                "receipt": stub.receipt,
                "isExitComplete": False,
                "distributed": stub.paid,
            }
        )
    return result or None


def held_history(state: NodeState) -> list[Body] | None:
    """`/held-history`: held amounts by age tier for each trusted satellite."""
    result: list[Body] = []
    for satellite in state.satellites:
        stubs = paystubs(state, satellite)
        if not stubs:
            continue
        tiers = [sum(s.held for s in stubs if first <= s.age < first + 3) for first in (1, 4, 7)]
        result.append(
            {
                "satelliteID": satellite.satellite_id,
                "satelliteName": satellite.address,
                "holdForFirstPeriod": tiers[0],
                "holdForSecondPeriod": tiers[1],
                "holdForThirdPeriod": tiers[2],
                "totalHeld": sum(tiers),
                "totalDisposed": sum(s.disposed for s in stubs),
                "joinedAt": satellite.joined_at.replace(second=0, microsecond=0),
            }
        )
    return result or None
