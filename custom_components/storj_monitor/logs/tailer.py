"""Follow a growing log file without blocking the event loop.

All file I/O runs in an executor thread, in bounded chunks. The tailer survives rotation by
rename (it finishes the old file, then opens the new one) and by truncation (copytruncate), starts
at the end of the file on first use and reports a :class:`TailPosition` that the caller stores, so a
restart resumes exactly after the last line it handed out: no line counted twice, and never more
than ``max_catchup`` bytes re-read after a long stop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Self

if TYPE_CHECKING:
    from concurrent.futures import Executor

FINGERPRINT_SIZE = 64  # bytes at the start of the file that identify it across restarts


@dataclass(frozen=True, slots=True)
class TailPosition:
    """Where reading stopped, and which file that was."""

    device: int
    inode: int
    offset: int  # bytes consumed: the end of the last line handed out
    fingerprint: str  # sha256 of the first ``fingerprint_size`` bytes
    fingerprint_size: int

    def as_dict(self) -> dict[str, int | str]:
        """JSON-ready form for persistent storage."""
        return {
            "device": self.device,
            "inode": self.inode,
            "offset": self.offset,
            "fingerprint": self.fingerprint,
            "fingerprint_size": self.fingerprint_size,
        }

    @classmethod
    def from_dict(cls, data: object) -> Self | None:
        """Rebuild a stored position; ``None`` if the data is not one."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                device=int(data["device"]),
                inode=int(data["inode"]),
                offset=int(data["offset"]),
                fingerprint=str(data["fingerprint"]),
                fingerprint_size=int(data["fingerprint_size"]),
            )
        except KeyError, TypeError, ValueError:
            return None


def _fingerprint(handle: BinaryIO) -> tuple[str, int]:
    handle.seek(0)
    head = handle.read(FINGERPRINT_SIZE)
    return hashlib.sha256(head).hexdigest(), len(head)


@dataclass(slots=True)
class _OpenFile:
    handle: BinaryIO
    device: int
    inode: int
    offset: int
    fingerprint: str
    fingerprint_size: int


