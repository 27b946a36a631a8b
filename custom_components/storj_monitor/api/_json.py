"""Typed, path-aware access to decoded JSON.

Every accessor either returns a value of the promised type or raises
`StorjInvalidResponseError` naming the endpoint and the field (`satellites[2].url`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
import json
from typing import TypeIs

from .exceptions import StorjInvalidResponseError

_MISSING = object()
_MICRO = Decimal("0.000001")
CENTS = 2
"""Decimals of a dollar amount given in US cents."""
MICRO_USD = 6
"""Decimals of a dollar amount given in micro-USD."""


def decode_json(endpoint: str, body: bytes) -> object:
    """Decode a response body; floats become `Decimal` so money keeps the node's digits."""
    try:
        return json.loads(body, parse_float=Decimal, parse_constant=_reject_constant)
    # JSONDecodeError and UnicodeDecodeError are ValueErrors; absurd nesting recurses too deep.
    except (ValueError, RecursionError) as err:
        raise StorjInvalidResponseError(endpoint, f"body is not valid JSON ({err})") from err


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _describe(value: object) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return f"boolean {str(value).lower()}"
        case int() | Decimal():
            return f"number {value}"
        case str():
            return f"string {value[:40]!r}"
        case list():
            return "an array"
        case _:
            return "an object"


def _is_number(value: object) -> TypeIs[int | Decimal]:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def parse_time(value: str) -> datetime | None:
    """RFC 3339 (nanoseconds allowed) to an aware datetime; Go's zero time to None.

    Raises ValueError for anything else.
    """
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("timestamp without a time zone")
    return None if parsed.year == 1 else parsed


def to_usd(value: int | Decimal, decimals: int) -> Decimal:
    """Cents (2 decimals) or micro-dollars (6) to dollars, exactly as sent.

    Float noise such as `15.479999999999999` cents is rounded to the micro-dollar,
    the finest unit the node uses anywhere.
    """
    dollars = Decimal(value).scaleb(-decimals)
    rounded = dollars.quantize(_MICRO)
    return dollars if dollars == rounded else rounded


