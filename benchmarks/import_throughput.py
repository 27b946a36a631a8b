"""Throughput of the log import's worker (`count_log`) outside Home Assistant.

    python benchmarks/import_throughput.py [--lines N] [--file PATH] [--keep]

Writes a log of N lines with the simulator's formatter (the four styles of
``parse_throughput.py``: console/JSON x Title Case/snake_case, DEBUG on; a block of at most a
million distinct lines, repeated), then counts it in a fresh process, the way ``import_log``
does, and reports lines/s, wall and CPU seconds and the peak resident memory of that process.
The file is deleted afterwards unless ``--keep``; an existing ``--file`` is reused as it is.
"""

from __future__ import annotations

import argparse
from pathlib import Path
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BLOCK = 1_000_000


def write_log(path: Path, total: int, seed: int) -> None:
    """`total` lines: one generated block of at most BLOCK lines, written as often as needed."""
    from benchmarks.parse_throughput import generate_log

    block = "".join(line + "\n" for line in generate_log(min(total, BLOCK), seed)).encode()
    lines_in_block = block.count(b"\n")
    with path.open("wb") as handle:
        written = 0
        while written + lines_in_block <= total:
            handle.write(block)
            written += lines_in_block
        if written < total:  # the rest: the block's first lines
            cut = 0
            for _ in range(total - written):
                cut = block.index(b"\n", cut) + 1
            handle.write(block[:cut])


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count(path: Path) -> None:
    """Child process: count the file like the import worker; print the figures."""
    from custom_components.storj_monitor.log_import import count_log

    print(f"RSS before:   {_peak_rss_mib():.0f} MiB (Home Assistant modules imported)")
    reports: list[float] = []
    started, cpu = time.perf_counter(), time.process_time()
    counts = count_log(path, lambda done, total: reports.append(time.perf_counter()))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _peak_rss_mib()
    size = path.stat().st_size
    print(f"lines:        {counts.lines:,} ({size / 2**30:.2f} GiB)")
    print(f"transfers:    {counts.transfers:,}   unparsable: {counts.unparsable:,}")
    print(f"wall:         {wall:.1f} s   CPU: {cpu:.1f} s")
    print(
        f"rate:         {counts.lines / wall:,.0f} lines/s (wall), {size / wall / 2**20:.0f} MiB/s"
    )
    print(f"peak RSS:     {peak:.0f} MiB (whole process, Home Assistant modules included)")
    print(f"progress:     {len(reports)} reports")


def main() -> int:
    """Write the log if needed, count it in a child process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--count-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_only:
        count(args.count_only)
        return 0
    path = args.file or Path(tempfile.mkdtemp()) / "storagenode.log"
    made = not path.exists()
    if made:
        started = time.perf_counter()
        write_log(path, args.lines, args.seed)
        print(f"wrote {path} in {time.perf_counter() - started:.0f} s")
    try:
        subprocess.run(
            [sys.executable, __file__, "--count-only", str(path)], check=True, cwd=Path.cwd()
        )
    finally:
        if made and not args.keep:
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