class LogTailer:
    """Async iterator over the lines appended to a log file (``async for line in tailer``)."""

    def __init__(
        self,
        path: Path | str,
        *,
        position: TailPosition | None = None,
        poll_interval: float = 1.0,
        chunk_size: int = 256 * 1024,
        max_catchup: int = 64 * 1024 * 1024,
        max_line_length: int = 1024 * 1024,
        executor: Executor | None = None,
    ) -> None:
        """Tail ``path``; resume from ``position`` (a stored :attr:`position`) if given."""
        self._path = Path(path)
        self._resume = position
        self._poll_interval = poll_interval
        self._chunk_size = chunk_size
        self._max_catchup = max_catchup
        self._max_line_length = max_line_length
        self._executor = executor
        self._file: _OpenFile | None = None
        self._partial = b""
        self._discarding = False  # inside a line longer than max_line_length
        self._started = False
        self._closed = False
        self._reading = asyncio.Lock()
        self._in_flight: asyncio.Future[list[str]] | None = None
        self.skipped_bytes = 0  # given up on: catch-up limit or over-long lines
        self.rotations = 0

    @property
    def position(self) -> TailPosition | None:
        """Where a restart should resume (``None`` before the file was first opened)."""
        current = self._file
        if current is None:
            return self._resume
        return TailPosition(
            current.device,
            current.inode,
            current.offset - len(self._partial),
            current.fingerprint,
            current.fingerprint_size,
        )

    @property
    def is_open(self) -> bool:
        """True while the log file is open (it existed and was readable)."""
        return self._file is not None

    def __aiter__(self) -> AsyncIterator[str]:
        """Iterate the lines (same shape as the forwarder client's ``lines()``)."""
        return self.lines()

    async def lines(self) -> AsyncIterator[str]:
        """Yield lines forever, polling for new data every ``poll_interval`` seconds."""
        while not self._closed:
            batch = await self.read_available()
            for line in batch:
                yield line
            if not batch:
                await asyncio.sleep(self._poll_interval)

    async def read_available(self) -> list[str]:
        """Read complete lines appended since the last call (about one chunk at a time)."""
        loop = asyncio.get_running_loop()
        async with self._reading:
            self._in_flight = loop.run_in_executor(self._executor, self._read_chunk)
            return await self._in_flight

    async def aclose(self) -> None:
        """Stop iterating and release the file (after any read in progress)."""
        self._closed = True
        # A cancelled reader leaves its executor read running: let it finish before closing.
        if self._in_flight is not None:
            await asyncio.wait([self._in_flight])
        async with self._reading:
            if self._file is not None:
                self._resume = self.position  # still readable after closing
                self._file.handle.close()
                self._file = None

    # --- executor side ------------------------------------------------------------------------

    def _read_chunk(self) -> list[str]:
        if self._closed:
            return []
        if self._file is None and not self._open():
            return []
        current = self._file
        assert current is not None
        # Keep reading while only a partial line came in (bounded by max_line_length).
        while True:
            data = current.handle.read(self._chunk_size)
            if not data:
                self._check_rotation(current)
                return []
            current.offset += len(data)
            lines = self._split(data)
            if lines:
                return lines

    def _open(self) -> bool:
        try:
            handle: BinaryIO = self._path.open("rb")
        except OSError:
            return False
        stat = os.fstat(handle.fileno())
        fingerprint, fingerprint_size = _fingerprint(handle)
        start = self._start_offset(stat, handle, fingerprint)
        self._file = _OpenFile(
            handle, stat.st_dev, stat.st_ino, start, fingerprint, fingerprint_size
        )
        self._started = True
        handle.seek(start)
        if start and start != stat.st_size and self._skip_to_line_start(handle):
            self._file.offset = handle.tell()
        return True

    def _start_offset(self, stat: os.stat_result, handle: BinaryIO, fingerprint: str) -> int:
        size = stat.st_size
        resume = self._resume
        self._resume = None
        if self._started:
            return 0  # a file that appeared after rotation: all of it is new
        if resume is None:
            return size  # first use: only what is written from now on
        same_file = resume.device == stat.st_dev and resume.inode == stat.st_ino
        if same_file and resume.offset <= size:
            handle.seek(0)
            head = handle.read(resume.fingerprint_size)
            if hashlib.sha256(head).hexdigest() == resume.fingerprint:
                return self._bounded(resume.offset, size)
        # Rotated or truncated while we were away: everything in this file is unread.
        return self._bounded(0, size)

    def _bounded(self, offset: int, size: int) -> int:
        if size - offset <= self._max_catchup:
            return offset
        self.skipped_bytes += size - self._max_catchup - offset
        return size - self._max_catchup

    def _skip_to_line_start(self, handle: BinaryIO) -> bool:
        # After jumping into the middle of a file, drop the cut first line.
        handle.seek(handle.tell() - 1)
        if handle.read(1) == b"\n":
            return False
        line = handle.readline()
        self.skipped_bytes += len(line)
        return True

    def _check_rotation(self, current: _OpenFile) -> None:
        try:
            stat = self._path.stat()
        except OSError:
            return  # renamed away and not yet recreated: keep the old handle
        if (stat.st_dev, stat.st_ino) != (current.device, current.inode):
            # Renamed: the old handle is drained (we just hit its end); switch files.
            current.handle.close()
            self._file = None
            self._partial = b""
            self._discarding = False
            self.rotations += 1
            self._open()
        elif stat.st_size < current.offset:
            # Truncated in place (copytruncate): start over from the top.
            current.handle.seek(0)
            current.offset = 0
            self._partial = b""
            self._discarding = False
            current.fingerprint, current.fingerprint_size = _fingerprint(current.handle)
            current.handle.seek(0)
            self.rotations += 1
        elif (
            current.fingerprint_size < FINGERPRINT_SIZE and stat.st_size > current.fingerprint_size
        ):
            # The file was tiny when opened: widen its fingerprint now that it grew.
            position = current.handle.tell()
            current.fingerprint, current.fingerprint_size = _fingerprint(current.handle)
            current.handle.seek(position)

    def _split(self, data: bytes) -> list[str]:
        if self._discarding:
            # Inside an over-long line: skip to its end.
            newline = data.find(b"\n")
            if newline < 0:
                self.skipped_bytes += len(data)
                return []
            self.skipped_bytes += newline + 1
            data = data[newline + 1 :]
            self._discarding = False
        pieces = (self._partial + data).split(b"\n")
        partial = pieces.pop()
        if len(partial) > self._max_line_length:
            self.skipped_bytes += len(partial)
            partial = b""
            self._discarding = True
        self._partial = partial
        return [piece.decode("utf-8", "replace").rstrip("\r") for piece in pieces]
