"""Memory of the hot-piece and error tracking over millions of transfer lines: it stays flat.

    python benchmarks/insights_memory.py [--lines N] [--seed S]

Feeds synthetic finished-transfer lines (console encoder, the node's own shape) into
``LogStatistics``: every line a new random piece ID (the worst case for the heavy-hitter
sketches), one download in twenty of a small set of popular pieces, one line in twelve a
failure whose error text carries random addresses, ports, piece IDs and a random word (so the
error tracker sees ever new texts, even after normalisation). The log clock advances 0.1 s per
line, so 10 million lines span 11.6 days and every hourly sketch turns over many times.

At 1 M, 5 M and 10 M lines it reports the process's resident size, the number of memory
blocks Python holds (``sys.getallocatedblocks``: what is alive, whatever the allocator keeps
for reuse), the deep size of the hot-piece and error trackers (every dict, key and count they
hold, with their caches), their entry counts, and whether the popular pieces are found.
``--tracemalloc`` also reports the memory traced by ``tracemalloc`` since the start (after a
garbage collection): exact, but about 8x slower.
"""

from __future__ import annotations

import argparse
import base64
import gc
from pathlib import Path
import random
import resource
import sys
import time
import tracemalloc
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.logs.insights import SpaceSaving
from custom_components.storj_monitor.logs.stats import LogStatistics

CHECKPOINTS = (1_000_000, 5_000_000, 10_000_000)
SATELLITES = (
    "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
    "121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6",
    "12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
    "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
)
WORDS = ("reset", "refused", "timeout", "closed", "denied", "unreachable", "broken")
START = 1_767_225_600.0  # 2026-01-01T00:00:00Z
STEP = 0.1


def _piece(rng: random.Random) -> str:
    return base64.b32encode(rng.randbytes(33)).decode()[:52]


def _address(rng: random.Random) -> str:
    return (
        f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    )


def _time(index: int) -> str:
    stamp = time.gmtime(START + index * STEP)
    return time.strftime("%Y-%m-%dT%H:%M:%S", stamp) + f".{index % 10}00Z"


def line(index: int, rng: random.Random, popular: list[str]) -> str:
    """One finished transfer line of the node's console encoder."""
    satellite = SATELLITES[index % len(SATELLITES)]
    remote = f"{_address(rng)}:{rng.randint(1024, 65535)}"
    roll = rng.random()
    if roll < 1 / 12:
        error = (
            f"{rng.choice(WORDS)} {rng.getrandbits(48):x}q: write tcp {_address(rng)}:28967->"
            f"{remote}: piece {_piece(rng)} size {rng.randint(1, 10**9)}"
        )
        return (
            f'{_time(index)}\tERROR\tpiecestore\tdownload failed\t{{"Piece ID": "{_piece(rng)}", '
            f'"Satellite ID": "{satellite}", "Action": "GET", "Offset": 0, "Size": 0, '
            f'"Remote Address": "{remote}", "error": "{error}"}}'
        )
    piece = rng.choice(popular) if roll < 0.13 else _piece(rng)
    action = "GET" if roll < 0.6 else "PUT"
    message = "downloaded" if action == "GET" else "uploaded"
    return (
        f'{_time(index)}\tINFO\tpiecestore\t{message}\t{{"Piece ID": "{piece}", '
        f'"Satellite ID": "{satellite}", "Action": "{action}", "Offset": 0, '
        f'"Size": {rng.randint(256, 2_319_360)}, "Remote Address": "{remote}"}}'
    )


def deep_size(sketches: list[SpaceSaving]) -> int:
    """Bytes of the sketches' tables: the dicts, their keys and their counts."""
    size = 0
    for sketch in sketches:
        for table in (sketch.counts, sketch.errors):
            size += sys.getsizeof(table)
            size += sum(sys.getsizeof(key) + sys.getsizeof(count) for key, count in table.items())
    return size


def trackers(stats: LogStatistics, now: float) -> tuple[int, int, int]:
    """Deep bytes of both trackers (with their caches), hot-piece and error-text entries."""
    hot: list[SpaceSaving] = stats._hot_pieces._window.live(now)
    errors: Any = stats._errors
    error_sketches = [errors._totals, *errors._recent.live(now)]
    cache = sys.getsizeof(errors._cache) + sum(
        sys.getsizeof(raw) + sys.getsizeof(text) for raw, text in errors._cache.items()
    )
    closed = stats._hot_pieces._closed  # the merged closed hours, kept between reads
    if closed is not None:
        cache += sum(sys.getsizeof(table) for table in (closed.estimates, closed.minimums))
        cache += sys.getsizeof(closed.ranked)
    return (
        deep_size(hot) + deep_size(error_sketches) + cache,
        sum(len(sketch.counts) for sketch in hot),
        sum(len(sketch.counts) for sketch in error_sketches),
    )


def rss_mib() -> float:
    """The process's current resident size (Linux), in MiB."""
    with Path("/proc/self/statm").open() as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> int:
    """Feed, measure at the checkpoints, print a table; 1 when memory grew or a hit was lost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=CHECKPOINTS[-1])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace allocations")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    popular = [_piece(rng) for _ in range(5)]
    checkpoints = sorted({point for point in CHECKPOINTS if point < args.lines} | {args.lines})
    stats = LogStatistics()
    gc.collect()
    if args.tracemalloc:
        tracemalloc.start()
    print(
        "    lines   RSS MiB   live blocks   trackers KiB   hot entries   error entries"
        "   traced MiB   found"
    )
    results = []
    started = time.process_time()
    fed = 0
    for checkpoint in checkpoints:
        while fed < checkpoint:
            stats.feed_line(line(fed, rng, popular))
            fed += 1
        snapshot = stats.snapshot()
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] / 2**20 if args.tracemalloc else None
        size, hot_entries, error_entries = trackers(stats, START + fed * STEP)
        found = {piece.piece for piece in snapshot.hot_pieces.pieces} >= set(popular)
        results.append(size)
        print(
            f"{fed:>9,}   {rss_mib():>7.1f}   {sys.getallocatedblocks():>11,}"
            f"   {size / 1024:>12.0f}   {hot_entries:>11}"
            f"   {error_entries:>13}   {'-' if traced is None else f'{traced:.1f}':>10}"
            f"   {found!s:>5}"
        )
        if not found:
            return 1
    print(f"({fed:,} lines in {time.process_time() - started:.0f} s CPU)")
    # Flat: the trackers at the last checkpoint hold no more than at the first, plus 10 %.
    return 0 if results[-1] <= results[0] * 1.1 else 1


if __name__ == "__main__":
    sys.exit(main())