class JsonObject:
    """A JSON object from one endpoint, with typed accessors."""

    __slots__ = ("_data", "_path", "endpoint")

    def __init__(self, data: Mapping[str, object], endpoint: str, path: str = "") -> None:
        self._data = data
        self._path = path
        self.endpoint = endpoint

    @classmethod
    def root(cls, value: object, endpoint: str) -> JsonObject:
        """The top-level object of a response."""
        if not isinstance(value, dict):
            raise StorjInvalidResponseError(
                endpoint, f"expected a JSON object, got {_describe(value)}"
            )
        return cls(value, endpoint)

    def has(self, key: str) -> bool:
        """True if the key is present (even with a null value)."""
        return key in self._data

    def error(self, key: str, detail: str) -> StorjInvalidResponseError:
        """An invalid-response error about one field of this object."""
        return StorjInvalidResponseError(self.endpoint, f"field '{self._where(key)}': {detail}")

    def _where(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def _mistyped(self, key: str, expected: str, value: object) -> StorjInvalidResponseError:
        got = "it is missing" if value is _MISSING else f"got {_describe(value)}"
        return self.error(key, f"expected {expected}, {got}")

    # --- required values -------------------------------------------------------------

    def text(self, key: str) -> str:
        """A required string."""
        value = self._data.get(key, _MISSING)
        if not isinstance(value, str):
            raise self._mistyped(key, "a string", value)
        return value

    def integer(self, key: str) -> int:
        """A required integer."""
        value = self._data.get(key, _MISSING)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._mistyped(key, "an integer", value)
        return value

    def number(self, key: str) -> float:
        """A required number (Go sends integral floats without a decimal point)."""
        value = self._data.get(key, _MISSING)
        if not _is_number(value):
            raise self._mistyped(key, "a number", value)
        try:
            return float(value)
        except OverflowError as err:
            raise self.error(key, f"number {value} is out of range") from err

    def flag(self, key: str) -> bool:
        """A required boolean."""
        value = self._data.get(key, _MISSING)
        if not isinstance(value, bool):
            raise self._mistyped(key, "a boolean", value)
        return value

    def time(self, key: str) -> datetime:
        """A required, non-zero timestamp."""
        value = self.optional_time(key)
        if value is None:
            raise self._mistyped(key, "a timestamp", self._data.get(key, _MISSING))
        return value

    def usd(self, key: str, decimals: int) -> Decimal:
        """A required amount of money, converted to dollars."""
        value = self._data.get(key, _MISSING)
        if not _is_number(value):
            raise self._mistyped(key, "an amount of money", value)
        try:
            return to_usd(value, decimals)
        except InvalidOperation as err:
            raise self.error(key, f"amount {value} is out of range") from err

    def obj(self, key: str) -> JsonObject:
        """A required nested object."""
        value = self._data.get(key, _MISSING)
        if not isinstance(value, dict):
            raise self._mistyped(key, "an object", value)
        return JsonObject(value, self.endpoint, self._where(key))

    def objects(self, key: str, *, optional: bool = False) -> tuple[JsonObject, ...]:
        """A list of objects; `null` (a Go nil slice) is empty, absence only if `optional`."""
        value = self._data.get(key, None if optional else _MISSING)
        return array_of_objects(value, self.endpoint, self._where(key))

    def texts(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        """A list of strings; `null` is empty, absence only if `optional`."""
        value = self._data.get(key, None if optional else _MISSING)
        return array_of_texts(value, self.endpoint, self._where(key))

    # --- optional values: absent or null -> None ----------------------------------------

    def optional_text(self, key: str) -> str | None:
        """A string, or None."""
        return None if self._data.get(key) is None else self.text(key)

    def optional_integer(self, key: str) -> int | None:
        """An integer, or None."""
        return None if self._data.get(key) is None else self.integer(key)

    def optional_number(self, key: str) -> float | None:
        """A number, or None."""
        return None if self._data.get(key) is None else self.number(key)

    def optional_flag(self, key: str) -> bool | None:
        """A boolean, or None."""
        return None if self._data.get(key) is None else self.flag(key)

    def optional_usd(self, key: str, decimals: int) -> Decimal | None:
        """An amount of money in dollars, or None."""
        return None if self._data.get(key) is None else self.usd(key, decimals)

    def optional_obj(self, key: str) -> JsonObject | None:
        """A nested object, or None."""
        return None if self._data.get(key) is None else self.obj(key)

    def optional_time(self, key: str) -> datetime | None:
        """A timestamp; None when absent, null or Go's zero time."""
        value = self._data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._mistyped(key, "a timestamp", value)
        try:
            return parse_time(value)
        except ValueError as err:
            raise self._mistyped(key, "an RFC 3339 timestamp", value) from err


def array_of_objects(value: object, endpoint: str, path: str = "") -> tuple[JsonObject, ...]:
    """A JSON array of objects; `null` (a Go nil slice) is an empty tuple."""
    result = []
    for index, item in enumerate(_array(value, endpoint, path)):
        where = f"{path}[{index}]"
        if not isinstance(item, dict):
            raise StorjInvalidResponseError(
                endpoint, f"field '{where}': expected an object, got {_describe(item)}"
            )
        result.append(JsonObject(item, endpoint, where))
    return tuple(result)


def array_of_texts(value: object, endpoint: str, path: str = "") -> tuple[str, ...]:
    """A JSON array of strings; `null` is an empty tuple."""
    result = []
    for index, item in enumerate(_array(value, endpoint, path)):
        if not isinstance(item, str):
            raise StorjInvalidResponseError(
                endpoint, f"field '{path}[{index}]': expected a string, got {_describe(item)}"
            )
        result.append(item)
    return tuple(result)


def _array(value: object, endpoint: str, path: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        got = "it is missing" if value is _MISSING else f"got {_describe(value)}"
        where = f"field '{path}'" if path else "response"
        raise StorjInvalidResponseError(endpoint, f"{where}: expected an array, {got}")
    return value
