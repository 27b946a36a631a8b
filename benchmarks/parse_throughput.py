"""Parse throughput on one core, checked for exactness against a grep-style count.

    python benchmarks/parse_throughput.py [--lines N] [--seed S] [--repeat R]
                                          [--successrate PATH]

Generates a log with the simulator's formatter (four styles: console/JSON x Title Case/
snake_case, DEBUG on) and writes it to a file; then measures parse-only and parse+statistics
lines per second over the lines read back from that file (as an import or a tailer has them:
one buffer, in order), ``--repeat`` times each, printing the best and the median; and verifies
that the statistics agree exactly with an independent count done the way the community's
``successrate.sh`` counts (substring matches per line, no parsing).

With ``--successrate PATH`` the real community script (ReneSmeekes/storj_success_rate on
GitHub, file ``successrate.sh``; not part of this repository) also runs on the same file in
the same run, as often: its best wall time gives its lines/s (the ratio is best against
best), its printed counts stand beside ours.

It also times a DEBUG log whose transfers never finish (only the "started" lines kept): the
pending-start table sits at its cap and every new start evicts the oldest. The cost per line
must not grow with the cap (eviction is O(1)).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Iterator
import gc
from itertools import islice
from pathlib import Path
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.stats import LogSnapshot, LogStatistics
from storj_simulator.loglines import Encoder, LogStyle, format_events, generate_events

ACTIONS = ("GET", "PUT", "GET_AUDIT", "GET_REPAIR", "PUT_REPAIR")
MESSAGES = {
    "success": ("uploaded", "downloaded"),
    "canceled": ("upload canceled", "download canceled"),
    "failed": ("upload failed", "download failed"),
}
STYLES = (
    LogStyle(debug=True),
    LogStyle.for_version("1.146.0", debug=True),
    LogStyle(encoder=Encoder.JSON, debug=True),
    LogStyle.for_version("1.146.0", encoder=Encoder.JSON, debug=True),
)


def _has_message(line: str, message: str) -> bool:
    # grep for the message column: TAB-delimited (console) or the "M" key (JSON encoder).
    # A bare `grep downloaded` would also match canceled downloads whose reason says
    # "downloaded size (...) does not match ...", a miscount successrate.sh really makes.
    return f"\t{message}\t" in line or f'"M":"{message}"' in line


def grep_counts(lines: Iterable[str]) -> Counter[str]:
    """Count like successrate.sh: ``grep '"PUT"' | grep 'upload failed' -c`` and so on."""
    counts: Counter[str] = Counter()
    for line in lines:
        for action in ACTIONS:
            if f'"{action}"' not in line:
                continue
            for outcome, messages in MESSAGES.items():
                if any(_has_message(line, message) for message in messages):
                    counts[f"{action} {outcome}"] += 1
            if action == "GET_AUDIT" and _has_message(line, "download failed"):
                counts["audit critical" if "does not exist" in line else "audit recoverable"] += 1
        if "upload rejected" in line:
            counts["upload rejected"] += 1
    return counts


def stats_counts(snapshot: LogSnapshot) -> Counter[str]:
    """The same figures, read from the statistics."""
    counts: Counter[str] = Counter()
    for action, outcome in snapshot.transfers.items():
        counts[f"{action} success"] += outcome.success
        counts[f"{action} canceled"] += outcome.canceled
        counts[f"{action} failed"] += outcome.failed
    for audits in snapshot.audits.values():
        counts["audit critical"] += audits.critical_failed
        counts["audit recoverable"] += audits.recoverable_failed
    counts["upload rejected"] += snapshot.upload_rejected
    return +counts  # drop zero entries, like grep output would


# successrate.sh's sections and printed labels, mapped to this benchmark's category names.
SUCCESSRATE_LABELS = {
    "AUDIT": {
        "Critically failed": "audit critical",
        "Recoverable failed": "audit recoverable",
        "Successful": "GET_AUDIT success",
    },
    "DOWNLOAD": {"Failed": "GET failed", "Canceled": "GET canceled", "Successful": "GET success"},
    "UPLOAD": {
        "Rejected": "upload rejected",
        "Failed": "PUT failed",
        "Canceled": "PUT canceled",
        "Successful": "PUT success",
    },
    "REPAIR DOWNLOAD": {
        "Failed": "GET_REPAIR failed",
        "Canceled": "GET_REPAIR canceled",
        "Successful": "GET_REPAIR success",
    },
    "REPAIR UPLOAD": {
        "Failed": "PUT_REPAIR failed",
        "Canceled": "PUT_REPAIR canceled",
        "Successful": "PUT_REPAIR success",
    },
}
# Why the two tools may differ on a category (both count the rest the same way).
KNOWN_DIFFERENCES = {
    "GET success": "`grep downloaded` also matches canceled downloads whose reason says "
    '"downloaded size ... does not match"',
    "GET_AUDIT success": "`grep downloaded` also matches canceled audits with that reason",
    "GET_REPAIR success": "`grep downloaded` also matches canceled repairs with that reason",
    "GET_AUDIT failed": "successrate.sh splits failed audits into critical and recoverable only",
    "GET_AUDIT canceled": "successrate.sh does not count canceled audits",
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_successrate(script: Path, log: Path) -> tuple[float, Counter[str]]:
    """Run the real script on ``log``; its wall time and its counts in our category names."""
    started = time.perf_counter()
    output = subprocess.run(
        ["bash", str(script), str(log)], capture_output=True, text=True, check=True
    ).stdout
    elapsed = time.perf_counter() - started
    counts: Counter[str] = Counter()
    section = ""
    for raw in output.splitlines():
        line = ANSI.sub("", raw).strip()
        if line.startswith("=========="):
            section = line.strip("= ").strip()
            continue
        label, _, value = line.partition(":")
        category = SUCCESSRATE_LABELS.get(section, {}).get(label.strip())
        if category is not None and value.strip().isdigit():
            counts[category] += int(value)
    return elapsed, +counts


def compare_with_successrate(
    script: Path, log: Path, lines: int, our_rate: float, ours: Counter[str], repeat: int
) -> None:
    """Print the real script's speed (best of ``repeat`` runs) and counts beside ours."""
    runs = [run_successrate(script, log) for _ in range(repeat)]
    elapsed = min(seconds for seconds, _ in runs)
    theirs = runs[0][1]
    rate = lines / elapsed
    print(
        f"successrate.sh: {rate:>10,.0f} lines/s (whole run, best wall time of {repeat}: "
        f"{elapsed:.2f} s)"
    )
    print(f"ratio (parse + stats / successrate.sh): {our_rate / rate:.2f}x")
    for key in sorted(theirs.keys() | ours.keys()):
        note = "" if theirs[key] == ours[key] else f"   differs: {KNOWN_DIFFERENCES.get(key, '?')}"
        print(f"  {key:<22} successrate.sh {theirs[key]:>9,}  stats {ours[key]:>9,}{note}")


