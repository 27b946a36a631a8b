"""The reputation forecast against hand-computed values of the satellite's model.

Model: storj/storj @ 5dbec64f5a, satellite/reputation/config.go:28-32 (λ, w, limits),
calculations.go:40 (UpdateReputationMultiple), writecache.go:259-276 (`<=` limits),
audithistory.go:36-94 (12 h windows, 720 h period, newest window left out of the score).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.storj_monitor.api.models import AuditWindow
from custom_components.storj_monitor.reputation_forecast import (
    audit_failures_until_disqualification,
    downtime,
    failures_until,
    online_recovery_date,
    online_score,
    online_score_if_offline,
    unknown_failures_until_suspension,
)

NOW = datetime(2026, 12, 6, 13, 0, tzinfo=UTC)
CURRENT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # NOW truncated to 12 h since the epoch
FIRST = CURRENT - timedelta(hours=720)  # oldest window still in the tracking period


def window(index: int, online: int, total: int = 2) -> AuditWindow:
    """Window `index` of the 60 closed ones before CURRENT (0 = oldest)."""
    return AuditWindow(
        window_start=FIRST + timedelta(hours=12 * index), total_count=total, online_count=online
    )


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1.0, 41),  # 0.999^40 = 0.96077 > 0.96, 0.999^41 = 0.95980 <= 0.96
        (0.98, 21),  # 0.98 * 0.999^20 = 0.96060, 0.98 * 0.999^21 = 0.95964
        (0.9601, 1),
        (0.96, 0),  # at the limit the satellite has already disqualified (`<=`)
        (0.5, 0),
    ],
)
def test_audit_failures_until_disqualification(score: float, expected: int) -> None:
    assert audit_failures_until_disqualification(score) == expected


def test_unknown_failures_until_suspension_from_a_perfect_score_is_10() -> None:
    # λ = 0.95: 0.95^9 = 0.63025 > 0.6, 0.95^10 = 0.59874 <= 0.6
    assert unknown_failures_until_suspension(1.0) == 10
    assert unknown_failures_until_suspension(0.61) == 1


def test_exact_alpha_beta_replay_matches_the_steady_state_and_differs_from_it() -> None:
    # a+b = w/(1-λ) = 1000 (also the satellite's InitialAlpha): same answer as λⁿ·score.
    assert failures_until(1.0, 0.999, 0.96, alpha=1000.0, beta=0.0) == 41
    # a = 500, b = 0: score 500d/(1000-500d) <= 0.96 needs d = 0.999ⁿ <= 0.97959, n = 21.
    assert failures_until(1.0, 0.999, 0.96, alpha=500.0, beta=0.0) == 21


def test_online_score_is_the_mean_of_closed_windows_two_offline_of_60() -> None:
    windows = [window(i, 0 if i in (27, 28) else 2) for i in range(60)]
    windows.append(AuditWindow(window_start=CURRENT, total_count=2, online_count=0))
    # The current window (0 online) is not part of the score: 58/60.
    assert online_score(windows, NOW) == pytest.approx(58 / 60)
    # Two whole windows offline (24 h); the current window is counted once it has audits.
    assert downtime(windows, NOW) == timedelta(hours=36)


def test_online_score_after_24_hours_offline_is_0_93472() -> None:
    windows = [window(i, 0 if i in (27, 28) else 2) for i in range(60)]
    # One hour into the current window: 2 audits, both online -> 24 audits expected in it.
    windows.append(AuditWindow(window_start=CURRENT, total_count=2, online_count=2))
    # At NOW + 24 h the windows 0 and 1 have rolled off; the current window scores 2/24 and
    # the next one 0: (56 + 2/24 + 0) / 60.
    assert online_score_if_offline(windows, NOW) == pytest.approx((56 + 2 / 24) / 60)


def test_online_score_recovers_above_60_percent_after_18_days() -> None:
    # 30 good windows, then 30 offline ones: 0.5 today.
    windows = [window(i, 2 if i < 30 else 0) for i in range(60)]
    assert online_score(windows, NOW) == pytest.approx(0.5)
    # Each new good window first replaces an old good one (score stays 0.5); from the 31st
    # new window on, offline windows roll off: (30 + m)/60 >= 0.6 at m = 6, i.e. 36 windows.
    assert online_recovery_date(windows, NOW, 0.6) == CURRENT + timedelta(hours=12 * 36)
    assert online_recovery_date(windows, NOW, 0.5) is None


def test_empty_history_scores_one() -> None:
    assert online_score([], NOW) == 1.0
    assert online_recovery_date([], NOW, 0.95) is None
    assert downtime([], NOW) == timedelta(0)
    # A node offline from now with no history: only the outage's windows count.
    assert online_score_if_offline([], NOW) == 0.0
