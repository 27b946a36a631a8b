"""Go JSON encoding and Storj identifiers."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from storj_simulator.gojson import encode, encode_body, go_float, go_time
from storj_simulator.identity import (
    InvalidNodeIDError,
    decode_node_id,
    encode_node_id,
    is_node_id,
    new_node_id,
)
from storj_simulator.satellites import KNOWN_SATELLITES


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (0.0, "0"),
        (15.479999999999999, "15.479999999999999"),
        (0.9994903307112822, "0.9994903307112822"),
        (1.5e16, "15000000000000000"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (-2.5, "-2.5"),
    ],
)
def test_floats_like_go(value: float, text: str) -> None:
    """Integral floats lose the decimal point; exponents only outside [1e-6, 1e21)."""
    assert go_float(value) == text


def test_body_is_compact_escaped_and_newline_terminated() -> None:
    """json.Encoder output: no spaces, HTML escaped, nil as null, trailing newline."""
    body = encode_body({"a": [None, True, 1, 2.0], "b": "<&>"})
    assert body == b'{"a":[null,true,1,2],"b":"\\u003c\\u0026\\u003e"}\n'


def test_times_like_go() -> None:
    """RFC 3339 with up to nine fraction digits, trailing zeros trimmed, UTC as Z."""
    moment = datetime(2023, 2, 9, 11, 2, 2, 808318, tzinfo=UTC)
    assert go_time(moment, extra_nanos=399) == "2023-02-09T11:02:02.808318399Z"
    assert go_time(datetime(2023, 2, 1, tzinfo=UTC)) == "2023-02-01T00:00:00Z"
    assert go_time(datetime(2023, 2, 1, 0, 0, 0, 500000, tzinfo=UTC)) == "2023-02-01T00:00:00.5Z"
    assert encode({"t": datetime(2023, 2, 1, tzinfo=UTC)}) == '{"t":"2023-02-01T00:00:00Z"}'


# Directory names of the satellites' blobs folders, seen in real logs (reference §10).
BLOBS_DIRS = {
    "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S": (
        "ukfu6bhbboxilvt7jrwlqk7y2tapb5d2r2tsmj2sjxvw5qaaaaaa"
    ),
    "1wFTAgs9DP5RSnCqKV1eLf6N9wtk4EAtmN5DpSxcs8EjT69tGE": (
        "pmw6tvzmf2jv6giyybmmvl4o2ahqlaldsaeha4yx74n5aaaaaaaa"
    ),
}


def test_real_satellite_ids_decode() -> None:
    """Every known satellite ID is valid base58check and round-trips."""
    for satellite_id in KNOWN_SATELLITES:
        raw = decode_node_id(satellite_id)
        assert len(raw) == 32
        assert encode_node_id(raw) == satellite_id
    for satellite_id, blobs in BLOBS_DIRS.items():
        raw = decode_node_id(satellite_id)
        assert base64.b32encode(raw).decode().lower().rstrip("=") == blobs


def test_invalid_ids_are_rejected() -> None:
    """A wrong checksum (the ID in a withdrawn docs page) or junk is not a node ID."""
    assert not is_node_id("12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFHpkmw2GT1RtLUod")
    with pytest.raises(InvalidNodeIDError, match="base58"):
        decode_node_id("0OIl")
    with pytest.raises(InvalidNodeIDError):
        decode_node_id("abc")


def test_generated_ids_are_valid_and_reproducible() -> None:
    """Generated node IDs are valid, end in zero bytes and depend only on the seed."""
    node_id = new_node_id(0, 1)
    assert is_node_id(node_id)
    assert decode_node_id(node_id).endswith(b"\0\0\0")
    assert new_node_id(0, 1) == node_id != new_node_id(1, 1)


def test_randomness_is_the_same_under_frozen_time() -> None:
    """A frozen clock's datetimes (FakeDatetime) must not change the simulator's numbers."""
    from datetime import UTC, datetime

    from freezegun.api import FakeDatetime

    from storj_simulator.identity import digest, unit

    real = datetime(2026, 11, 1, tzinfo=UTC)
    frozen = FakeDatetime(2026, 11, 1, tzinfo=UTC)
    assert repr(real) != repr(frozen)
    assert digest(0, frozen) == digest(0, real)
    assert unit(7, frozen) == unit(7, real)
