"""Log lines written by the simulator agree with its API state."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
import io
import json
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
import pytest

from storj_simulator import SimulatedCluster, run_simulator
from storj_simulator.loglines import Encoder, KeyStyle, LogStyle

US1 = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _console(line: str) -> tuple[str, str, str, dict[str, object]]:
    """(time, level, message, fields) of a console line with a logger column."""
    columns = line.split("\t")
    return columns[0], columns[1], columns[-2], json.loads(columns[-1])


async def test_rate_and_default_style(
    cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """About `lines_per_second` lines per simulated second, v1.162 spelling, INFO level."""
    node = cluster.nodes[0]
    stream = io.StringIO()
    writer = node.log_writer(stream, lines_per_second=20)
    freezer.tick(timedelta(seconds=30))
    written = writer.write_until()
    lines = stream.getvalue().splitlines()
    assert written == len(lines) == writer.lines_written
    assert 540 <= written <= 600
    levels = {_console(line)[1] for line in lines}
    assert "DEBUG" not in levels
    fields = _console(lines[0])[3]
    assert fields["process"] == "storagenode"
    assert "satellite_id" in fields
    assert writer.write_until() == 0


async def test_failing_audits_match_falling_score(
    cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """Under `audit_failing` only the affected satellite's audits fail, and the hourly
    score lines carry exactly the scores the API reports."""
    node = cluster.nodes[0]
    stream = io.StringIO()
    writer = node.log_writer(stream, style=LogStyle(keys=KeyStyle.TITLE), lines_per_second=5)
    await node.set_scenario("audit_failing")
    freezer.tick(timedelta(hours=3))
    writer.write_until()
    parsed = [_console(line) for line in stream.getvalue().splitlines()]
    failed_audits = [
        fields
        for _time, _level, message, fields in parsed
        if message == "download failed" and fields["Action"] == "GET_AUDIT"
    ]
    assert failed_audits
    assert {fields["Satellite ID"] for fields in failed_audits} == {US1}
    assert {fields["error"] for fields in failed_audits} == {"file does not exist"}
    audits_elsewhere = [
        fields
        for _time, _level, message, fields in parsed
        if fields.get("Action") == "GET_AUDIT" and fields["Satellite ID"] != US1
    ]
    assert all(fields.get("error") is None for fields in audits_elsewhere)
    scores = [
        (datetime.fromisoformat(time), level, fields)
        for time, level, message, fields in parsed
        if message.startswith("node scores")
    ]
    us1_scores = [entry for entry in scores if entry[2]["Satellite ID"] == US1]
    assert len(us1_scores) == 3
    for moment, level, fields in us1_scores:
        api = node.state(moment).scores(node.satellites[0])
        assert fields["Audit Score"] == pytest.approx(api.audit)
        assert fields["Audit Score Delta"] < 0
        assert level == "WARN"
    assert [entry[2]["Audit Score"] for entry in us1_scores] == sorted(
        (entry[2]["Audit Score"] for entry in us1_scores), reverse=True
    )


async def test_offline_is_silent_then_starts_up(
    cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """Nothing is logged while offline; coming back logs the start-up lines."""
    node = cluster.nodes[0]
    stream = io.StringIO()
    writer = node.log_writer(stream, lines_per_second=2)
    await node.set_scenario("offline")
    went_down = node.now()
    freezer.tick(timedelta(minutes=20))
    await node.set_scenario("healthy")
    came_back = node.now()
    freezer.tick(timedelta(minutes=1))
    writer.write_until()
    lines = stream.getvalue().splitlines()
    times = [datetime.fromisoformat(line.split("\t")[0]) for line in lines]
    assert not [t for t in times if went_down < t < came_back]
    startup = [line for line in lines if "started" in line and node.node_id in line]
    assert len(startup) == 1
    assert startup[0].split("\t")[2] == f"Node {node.node_id} started"


async def test_json_encoder_and_debug_level(
    cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """JSON lines with L/T/N/M keys; DEBUG shows the transfer start lines."""
    node = cluster.nodes[0]
    stream = io.StringIO()
    style = LogStyle(encoder=Encoder.JSON, keys=KeyStyle.TITLE, debug=True)
    writer = node.log_writer(stream, style=style, lines_per_second=10)
    freezer.tick(timedelta(seconds=20))
    writer.write_until()
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert {"L", "T", "N", "M", "Process"} <= set(records[0])
    messages = {record["M"] for record in records}
    assert {"upload started", "download started"} & messages
    assert "DEBUG" in {record["L"] for record in records}
    starts = {r["Piece ID"] for r in records if r["M"].endswith("started")}
    ends = {r["Piece ID"] for r in records if not r["M"].endswith("started") and "Piece ID" in r}
    assert ends <= starts
    assert all(len(piece) == 52 and set(piece) <= set(BASE32) for piece in starts)


async def test_background_writer_appends_to_file(tmp_path: Path) -> None:
    """`async with` writes in the background at real time, flushes on exit, closes the file."""
    path = tmp_path / "node.log"
    async with run_simulator(1) as cluster:
        async with cluster.nodes[0].log_writer(path, lines_per_second=500) as writer:
            # Real time on purpose: the writer follows the simulation clock.
            await asyncio.sleep(0.3)
            assert writer.lines_written > 0
    text = path.read_text()
    assert text.endswith("\n")
    assert len(text.splitlines()) == writer.lines_written > 50


async def test_popular_pieces_are_downloaded_again(
    cluster: SimulatedCluster, freezer: FrozenDateTimeFactory
) -> None:
    """A few pieces take one download in ten: the log's hot pieces are real repeats."""
    node = cluster.nodes[0]
    stream = io.StringIO()
    writer = node.log_writer(stream, lines_per_second=50)
    freezer.tick(timedelta(minutes=10))
    writer.write_until()
    downloads: dict[str, int] = {}
    for line in stream.getvalue().splitlines():
        _, _, message, fields = _console(line)
        if message == "downloaded" and fields.get("action") == "GET":
            piece = str(fields["piece_id"])
            downloads[piece] = downloads.get(piece, 0) + 1
    repeated = {piece: count for piece, count in downloads.items() if count > 1}
    assert 1 <= len(repeated) <= 8
    assert 0.05 < sum(repeated.values()) / sum(downloads.values()) < 0.2
