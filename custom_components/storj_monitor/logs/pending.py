"""Transfer starts waiting for their final line: O(1) per start, finish and eviction.

A start is matched to the oldest open start with the same piece, action and peer (FIFO per
key). Starts that never finish (DEBUG switched off mid-transfer, a node restart, a log whose
finishes were cut) leave oldest first once there are more than ``limit`` or once they are older
than ``timeout``.

The table is keyed by the piece ID alone: hashing one string the log line already holds is
cheaper than building and hashing a (piece, action, peer) tuple per line. Action and peer are
kept in the entry and checked on finish; the rare piece open for two actions or peers at once
(a repair and an audit of the same piece) holds a list, searched for the exact key.

Why not one insertion-ordered dict: finding its oldest entry (``next(iter(dict))``) walks over
every slot deleted at its front since the last resize, so on a log whose starts never finish
each eviction cost grew with the table (~7.5 µs at 20 000 entries). Here a deque keeps the
starts in arrival order; a finish never touches it: the finished start stays as a stale entry
(recognized by identity, skipped by eviction) and the deque is compacted when it holds more
than twice the starts open at the last compaction + ``_SLACK`` entries (never more than
``2 * limit + _SLACK``): memory stays bounded, a compaction drops at least half of what it
reads unless the open starts doubled (O(1) a start either way), and on the usual log, where
nearly every start finishes, the order stays a few thousand entries long: warm in the CPU's
caches instead of megabytes of finished starts.

The statistics' batch loop (`LogStatistics.feed_lines`) does `start` and the usual `finish`
inline on ``by_piece`` and ``order`` (a method call per line costs more than the work) and
calls `again`, `evict`, `compact` and `finish` for the rest; tests/logs/test_fused_feed.py
holds both ways to the same counts.
"""

from __future__ import annotations

from collections import deque
import math

# One start: time, piece ID, action, remote address. Its identity tells it apart from an equal one.
type Entry = tuple[float, str, str, str]

_SLACK = 1024


class PendingStarts:
    """Open transfer starts, bounded in number and age."""

    __slots__ = (
        "by_piece",
        "compact_at",
        "deadline",
        "limit",
        "order",
        "seen_start",
        "size",
        "timeout",
    )

    def __init__(self, limit: int, timeout: float) -> None:
        """Keep at most ``limit`` starts, none older than ``timeout`` seconds."""
        self.limit = limit
        self.timeout = timeout
        self.size = 0
        self.seen_start = False
        # One start per piece; a list (oldest first) for the rare piece opened again.
        self.by_piece: dict[str, Entry | list[Entry]] = {}
        self.order: deque[Entry] = deque()
        self.compact_at = _SLACK
        # The time past which a start must evict: the oldest entry's time + timeout; -inf
        # while the order is empty (the next start then sets it through `evict`).
        self.deadline = -math.inf

    def start(self, piece: str, action: str, remote: str, when: float) -> None:
        """Open one transfer at ``when``; evict what is now too many or too old."""
        self.seen_start = True
        entry = (when, piece, action, remote)
        present = self.by_piece.setdefault(piece, entry)
        if present is not entry:
            self.again(piece, present, entry)
        order = self.order
        order.append(entry)
        self.size += 1
        if self.size > self.limit or when > self.deadline:
            self.evict(when)
        if len(order) > self.compact_at:
            self.compact()

    def again(self, piece: str, present: Entry | list[Entry], entry: Entry) -> None:
        """Add ``entry`` for a piece open already (``present``): rare."""
        if type(present) is list:
            present.append(entry)
        else:
            self.by_piece[piece] = [present, entry]  # type: ignore[list-item]

    def finish(self, piece: str, action: str, remote: str) -> float | None:
        """Close the oldest open start of this key; its time, or ``None`` if none is open."""
        entry = self.by_piece.get(piece)
        if entry is None:
            return None
        if type(entry) is tuple:
            if entry[2] != action or entry[3] != remote:
                return None  # the piece is open for another action or peer only
            del self.by_piece[piece]
        else:
            entry = self._finish_shared(piece, entry, action, remote)  # type: ignore[arg-type]
            if entry is None:
                return None
        self.size -= 1
        # Its entry in the order stays, stale, until eviction or compaction reaches it.
        return entry[0]

    def _finish_shared(
        self, piece: str, entries: list[Entry], action: str, remote: str
    ) -> Entry | None:
        for index, entry in enumerate(entries):
            if entry[2] == action and entry[3] == remote:
                del entries[index]
                if len(entries) == 1:
                    self.by_piece[piece] = entries[0]
                return entry
        return None

    def _is_live(self, entry: Entry) -> bool:
        # Only asked of the order's front: a live one is the oldest of its piece.
        present = self.by_piece.get(entry[1])
        return present is entry or (type(present) is list and present[0] is entry)

    def evict(self, now: float) -> None:
        """Drop finished entries at the front, then the oldest open starts over the limits."""
        order = self.order
        timeout = self.timeout
        while order:
            entry = order[0]
            if not self._is_live(entry):
                order.popleft()  # finished already
                continue
            if self.size <= self.limit and now <= entry[0] + timeout:
                break
            # A live front entry is the oldest open start, so its piece's oldest.
            order.popleft()
            piece = entry[1]
            present = self.by_piece.pop(piece)
            if type(present) is list:
                del present[0]
                self.by_piece[piece] = present if len(present) > 1 else present[0]
            self.size -= 1
        self._front_moved()

    def _front_moved(self) -> None:
        order = self.order
        self.deadline = order[0][0] + self.timeout if order else -math.inf

    def compact(self) -> None:
        """Drop the finished entries from the order, in place (the batch loop holds it)."""
        live = {
            id(entry)
            for present in self.by_piece.values()
            for entry in (present if type(present) is list else (present,))
        }
        kept = [entry for entry in self.order if id(entry) in live]
        self.order.clear()
        self.order.extend(kept)
        self._front_moved()
        # Room for as many again as are open, and the slack: the next compaction drops at
        # least half (O(1) a start) and the order stays small and warm in the CPU's caches.
        self.compact_at = 2 * min(self.size, self.limit) + _SLACK

    def __len__(self) -> int:
        """Open starts."""
        return self.size