def generate_log(total: int, seed: int) -> Iterator[str]:
    """``total`` lines: equal shares in each style, every transfer started and finished."""
    share = total // len(STYLES)
    for index, style in enumerate(STYLES):
        count = share if index < len(STYLES) - 1 else total - share * (len(STYLES) - 1)
        events = generate_events(count, seed + index, background_rate=0.01)
        yield from islice(format_events(events, style), count)


def _rate(lines: list[str], work: str) -> tuple[float, LogStatistics | None]:
    gc.collect()
    gc.disable()  # measure parsing, not the collector's pauses on a huge list
    try:
        started = time.process_time()
        if work == "parse":
            for line in lines:
                parse_line(line)
            stats = None
        else:
            stats = LogStatistics()
            stats.feed_lines(lines)
        elapsed = time.process_time() - started
    finally:
        gc.enable()
    return len(lines) / elapsed, stats


def _rates(lines: list[str], work: str, repeat: int) -> tuple[float, LogStatistics | None]:
    """Best of ``repeat`` runs (printed with the median); the last run's statistics."""
    rates: list[float] = []
    stats = None
    for _ in range(repeat):
        rate, stats = _rate(lines, work)
        rates.append(rate)
    label = "parse only:   " if work == "parse" else "parse + stats:"
    print(
        f"{label} {max(rates):>10,.0f} lines/s best of {repeat}, median "
        f"{statistics.median(rates):,.0f} (one core, CPU time)"
    )
    return max(rates), stats


def unfinished_starts(lines: list[str]) -> None:
    """Lines/s of a log of starts only, at several caps: flat when eviction is O(1)."""
    starts = [line for line in lines if "upload started" in line or "download started" in line]
    print(f"never-finished starts ({len(starts):,} start lines, every one past the cap evicts):")
    for cap in (1_000, 20_000, 100_000):
        gc.collect()
        gc.disable()
        try:
            stats = LogStatistics(max_pending=cap, pending_timeout=1e9)
            started = time.process_time()
            stats.feed_lines(starts)
            elapsed = time.process_time() - started
        finally:
            gc.enable()
        evictions = max(0, len(starts) - cap)
        print(
            f"  max_pending {cap:>7,}: {len(starts) / elapsed:>10,.0f} lines/s, "
            f"{evictions:,} evictions, {stats.pending_transfers:,} pending"
        )


def main() -> int:
    """Run the benchmark; exit 1 when the counts differ."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write the generated log here")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--successrate", type=Path, help="path of the real successrate.sh")
    parser.add_argument("--skip-unfinished", action="store_true", help="skip the eviction case")
    args = parser.parse_args()

    started = time.perf_counter()
    save = args.save or Path(tempfile.mkdtemp()) / "storagenode.log"
    save.write_text("\n".join(generate_log(args.lines, args.seed)) + "\n", encoding="utf-8")
    lines = save.read_text(encoding="utf-8").splitlines()
    print(f"generated {len(lines):,} lines in {time.perf_counter() - started:.1f} s: {save}")

    # Statistics first: the parse-only runs leave the allocator's arenas fragmented (a million
    # records made and freed each), which slows whatever runs after them by up to 10 %.
    full_rate, stats = _rates(lines, "stats", args.repeat)
    _rates(lines, "parse", args.repeat)
    assert stats is not None

    snapshot = stats.snapshot()
    expected = grep_counts(lines)
    actual = stats_counts(snapshot)
    print(f"unparsable lines: {snapshot.unparsable}")
    for key in sorted(expected.keys() | actual.keys()):
        marker = "" if expected[key] == actual[key] else "   <-- MISMATCH"
        print(f"  {key:<22} grep {expected[key]:>9,}  stats {actual[key]:>9,}{marker}")
    if args.successrate:
        compare_with_successrate(args.successrate, save, len(lines), full_rate, actual, args.repeat)
    if not args.skip_unfinished:
        unfinished_starts(lines)
    if expected != actual or snapshot.unparsable:
        print("counts differ")
        return 1
    print("counts agree exactly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
