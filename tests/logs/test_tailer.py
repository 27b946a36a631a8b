"""File tailer over real files: start at end, rotation, truncation, restart-resume, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import json
import os
from pathlib import Path

from custom_components.storj_monitor.logs.tailer import LogTailer, TailPosition


def _append(path: Path, *lines: str, newline: bool = True) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + ("\n" if newline else ""))


async def _drain(tailer: LogTailer) -> list[str]:
    """Everything readable right now (several chunks if needed)."""
    lines: list[str] = []
    for _ in range(100):
        batch = await tailer.read_available()
        if not batch:
            # One more poll notices a rotation that happened at end of file.
            batch = await tailer.read_available()
            if not batch:
                return lines
        lines += batch
    raise AssertionError("tailer never ran dry")


@asynccontextmanager
async def _tailing(path: Path, **kwargs: object) -> AsyncIterator[LogTailer]:
    tailer = LogTailer(path, **kwargs)  # type: ignore[arg-type]
    try:
        yield tailer
    finally:
        await tailer.aclose()


async def test_starts_at_end_and_follows(tmp_path: Path) -> None:
    """First use skips history, then yields appended lines; partial lines wait."""
    log = tmp_path / "node.log"
    _append(log, "old 1", "old 2")
    async with _tailing(log) as tailer:
        assert await _drain(tailer) == []
        _append(log, "new 1", "new 2")
        _append(log, "half", newline=False)
        assert await _drain(tailer) == ["new 1", "new 2"]
        _append(log, " done")
        assert await _drain(tailer) == ["half done"]
        position = tailer.position
        assert position is not None
        assert position.offset == log.stat().st_size


async def test_missing_file_is_waited_for(tmp_path: Path) -> None:
    """No file yet: nothing, no error; once it appears it is read from its end."""
    log = tmp_path / "later.log"
    async with _tailing(log) as tailer:
        assert await _drain(tailer) == []
        assert tailer.position is None
        _append(log, "before open")
        assert await _drain(tailer) == []
        _append(log, "after open")
        assert await _drain(tailer) == ["after open"]


async def test_rotation_by_rename(tmp_path: Path) -> None:
    """logrotate: old file renamed (and finished by the writer), a new file created."""
    log = tmp_path / "node.log"
    log.touch()
    async with _tailing(log) as tailer:
        await _drain(tailer)
        _append(log, "a1", "a2")
        assert await _drain(tailer) == ["a1", "a2"]
        log.rename(tmp_path / "node.log.1")
        _append(tmp_path / "node.log.1", "a3")  # the node still had the old file open
        _append(log, "b1", "b2")
        assert await _drain(tailer) == ["a3", "b1", "b2"]
        assert tailer.rotations == 1
        _append(log, "b3")
        assert await _drain(tailer) == ["b3"]


async def test_rotation_by_truncate(tmp_path: Path) -> None:
    """copytruncate: the same file emptied in place."""
    log = tmp_path / "node.log"
    log.touch()
    async with _tailing(log) as tailer:
        await _drain(tailer)
        _append(log, "first line that is long enough", "second")
        assert await _drain(tailer) == ["first line that is long enough", "second"]
        with log.open("w", encoding="utf-8"):
            pass
        assert await _drain(tailer) == []
        _append(log, "after")
        assert await _drain(tailer) == ["after"]
        assert tailer.rotations == 1


async def test_restart_resumes_without_double_counting(tmp_path: Path) -> None:
    """The stored position (JSON round trip) resumes right after the last line handed out."""
    log = tmp_path / "node.log"
    log.touch()
    async with _tailing(log) as tailer:
        await _drain(tailer)
        _append(log, *(f"line {i}" for i in range(5)))
        seen = await _drain(tailer)
        _append(log, "half", newline=False)
        seen += await _drain(tailer)
        stored = json.dumps(tailer.position.as_dict())  # type: ignore[union-attr]
    # Down for a while: the node keeps writing.
    _append(log, " line", "line 6")
    position = TailPosition.from_dict(json.loads(stored))
    assert position is not None
    async with _tailing(log, position=position) as tailer:
        seen += await _drain(tailer)
    assert seen == [*(f"line {i}" for i in range(5)), "half line", "line 6"]


async def test_resume_after_rotation_while_down(tmp_path: Path) -> None:
    """Stored position names a file that was rotated away: read the new file from the top."""
    log = tmp_path / "node.log"
    _append(log, "x" * 100)
    stat = log.stat()
    position = TailPosition(stat.st_dev, stat.st_ino, stat.st_size, "0" * 64, 64)
    log.rename(tmp_path / "node.log.1")
    _append(log, "fresh 1", "fresh 2")
    async with _tailing(log, position=position) as tailer:
        assert await _drain(tailer) == ["fresh 1", "fresh 2"]


async def test_resume_after_rewrite_in_place(tmp_path: Path) -> None:
    """Same inode but other content (truncated and refilled while down): fingerprint decides."""
    log = tmp_path / "node.log"
    _append(log, "original content of the log")
    async with _tailing(log) as tailer:
        await _drain(tailer)
        position = tailer.position
    assert position is not None
    with log.open("w", encoding="utf-8") as handle:
        handle.write("REPLACED content, longer than before\nnext\n")
    async with _tailing(log, position=position) as tailer:
        assert await _drain(tailer) == ["REPLACED content, longer than before", "next"]


async def test_catchup_is_bounded(tmp_path: Path) -> None:
    """After a long stop only the last ``max_catchup`` bytes are read, from a line start."""
    log = tmp_path / "node.log"
    log.touch()
    async with _tailing(log) as tailer:
        await _drain(tailer)
        position = tailer.position
    _append(log, *(f"{i:09d}" for i in range(10_000)))  # 100,000 bytes
    async with _tailing(log, position=position, max_catchup=1_005, chunk_size=256) as tailer:
        lines = await _drain(tailer)
        assert lines == [f"{i:09d}" for i in range(9_900, 10_000)]
        assert tailer.skipped_bytes == 100_000 - 1_000


async def test_overlong_line_is_dropped(tmp_path: Path) -> None:
    """A line longer than ``max_line_length`` does not grow memory without bound."""
    log = tmp_path / "node.log"
    log.touch()
    async with _tailing(log, max_line_length=100, chunk_size=64) as tailer:
        await _drain(tailer)
        _append(log, "y" * 1000, "ok")
        lines = await _drain(tailer)
        assert lines[-1] == "ok"
        assert all(len(line) <= 100 for line in lines)
        assert tailer.skipped_bytes > 0


async def test_async_iteration(tmp_path: Path) -> None:
    """``async for line in tailer`` follows writes made while iterating."""
    log = tmp_path / "node.log"
    log.touch()
    tailer = LogTailer(log, poll_interval=0.01)
    received: list[str] = []
    got_all = asyncio.Event()

    async def consume() -> None:
        async for line in tailer:
            received.append(line)
            if len(received) == 3:
                got_all.set()

    task = asyncio.create_task(consume())
    await tailer.read_available()  # opens the file at its end
    _append(log, "1", "2", "3")
    await asyncio.wait_for(got_all.wait(), timeout=10)
    await tailer.aclose()
    await asyncio.wait_for(task, timeout=10)
    assert received == ["1", "2", "3"]


def test_position_from_bad_data() -> None:
    """Corrupt stored data is ignored, not fatal."""
    assert TailPosition.from_dict(None) is None
    assert TailPosition.from_dict({"device": 1}) is None
    assert (
        TailPosition.from_dict(
            {"device": "x", "inode": 1, "offset": 1, "fingerprint": "", "fingerprint_size": 0}
        )
        is None
    )
    good = TailPosition(1, 2, 3, "ab", 2)
    assert TailPosition.from_dict(good.as_dict()) == good
    assert os.sep  # keep os imported for platform-neutral paths
