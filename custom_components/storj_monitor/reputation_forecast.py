"""How close a node is to a satellite's limits: the satellite's own reputation model, replayed.

Everything here follows storj/storj at commit 5dbec64f5a (no Home Assistant imports):

- `satellite/reputation/config.go:28-32`: audit λ = 0.999, weight w = 1, disqualification at
  audit score <= 0.96; unknown-audit λ = 0.95, suspension at unknown-audit score <= 0.6.
- `satellite/reputation/calculations.go:40` (`UpdateReputationMultiple`): n failures turn
  alpha a and beta b into a' = λⁿa and b' = λⁿb + w(1-λⁿ)/(1-λ). When a+b already equals
  w/(1-λ) (a node audited for long enough), a'+b' keeps that value and the score after n
  failures is exactly λⁿ·score.
- `satellite/reputation/writecache.go:259-276`: the limits are checked with `<=`.
- `satellite/reputation/config.go:57-60` and `audithistory.go:36-94`: 12-hour windows over a
  720-hour tracking period; the online score is the mean of online/total over the windows in
  the period *except the newest one*; windows older than the period are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
import math

from .api.models import AuditWindow


@dataclass(frozen=True, slots=True)
class ReputationModel:
    """The satellite's release defaults (`satellite/reputation/config.go` @ 5dbec64f5a)."""

    audit_lambda: float = 0.999
    audit_weight: float = 1.0
    audit_disqualification: float = 0.96
    unknown_lambda: float = 0.95
    unknown_suspension: float = 0.6
    window: timedelta = timedelta(hours=12)
    tracking_period: timedelta = timedelta(hours=720)


DEFAULT_MODEL = ReputationModel()
# Far beyond any real answer (a perfect audit score needs 41 failures): stop counting there.
MAX_FAILURES = 100_000


def failures_until(
    score: float,
    lam: float,
    limit: float,
    *,
    weight: float = 1.0,
    alpha: float | None = None,
    beta: float | None = None,
) -> int:
    """Consecutive failed audits after which the score is at or below `limit`.

    With `alpha`/`beta` the satellite's exact update is replayed; with the score alone the
    node is taken as long audited (a+b = w/(1-λ)), where the score simply becomes λⁿ·score.
    """
    if score <= limit:
        return 0
    if alpha is None or beta is None:
        # λⁿ·score <= limit  <=>  n >= ln(limit/score)/ln(λ); nudge for float noise.
        needed = math.log(limit / score) / math.log(lam)
        count = max(1, math.ceil(needed - 1e-9))
        return count if lam**count * score <= limit else count + 1
    steady = weight / (1 - lam)
    for count in range(1, MAX_FAILURES):
        decay = lam**count
        new_alpha = decay * alpha
        new_beta = decay * beta + steady * (1 - decay)
        if new_alpha / (new_alpha + new_beta) <= limit:
            return count
    return MAX_FAILURES


def audit_failures_until_disqualification(
    audit_score: float, model: ReputationModel = DEFAULT_MODEL
) -> int:
    """Failed audits (piece missing or corrupt) the node can take before disqualification, +1."""
    return failures_until(
        audit_score, model.audit_lambda, model.audit_disqualification, weight=model.audit_weight
    )


def unknown_failures_until_suspension(
    suspension_score: float, model: ReputationModel = DEFAULT_MODEL
) -> int:
    """Unknown-error audits (timeouts, I/O errors) until the satellite suspends the node."""
    return failures_until(
        suspension_score, model.unknown_lambda, model.unknown_suspension, weight=model.audit_weight
    )


def _window_start(moment: datetime, model: ReputationModel) -> datetime:
    """`time.Truncate(WindowSize)`: windows start at multiples of 12 h since the Unix epoch."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    size = model.window.total_seconds()
    return epoch + timedelta(seconds=(moment - epoch).total_seconds() // size * size)


@dataclass(frozen=True, slots=True)
class _Window:
    start: datetime
    ratio: float


def _score_at(windows: Sequence[_Window], at: datetime, model: ReputationModel) -> float:
    """The online score as the satellite computes it when an audit arrives at `at`."""
    current = _window_start(at, model)
    earliest = current - model.tracking_period
    closed = [w.ratio for w in windows if earliest <= w.start < current]
    # audithistory.go: a history of one window (the current one) scores 1.
    return sum(closed) / len(closed) if closed else 1.0


def _known(windows: Sequence[AuditWindow]) -> list[_Window]:
    return [
        _Window(w.window_start, w.online_count / w.total_count) for w in windows if w.total_count
    ]


def online_score(
    windows: Sequence[AuditWindow], now: datetime, model: ReputationModel = DEFAULT_MODEL
) -> float:
    """Today's online score from the audit history windows (as the satellite computes it)."""
    return _score_at(_known(windows), now, model)


def online_score_if_offline(
    windows: Sequence[AuditWindow],
    now: datetime,
    offline_for: timedelta = timedelta(hours=24),
    model: ReputationModel = DEFAULT_MODEL,
) -> float:
    """The online score after `offline_for` of downtime starting now.

    Assumes the satellite keeps auditing the node in every window, as it does an active node:
    each window of the outage scores 0, and the current window keeps only its online audits so
    far against the audits it would also have received while offline.
    """
    known = _known(windows)
    current = _window_start(now, model)
    history = [w for w in known if w.start < current]
    end = now + offline_for
    elapsed = (now - current) / model.window
    for window in windows:
        if window.window_start == current and window.total_count:
            # The rest of this window's audits (at its rate so far) all find the node offline.
            rate = window.total_count / max(elapsed, 1e-9)
            expected = window.total_count + rate * (1 - elapsed)
            history.append(_Window(current, window.online_count / expected))
            break
    else:
        history.append(_Window(current, 0.0))
    start = current + model.window
    while start <= end:
        history.append(_Window(start, 0.0))
        start += model.window
    return _score_at(history, end, model)


def online_recovery_date(
    windows: Sequence[AuditWindow],
    now: datetime,
    threshold: float,
    model: ReputationModel = DEFAULT_MODEL,
) -> datetime | None:
    """When the online score climbs back to `threshold` if the node stays online from now.

    None when it is already there. Old windows roll off the tracking period and new windows
    score 1; the answer is the first window start at which the satellite's score reaches it.
    """
    known = _known(windows)
    if _score_at(known, now, model) >= threshold:
        return None
    current = _window_start(now, model)
    history = [w for w in known if w.start < current]
    ratio = next((w.ratio for w in known if w.start == current), 1.0)
    history.append(_Window(current, ratio))
    moment = current
    for _ in range(int(model.tracking_period / model.window) + 2):
        moment += model.window
        if _score_at(history, moment, model) >= threshold:
            return moment
        history.append(_Window(moment, 1.0))
    return None  # pragma: no cover - after a whole period only perfect windows remain


def downtime(
    windows: Sequence[AuditWindow], now: datetime, model: ReputationModel = DEFAULT_MODEL
) -> timedelta:
    """Estimated offline time in the tracking period: each window's offline share of 12 h."""
    earliest = _window_start(now, model) - model.tracking_period
    offline = sum((1 - w.ratio) for w in _known(windows) if w.start >= earliest and w.start <= now)
    return model.window * offline
