"""zap's console and JSON encoders, as a storage node configures them.

The node builds its logger in storj.io/common ``process/logging.go``: keys ``T``/``L``/``N``/``C``/
``M``/``S``, ``CapitalLevelEncoder``, ``RFC3339TimeEncoder`` (seconds; millisecond ISO 8601 before
v1.84), ``StringDurationEncoder`` (Go's ``Duration.String()``), ``ShortCallerEncoder``, caller off.
The encoders follow go.uber.org/zap v1.28.0 ``zapcore/console_encoder.go`` and
``zapcore/json_encoder.go``:

* console: time, level, [logger], [caller] and the message joined by TABs, written raw (no
  escaping), then a TAB and the fields as a JSON object with ``": "`` and ``", "`` separators; no
  fields, no object;
* JSON: one compact object, ``L``, ``T``, ``N``, ``C``, ``M`` first, then the fields in order;
* strings escape only ``\\``, ``"`` and bytes below 0x20 (``\\n``, ``\\r``, ``\\t``, else
  ``\\u00XX``); non-ASCII stays as is (``µs``);
* floats use ``strconv.AppendFloat(f, 'f', -1, 64)``: shortest digits, never an exponent; NaN and
  infinities become the strings ``"NaN"``, ``"+Inf"``, ``"-Inf"``;
* ``zap.Any`` structs are marshalled by Go's ``encoding/json`` (compact): pass them as
  ``RawJson``; objects zap marshals itself (e.g. piecemigrate's ``active`` map) as ``ZapObject``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
import math

__all__ = [
    "FieldValue",
    "Fields",
    "RawJson",
    "TimeFormat",
    "ZapObject",
    "encode_console",
    "encode_json",
    "format_time",
    "go_duration",
    "json_string",
    "json_value",
]


class TimeFormat(StrEnum):
    """Format of the time column."""

    MILLIS = "millis"  # up to v1.83: zap ISO8601TimeEncoder, 2022-03-23T06:01:04.710+0100
    SECONDS = "seconds"  # from v1.84: zap RFC3339TimeEncoder, 2025-10-06T00:00:14-07:00


class RawJson(str):
    """A field value that is already JSON text (zap.Any structs such as hashstore ``stats``)."""

    __slots__ = ()


class ZapObject(tuple[tuple[str, "FieldValue"], ...]):
    """A nested object written by zap itself (an ObjectMarshaler): same separators as its line."""

    __slots__ = ()


type FieldValue = str | int | float | bool | RawJson | ZapObject | Sequence[int] | None
type Fields = list[tuple[str, FieldValue]]


def go_duration(value: timedelta | float) -> str:
    """Format like Go's ``time.Duration.String()``: ``6h51m0.498222511s``, ``346.279855ms``."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    nanos = round(seconds * 1e9)
    sign = "-" if nanos < 0 else ""
    nanos = abs(nanos)
    if nanos == 0:
        return "0s"
    if nanos < 1_000:
        return f"{sign}{nanos}ns"
    if nanos < 1_000_000:
        return f"{sign}{_fraction(nanos, 1_000)}µs"
    if nanos < 1_000_000_000:
        return f"{sign}{_fraction(nanos, 1_000_000)}ms"
    hours, rest = divmod(nanos, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = f"{_fraction(rest, 1_000_000_000)}s"
    if hours:
        return f"{sign}{hours}h{minutes}m{text}"
    if minutes:
        return f"{sign}{minutes}m{text}"
    return f"{sign}{text}"


def _fraction(value: int, unit: int) -> str:
    whole, frac = divmod(value, unit)
    if not frac:
        return str(whole)
    digits = len(str(unit)) - 1
    return f"{whole}.{frac:0{digits}d}".rstrip("0")


def format_time(moment: datetime, time_format: TimeFormat) -> str:
    """The time column (and ``zap.Time`` fields) in the node's time encoder."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    offset = moment.utcoffset() or timedelta()
    if time_format is TimeFormat.MILLIS:
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
        return stamp + ("Z" if not offset else moment.strftime("%z"))
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if not offset:
        return stamp + "Z"
    zone = moment.strftime("%z")
    return f"{stamp}{zone[:3]}:{zone[3:]}"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_string(text: str) -> str:
    """A JSON string literal escaped like zap's ``safeAddString``."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # the common case: nothing to escape
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " ":
            out.append(f"\\u00{ord(char):02x}")
        elif "\ud800" <= char <= "\udfff":
            out.append("\\ufffd")  # invalid UTF-8 (a lone surrogate here)
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _go_float(value: float) -> str:
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"+Inf"' if value > 0 else '"-Inf"'
    text = format(Decimal(repr(value)), "f")
    return text.removesuffix(".0") if text.endswith(".0") else text


def json_value(value: FieldValue, *, spaced: bool) -> str:
    """One field value as zap's JSON encoder writes it."""
    if isinstance(value, RawJson):
        return str(value)
    if isinstance(value, ZapObject):
        return "{" + _object_body(list(value), spaced=spaced) + "}"
    if isinstance(value, str):
        return json_string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    # Slices go through zap's array encoder: same separators as the object around them.
    separator = ", " if spaced else ","
    return "[" + separator.join(json_value(item, spaced=spaced) for item in value) + "]"


def _object_body(fields: Fields, *, spaced: bool) -> str:
    colon, comma = (": ", ", ") if spaced else (":", ",")
    return comma.join(
        f"{json_string(key)}{colon}{json_value(value, spaced=spaced)}" for key, value in fields
    )


def encode_console(
    time: str | None,
    level: str,
    logger: str,
    message: str,
    fields: Fields,
    *,
    caller: str = "",
) -> str:
    """A console-encoder line (without the line ending)."""
    columns = [column for column in (time, level, logger, caller) if column]
    line = "\t".join([*columns, message])
    if not fields:
        return line
    return f"{line}\t{{{_object_body(fields, spaced=True)}}}"


def encode_json(
    time: str | None,
    level: str,
    logger: str,
    message: str,
    fields: Fields,
    *,
    caller: str = "",
) -> str:
    """A JSON-encoder line (without the line ending)."""
    head: Fields = [("L", level)]
    if time is not None:
        head.append(("T", time))
    if logger:
        head.append(("N", logger))
    if caller:
        head.append(("C", caller))
    head.append(("M", message))
    return "{" + _object_body([*head, *fields], spaced=False) + "}"
