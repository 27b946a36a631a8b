"""Pending transfer starts: FIFO per key, oldest evicted first, bounded memory, O(1) eviction."""

from __future__ import annotations

import pytest

from custom_components.storj_monitor.logs import pending as pending_module
from custom_components.storj_monitor.logs.pending import Entry, PendingStarts


def key(number: int) -> tuple[str, str, str]:
    return (f"piece{number}", "GET", "1.2.3.4:5")


def test_finish_matches_the_oldest_start_of_its_key() -> None:
    starts = PendingStarts(limit=10, timeout=100.0)
    starts.start(*key(1), 1.0)
    starts.start(*key(1), 2.0)
    starts.start(*key(2), 3.0)
    assert len(starts) == 3
    assert starts.finish(*key(1)) == 1.0
    assert starts.finish(*key(1)) == 2.0
    assert starts.finish(*key(1)) is None
    assert starts.finish(*key(2)) == 3.0
    assert len(starts) == 0
    assert starts.seen_start


def test_over_the_cap_the_oldest_start_leaves() -> None:
    starts = PendingStarts(limit=3, timeout=1e9)
    for number in range(5):
        starts.start(*key(number), float(number))
    assert len(starts) == 3
    assert starts.finish(*key(0)) is None
    assert starts.finish(*key(1)) is None
    assert starts.finish(*key(2)) == 2.0


def test_finished_starts_are_skipped_when_evicting() -> None:
    """A start finished out of order is not evicted a second time (its entry is stale)."""
    starts = PendingStarts(limit=2, timeout=1e9)
    starts.start(*key(1), 1.0)
    starts.start(*key(2), 2.0)
    assert starts.finish(*key(2)) == 2.0  # the newer one finishes first
    starts.start(*key(3), 3.0)
    starts.start(*key(4), 4.0)  # over the cap: key 1 (the oldest live) leaves, not key 3
    assert len(starts) == 2
    assert starts.finish(*key(1)) is None
    assert starts.finish(*key(3)) == 3.0
    assert starts.finish(*key(4)) == 4.0


def test_a_repeated_key_keeps_its_later_start_when_the_first_is_evicted() -> None:
    starts = PendingStarts(limit=2, timeout=1e9)
    starts.start(*key(1), 1.0)
    starts.start(*key(2), 2.0)
    starts.start(*key(1), 3.0)  # evicts key 1's first start only
    assert starts.finish(*key(1)) == 3.0
    assert starts.finish(*key(2)) == 2.0


def test_old_starts_time_out() -> None:
    starts = PendingStarts(limit=100, timeout=60.0)
    starts.start(*key(1), 0.0)
    starts.start(*key(2), 30.0)
    starts.start(*key(3), 61.0)  # key 1 is now older than 60 s
    assert len(starts) == 2
    assert starts.finish(*key(1)) is None
    starts.start(*key(4), 100.0)
    assert starts.finish(*key(2)) is None
    assert len(starts) == 2


def test_memory_stays_bounded_when_starts_finish_out_of_order() -> None:
    """Stale entries left by finishes are compacted away: the deque never outgrows its bound."""
    limit = 50
    starts = PendingStarts(limit=limit, timeout=1e9)
    bound = 2 * limit + pending_module._SLACK
    longest = 0
    for number in range(20_000):
        starts.start(*key(number), float(number))
        # Keep the very first start open (so stale entries pile up behind it) and finish
        # every other one at once.
        if number:
            assert starts.finish(*key(number)) == float(number)
        longest = max(longest, len(starts.order))
    assert longest <= bound + 1
    assert len(starts) == 1
    assert starts.finish(*key(0)) == 0.0


def test_eviction_does_not_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the cap, each start looks at two entries, whatever the cap (O(1))."""
    checks = [0]
    real = PendingStarts._is_live

    def counting(self: PendingStarts, entry: Entry) -> bool:
        checks[0] += 1
        return real(self, entry)

    monkeypatch.setattr(PendingStarts, "_is_live", counting)
    looks = []
    for limit in (100, 10_000):
        starts = PendingStarts(limit=limit, timeout=1e9)
        for number in range(limit):
            starts.start(*key(number), float(number))
        checks[0] = 0
        for number in range(limit, limit + 1000):
            starts.start(*key(number), float(number))
        looks.append(checks[0])
        assert len(starts) == limit
    assert looks[0] == looks[1] <= 2 * 1000  # the front, then the next front


def test_a_piece_open_for_two_actions_or_peers_matches_the_exact_key() -> None:
    """Keyed by piece alone, a finish still needs the same action and peer (FIFO per key)."""
    starts = PendingStarts(limit=10, timeout=1e9)
    starts.start("p", "GET_AUDIT", "1.1.1.1:1", 1.0)
    starts.start("p", "GET_REPAIR", "2.2.2.2:2", 2.0)
    starts.start("p", "GET_AUDIT", "1.1.1.1:1", 3.0)
    assert starts.finish("p", "GET_AUDIT", "2.2.2.2:2") is None  # no such peer for the action
    assert starts.finish("p", "PUT", "1.1.1.1:1") is None
    assert starts.finish("p", "GET_REPAIR", "2.2.2.2:2") == 2.0
    assert starts.finish("p", "GET_AUDIT", "1.1.1.1:1") == 1.0
    assert len(starts) == 1
    assert starts.finish("p", "GET_AUDIT", "1.1.1.1:1") == 3.0
    assert starts.finish("p", "GET_AUDIT", "1.1.1.1:1") is None
    assert len(starts) == 0


def test_a_finish_for_another_action_leaves_the_open_start() -> None:
    starts = PendingStarts(limit=10, timeout=1e9)
    starts.start("p", "GET", "1.1.1.1:1", 1.0)
    assert starts.finish("p", "GET", "9.9.9.9:9") is None
    assert starts.finish("p", "PUT", "1.1.1.1:1") is None
    assert len(starts) == 1
    assert starts.finish("p", "GET", "1.1.1.1:1") == 1.0


def test_eviction_of_a_shared_piece_removes_only_its_oldest_start() -> None:
    starts = PendingStarts(limit=2, timeout=1e9)
    starts.start("p", "GET", "1.1.1.1:1", 1.0)
    starts.start("p", "PUT", "1.1.1.1:1", 2.0)
    starts.start("q", "GET", "1.1.1.1:1", 3.0)  # over the cap: p's GET leaves
    assert len(starts) == 2
    assert starts.finish("p", "GET", "1.1.1.1:1") is None
    assert starts.finish("p", "PUT", "1.1.1.1:1") == 2.0
    assert starts.finish("q", "GET", "1.1.1.1:1") == 3.0
