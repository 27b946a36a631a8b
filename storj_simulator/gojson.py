"""Encode values the way the node's Go `json.Encoder` does.

Go differs from Python's `json` in ways clients must cope with: integral floats have no
decimal point (`1`, not `1.0`), large floats stay positional up to 1e21, `<`, `>` and `&`
are escaped, and every body ends with a newline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
import json

type GoValue = (
    bool | int | float | str | datetime | Sequence[GoValue] | Mapping[str, GoValue] | None
)

ZERO_TIME = "0001-01-01T00:00:00Z"

_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def go_time(value: datetime, *, extra_nanos: int = 0) -> str:
    """Format like Go's `time.Time` JSON (RFC 3339, up to 9 fraction digits, zeros trimmed).

    Python keeps microseconds; `extra_nanos` (0-999) supplies the digits Go would have.
    """
    utc = value.astimezone(UTC)
    nanos = utc.microsecond * 1000 + extra_nanos
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if nanos:
        text += "." + f"{nanos:09d}".rstrip("0")
    return text + "Z"


def go_float(value: float) -> str:
    """Format a float64 with Go's `encoding/json` rules."""
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        mantissa, exponent = repr(value).split("e")
        sign = exponent[0]
        return f"{mantissa}e{sign}{exponent[1:].lstrip('0')}"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def encode(value: GoValue) -> str:
    """Return the compact JSON text of `value`, without the trailing newline."""
    return "".join(_parts(value))


def encode_body(value: GoValue) -> bytes:
    """Return a complete response body as `json.NewEncoder(w).Encode(value)` writes it."""
    return (encode(value) + "\n").encode()


def _string(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    for char, escape in _HTML_ESCAPES.items():
        encoded = encoded.replace(char, escape)
    return encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _parts(value: GoValue) -> list[str]:
    match value:
        case None:
            return ["null"]
        case bool():
            return ["true" if value else "false"]
        case int():
            return [str(value)]
        case float():
            return [go_float(value)]
        case str():
            return [_string(value)]
        case datetime():
            return [_string(go_time(value))]
        case Mapping():
            parts = ["{"]
            for index, (key, item) in enumerate(value.items()):
                if index:
                    parts.append(",")
                parts.append(_string(key))
                parts.append(":")
                parts.extend(_parts(item))
            parts.append("}")
            return parts
        case _:
            parts = ["["]
            for index, item in enumerate(value):
                if index:
                    parts.append(",")
                parts.extend(_parts(item))
            parts.append("]")
            return parts
