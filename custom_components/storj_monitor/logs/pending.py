"""Transfer starts waiting for their final line: O(1) per start, finish and eviction.

A start is matched to the oldest open start with the same piece, action and peer (FIFO per
key). Starts that never finish (DEBUG switched off mid-transfer, a node restart, a log whose
finishes were cut) leave oldest first once there are more than ``limit`` or once they are older
than ``timeout``.

Why not one insertion-ordered dict: finding its oldest entry (``next(iter(dict))``) walks over
every slot deleted at its front since the last resize, so on a log whose starts never finish
each eviction cost grew with the table (~7.5 µs at 20 000 entries). Here a deque keeps the
starts in arrival order; a finish never touches it: the finished start stays as a stale entry
(recognized by identity, skipped by eviction) and the deque is compacted when it holds more
than ``2 * limit + _SLACK`` entries: memory stays bounded, and a compaction (O(limit)) comes at
most once per ``limit + _SLACK`` starts, O(1) each.
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
        # One start per key, a list (oldest first) for the rare key opened again.
        self._by_key: dict[Key, Entry | list[Entry]] = {}
        self._order: deque[Entry] = deque()
        self._compact_at = 2 * limit + _SLACK

    def start(self, key: Key, when: float) -> None:
        """Open one transfer at ``when``; evict what is now too many or too old."""
        self.seen_start = True
        entry = (when, key)
        by_key = self._by_key
        present = by_key.setdefault(key, entry)
        if present is not entry:  # the same piece, action and peer again: rare
            if isinstance(present, list):
                present.append(entry)
            else:
                by_key[key] = [present, entry]
        order = self._order
        order.append(entry)
        self.size += 1
        if self.size > self.limit or order[0][0] < when - self.timeout:
            self._evict(when)
        if len(order) > self._compact_at:
            self._compact()

    def finish(self, key: Key) -> float | None:
        """Close the oldest open start of ``key``; its time, or ``None`` if none is open."""
        entry = self._by_key.pop(key, None)
        if entry is None:
            return None
        if isinstance(entry, list):
            first = entry.pop(0)
            self._by_key[key] = entry if len(entry) > 1 else entry[0]
            entry = first
        self.size -= 1
        # Its entry in the order stays, stale, until eviction or compaction reaches it.
        return entry[0]

    def _is_live(self, entry: Entry) -> bool:
        present = self._by_key.get(entry[1])
        return present is entry or (isinstance(present, list) and present[0] is entry)

    def _evict(self, now: float) -> None:
        order = self._order
        oldest_allowed = now - self.timeout
        while order:
            entry = order[0]
            if not self._is_live(entry):
                order.popleft()  # finished already
                continue
            if self.size <= self.limit and entry[0] >= oldest_allowed:
                return
            # A live front entry is the oldest open start, so its key's oldest.
            order.popleft()
            key = entry[1]
            present = self._by_key.pop(key)
            if isinstance(present, list):
                del present[0]
                self._by_key[key] = present if len(present) > 1 else present[0]
            self.size -= 1

    def _compact(self) -> None:
        live = {
            id(entry)
            for present in self._by_key.values()
            for entry in (present if isinstance(present, list) else (present,))
        }
        self._order = deque(entry for entry in self._order if id(entry) in live)

    def __len__(self) -> int:
        """Open starts."""
        return self.size
