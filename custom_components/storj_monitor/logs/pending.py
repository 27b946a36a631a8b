"""Transfer starts waiting for their final line: O(1) per start, finish and eviction.

A start is matched to the oldest open start with the same piece, action and peer (FIFO per
key). Starts that never finish (DEBUG switched off mid-transfer, a node restart, a log whose
finishes were cut) leave oldest first once there are more than ``limit`` or once they are older
than ``timeout``.

Why not one insertion-ordered dict: finding its oldest entry (``next(iter(dict))``) walks over
every slot deleted at its front since the last resize, so on a log whose starts never finish
each eviction cost grew with the table (~7.5 µs at 20 000 entries). Here a deque keeps the
starts in arrival order; a finished start stays in it as a stale entry (recognized by identity,
skipped when it reaches the front) and the deque is compacted when it holds more than
``2 * limit + _SLACK`` entries: memory stays bounded, and a compaction (O(limit)) comes at most
once per ``limit + _SLACK`` starts, O(1) each.
"""

from __future__ import annotations

from collections import deque

type Key = tuple[str, str, str]  # piece ID, action, remote address
type Entry = tuple[float, Key]  # one start; its identity tells it apart from an equal one

_SLACK = 1024


class PendingStarts:
    """Open transfer starts, bounded in number and age."""

    __slots__ = ("_by_key", "_compact_at", "_order", "limit", "seen_start", "size", "timeout")

    def __init__(self, limit: int, timeout: float) -> None:
        """Keep at most ``limit`` starts, none older than ``timeout`` seconds."""
        self.limit = limit
        self.timeout = timeout
        self.size = 0
        self.seen_start = False
        self._by_key: dict[Key, list[Entry]] = {}
        # Invariant: the front entry, if any, is live (still in `_by_key`).
        self._order: deque[Entry] = deque()
        self._compact_at = 2 * limit + _SLACK

    def start(self, key: Key, when: float) -> None:
        """Open one transfer at ``when``; evict what is now too many or too old."""
        self.seen_start = True
        entry = (when, key)
        queue = self._by_key.get(key)
        if queue is None:
            self._by_key[key] = [entry]
        else:
            queue.append(entry)
        order = self._order
        order.append(entry)
        self.size += 1
        if self.size > self.limit or order[0][0] < when - self.timeout:
            self._evict(when)
        if len(order) > self._compact_at:
            self._compact()

    def finish(self, key: Key) -> float | None:
        """Close the oldest open start of ``key``; its time, or ``None`` if none is open."""
        queue = self._by_key.pop(key, None)
        if queue is None:
            return None
        entry = queue[0]
        if len(queue) > 1:  # the same piece, action and peer again: rare
            del queue[0]
            self._by_key[key] = queue
        self.size -= 1
        if self._order[0] is entry:
            self._drop_stale_front()
        return entry[0]

    def _is_live(self, entry: Entry) -> bool:
        queue = self._by_key.get(entry[1])
        return queue is not None and queue[0] is entry

    def _drop_stale_front(self) -> None:
        order = self._order
        order.popleft()
        while order and not self._is_live(order[0]):
            order.popleft()

    def _evict(self, now: float) -> None:
        order = self._order
        oldest_allowed = now - self.timeout
        while order:
            when, key = order[0]
            if self.size <= self.limit and when >= oldest_allowed:
                return
            queue = self._by_key[key]
            queue.pop(0)  # the front entry is live, so it is its key's oldest
            if not queue:
                del self._by_key[key]
            self.size -= 1
            self._drop_stale_front()

    def _compact(self) -> None:
        live = {id(entry) for queue in self._by_key.values() for entry in queue}
        self._order = deque(entry for entry in self._order if id(entry) in live)

    def __len__(self) -> int:
        """Open starts."""
        return self.size
