"""The simulator's formatter writes lines exactly like the real ones, and they parse back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.storj_monitor.logs.parser import parse_line
from custom_components.storj_monitor.logs.records import (
    Compaction,
    Filewalker,
    OtherLine,
    PingFailure,
    Reputation,
    Retain,
    Transfer,
    TrashEmpty,
    UploadRejected,
    VersionInfo,
)
from storj_simulator.loglines import (
    Action,
    CompactionEvent,
    CompactionPhase,
    Encoder,
    KeyStyle,
    LazyFilewalkerEvent,
    LogStyle,
    Outcome,
    Phase,
    PingFailed,
    ReputationUpdate,
    RetainEvent,
    RetainPhase,
    TimeFormat,
    TransferFinished,
    TransferStarted,
    TrashEmptyEvent,
    UsedSpaceFilewalkerEvent,
    VersionReport,
    Walker,
    format_event,
    format_events,
    generate_events,
    go_duration,
    human_bytes,
    is_logged,
)

from .conftest import fixture_lines

PACIFIC = timezone(timedelta(hours=-7))
V137 = LogStyle.for_version("1.137.5", debug=True)


def _real(name: str, needle: str) -> str:
    return next(line for line in fixture_lines(name) if needle in line)


@pytest.mark.parametrize(
    ("event", "needle"),
    [
        (
            TransferStarted(
                time=datetime(2025, 10, 6, 0, 0, 14, tzinfo=PACIFIC),
                action=Action.PUT,
                piece_id="GTJ5PJF7Z6XBF4CJCNIWRGR74PZ6Q7QF72K3ML3Y4PWHWILKYS2A",
                satellite_id="121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6",
                remote_address="207.211.208.129:37358",
                available_space=14478332563968,
            ),
            'upload started\t{"Process": "storagenode", "Piece ID": "GTJ5',
        ),
        (
            TransferFinished(
                time=datetime(2025, 10, 6, 0, 0, 14, tzinfo=PACIFIC),
                action=Action.PUT,
                outcome=Outcome.SUCCESS,
                piece_id="GTJ5PJF7Z6XBF4CJCNIWRGR74PZ6Q7QF72K3ML3Y4PWHWILKYS2A",
                satellite_id="121RTSDpyNZVcEU84Ticf2L1ntiuUimbWgfATz21tuvgk3vzoA6",
                remote_address="207.211.208.129:37358",
                size=9472,
            ),
            'uploaded\t{"Process": "storagenode", "Piece ID": "GTJ5',
        ),
        (
            TransferFinished(
                time=datetime(2025, 10, 6, 0, 0, 16, tzinfo=PACIFIC),
                action=Action.GET_AUDIT,
                outcome=Outcome.SUCCESS,
                piece_id="37Y5MPPBNKI3J3JCEHQXCY35ZMA2ZWGICHBHJZ24RWUEUSSISOPA",
                satellite_id="12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
                remote_address="34.4.34.124:41159",
                size=256,
                offset=673280,
            ),
            'downloaded\t{"Process": "storagenode", "Piece ID": "37Y5',
        ),
        (
            TransferFinished(
                time=datetime(2025, 10, 6, 0, 0, 41, tzinfo=PACIFIC),
                action=Action.GET,
                outcome=Outcome.CANCELED,
                piece_id="I2OWNEKDJDTV2FHKMGRV5IKXSLJLHZOVDLTDKC65CUC2AGEMOMQQ",
                satellite_id="12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S",
                remote_address="79.127.219.33:50960",
                size=362496,
                offset=1452800,
                reason=(
                    "downloaded size (327680 bytes) does not match received message size "
                    "(362496 bytes)"
                ),
            ),
            "I2OWNEKDJDTV2FHKMGRV5IKXSLJLHZOVDLTDKC65CUC2AGEMOMQQ",
        ),
        (
            ReputationUpdate(
                time=datetime(2025, 10, 6, 9, 22, 59, tzinfo=PACIFIC),
                satellite_id="12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
                total_audits=3029169,
                successful_audits=3008640,
                audit_score=0.9999999958136795,
                online_score=0.9815947959552287,
                suspension_score=1.0,
                audit_delta=-0.0000000041863205,
                online_delta=-0.00010513905924195,
                suspension_delta=0.0,
                worsened=True,
            ),
            'Total Audits": 3029169',
        ),
        (
            TrashEmptyEvent(
                time=datetime(2025, 10, 6, 21, 20, 52, tzinfo=PACIFIC),
                phase=Phase.COMPLETED,
                satellite_id="12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
                elapsed=timedelta(microseconds=346280),
            ),
            None,  # checked below against the exact real text
        ),
        (
            LazyFilewalkerEvent(
                time=datetime(2025, 10, 6, 17, 44, 49, tzinfo=PACIFIC),
                walker=Walker.GC,
                phase=Phase.STARTED,
                satellite_id="12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
            ),
            "gc-filewalker\tstarting subprocess",
        ),
        (
            RetainEvent(
                time=datetime(2025, 10, 6, 17, 44, 49, tzinfo=PACIFIC),
                phase=RetainPhase.BLOOMFILTER_RECEIVED,
                satellite_id="12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs",
                created_before=datetime(2025, 10, 6, 14, 56, tzinfo=UTC),
            ),
            "New bloomfilter is received",
        ),
        (
            VersionReport(time=datetime(2025, 10, 6, 9, 20, 52, tzinfo=PACIFIC), version="1.137.5"),
            "Running on allowed version.",
        ),
    ],
)
def test_formats_real_v137_lines_exactly(event: object, needle: str | None) -> None:
    """Byte-for-byte equal to lines captured from a real v1.137.5 node."""
    line = format_event(event, V137)  # type: ignore[arg-type]
    if needle is None:
        expected = (
            "2025-10-06T21:20:52-07:00\tINFO\tpieces:trash\temptying trash finished\t"
            '{"Process": "storagenode", "Satellite ID": '
            '"12L9ZFwhzVpuEKMUNUqkaTLGzwY9G24tbiigLiXpmZWKwmcNDDs", "elapsed": "346.28ms"}'
        )
        assert line == expected  # the real line has "346.279855ms": Go prints all digits
        return
    real = _real("v1.137.5_console_sample_arrogantrabbit.log", needle)
    if "Total Audits" in needle:
        # Deltas of the real line were not captured in full; compare up to them.
        assert line.split(', "Audit Score Delta"')[0] == real.split(', "Audit Score Delta"')[0]
        return
    assert line == real


def test_formats_real_updater_and_used_space_lines() -> None:
    """4-column updater line (v1.142.7) and the used-space completion (v1.109)."""
    updater = VersionReport(
        time=datetime(2025, 12, 21, 15, 18, 24, tzinfo=UTC), version="1.142.7", updater=True
    )
    assert (
        format_event(updater, LogStyle())
        == fixture_lines("v1.142.7_console_docker_blog-gfw-cgnat.log")[0]
    )
    used_space = UsedSpaceFilewalkerEvent(
        time=datetime(2024, 10, 4, 17, 6, 49, tzinfo=timezone(timedelta(hours=1))),
        phase=Phase.COMPLETED,
        satellite_id="1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
        lazy=False,
        total_pieces_size=20239669504,
        total_content_size=20225746688,
        total_pieces_count=27193,
        duration=timedelta(hours=6, minutes=33, seconds=38, microseconds=100032),
    )
    real = fixture_lines("historical_2019-2024_from_issues.log")[44]
    assert format_event(used_space, LogStyle()) == real.replace("38.100032256s", "38.100032s")


def test_json_encoder_matches_real_line() -> None:
    """``log.encoding: json``, 2021 (no Process field then, so compare the rest)."""
    event = TransferStarted(
        time=datetime(2021, 2, 4, 15, 47, 50, 240000, tzinfo=UTC),
        action=Action.GET,
        piece_id="H5MHLOAWQBOZKVABCF5SXROFFON2HSKZNSMFJSICIRDEFNRKZVBA",
        satellite_id="1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE",
        remote_address="1.2.3.4:5",
    )
    style = LogStyle.for_version("1.22.2", encoder=Encoder.JSON)
    line = format_event(event, style)
    (real,) = fixture_lines("json_encoder_2021_fmoledina.jsonl")
    # Same line plus the Process field (v1.53+) and the v1.72+ download fields.
    with_process = real.replace(
        '"M":"download started",', '"M":"download started","Process":"storagenode",'
    )
    assert line.startswith(with_process.removesuffix("}") + ',"Offset":0,"Size":0,')
    assert style.time_format is TimeFormat.MILLIS
    assert not style.start_lines_debug


def test_styles_by_version() -> None:
    """The version → style table of the reference."""
    assert LogStyle.for_version("v1.83.2").time_format is TimeFormat.MILLIS
    assert LogStyle.for_version("1.84.0").time_format is TimeFormat.SECONDS
    assert LogStyle.for_version("1.145.9").keys is KeyStyle.TITLE
    assert LogStyle.for_version("1.146.0").keys is KeyStyle.SNAKE
    assert LogStyle.for_version("1.115.1").start_lines_debug is False
    assert LogStyle.for_version("1.116.0").start_lines_debug is True


def test_snake_case_line() -> None:
    """v1.146+: every Title Case key renamed (derived from source: no real capture exists)."""
    event = TransferFinished(
        time=datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC),
        action=Action.PUT,
        outcome=Outcome.SUCCESS,
        piece_id="P" * 52,
        satellite_id="S",
        remote_address="1.2.3.4:5",
        size=9472,
    )
    assert format_event(event, LogStyle.for_version("1.146.0")) == (
        '2026-01-05T12:00:00Z\tINFO\tpiecestore\tuploaded\t{"process": "storagenode", "piece_id": "'
        + "P" * 52
        + '", "satellite_id": "S", "action": "PUT", "remote_address": "1.2.3.4:5", "size": 9472}'
    )


def test_debug_lines_are_dropped_without_debug() -> None:
    """Start lines (DEBUG since v1.116) and quiet upload failures need log.level debug."""
    events = list(generate_events(400, seed=3))
    quiet = LogStyle()
    loud = LogStyle(debug=True)
    assert len(list(format_events(events, loud))) == 400
    kept = list(format_events(events, quiet))
    assert len(kept) == sum(is_logged(event, quiet) for event in events) < 400
    assert not any("\tDEBUG\t" in line for line in kept)


def test_value_formats() -> None:
    """Go durations and storj memory sizes as the node prints them."""
    assert go_duration(timedelta(hours=6, minutes=51, seconds=0.498222)) == "6h51m0.498222s"
    assert go_duration(timedelta(minutes=10)) == "10m0s"
    assert go_duration(0.000162857) == "162.857µs"
    assert go_duration(0.0) == "0s"
    assert go_duration(5e-7) == "500ns"
    assert human_bytes(0) == "0 B"
    assert human_bytes(int(548.6 * 2**20)) == "548.6 MiB"
    assert human_bytes(int(0.8 * 2**30)) == "0.8 GiB"
    assert human_bytes(100) == "100 B"


def test_generator_is_seeded_and_pairs_transfers() -> None:
    """Same seed, same events; every started transfer ends within the n events."""
    first = list(generate_events(2_000, seed=11))
    assert first == list(generate_events(2_000, seed=11))
    assert first != list(generate_events(2_000, seed=12))
    open_transfers: dict[tuple[str, str, str], int] = {}
    for event in first:
        if isinstance(event, TransferStarted):
            key = (event.piece_id, event.action, event.remote_address)
            open_transfers[key] = open_transfers.get(key, 0) + 1
        elif isinstance(event, TransferFinished):
            key = (event.piece_id, event.action, event.remote_address)
            open_transfers[key] -= 1
    assert all(count == 0 for count in open_transfers.values())
    assert len(first) == 2_000


@pytest.mark.parametrize(
    "style",
    [
        LogStyle(debug=True),
        LogStyle.for_version("1.146.2", debug=True),
        LogStyle.for_version("1.146.2", encoder=Encoder.JSON, debug=True),
        LogStyle.for_version("1.60.1", encoder=Encoder.JSON, debug=True),
        LogStyle.for_version("1.60.1", debug=True),
    ],
    ids=["title", "snake", "snake-json", "millis-json", "millis"],
)
def test_every_generated_kind_parses_back(style: LogStyle) -> None:
    """Each event kind, in every style, becomes the matching record."""
    events = list(generate_events(6_000, seed=5, background_rate=0.05))
    expected_types = {
        TransferStarted: Transfer,
        TransferFinished: Transfer,
        ReputationUpdate: Reputation,
        PingFailed: PingFailure,
        VersionReport: VersionInfo,
        RetainEvent: Retain,
        LazyFilewalkerEvent: Filewalker,
        UsedSpaceFilewalkerEvent: Filewalker,
        TrashEmptyEvent: TrashEmpty,
        CompactionEvent: Compaction,
    }
    seen = set()
    for event in events:
        record = parse_line(format_event(event, style))
        assert record is not None
        assert record.time == pytest.approx(
            event.time.timestamp(), abs=1e-3 if style.time_format is TimeFormat.MILLIS else 1
        )
        wanted = expected_types.get(type(event))
        if wanted is None:
            assert isinstance(record, (OtherLine, UploadRejected))
        else:
            assert isinstance(record, wanted)
        seen.add(type(event))
        if isinstance(event, TransferFinished):
            assert isinstance(record, Transfer)
            assert (
                record.action,
                record.status.value,
                record.piece_id,
                record.satellite,
                record.remote_address,
            ) == (
                event.action,
                event.outcome.value,
                event.piece_id,
                event.satellite_id,
                event.remote_address,
            )
            assert record.size == event.size
        if isinstance(event, CompactionEvent) and event.phase is CompactionPhase.REWRITTEN:
            assert isinstance(record, Compaction)
            assert record.reclaimed_bytes == pytest.approx(event.reclaimed_bytes, rel=0.05)
    assert set(expected_types) <= seen
