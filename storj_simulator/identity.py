"""Storj identifiers (base58check node IDs) and the simulator's deterministic randomness.

Node and satellite IDs are 32 bytes shown as base58check with version byte 0, like
`storj.io/common/storj.NodeID`. Real node IDs end in zero bits (proof of work), so
generated ones do too.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
import hashlib
import uuid

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ALPHABET_INDEX = {char: index for index, char in enumerate(_ALPHABET)}
_ID_LENGTH = 32
_VERSION = 0


class InvalidNodeIDError(ValueError):
    """The text is not a base58check node ID."""


def _canonical(part: object) -> object:
    """A value whose repr is the same under frozen time: `FakeDatetime(...)` and
    `datetime(...)` are equal and must give the same digest (and share `unit`'s cache)."""
    if isinstance(part, datetime | date):
        return part.isoformat()
    if isinstance(part, tuple):
        return tuple(_canonical(item) for item in part)
    return part


def digest(*parts: object, size: int = 32) -> bytes:
    """Return bytes that depend only on `parts` (the simulator's only source of randomness)."""
    return hashlib.blake2b(repr(_canonical(parts)).encode(), digest_size=size).digest()


@lru_cache(maxsize=1 << 16)
def unit(*parts: object) -> float:
    """Return a float in [0, 1) that depends only on `parts` (cached: history asks often)."""
    return int.from_bytes(digest(*parts, size=8)) / 2**64


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def encode_node_id(raw: bytes) -> str:
    """Return the base58check text of a 32-byte ID."""
    payload = bytes([_VERSION]) + raw
    data = payload + _checksum(payload)
    number = int.from_bytes(data)
    text = ""
    while number:
        number, remainder = divmod(number, 58)
        text = _ALPHABET[remainder] + text
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + text


def decode_node_id(text: str) -> bytes:
    """Return the 32 raw bytes of a base58check node ID, or raise `InvalidNodeIDError`."""
    number = 0
    for char in text:
        if char not in _ALPHABET_INDEX:
            raise InvalidNodeIDError("invalid format: invalid base58 character")
        number = number * 58 + _ALPHABET_INDEX[char]
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8) if number else b""
    data = b"\0" * leading_zeros + body
    if len(data) < 5:
        raise InvalidNodeIDError("invalid format: version and/or checksum bytes missing")
    payload, checksum = data[:-4], data[-4:]
    if _checksum(payload) != checksum:
        raise InvalidNodeIDError("checksum error")
    if payload[0] != _VERSION or len(payload) != _ID_LENGTH + 1:
        raise InvalidNodeIDError("not enough bytes to make a node id")
    return payload[1:]


def is_node_id(text: str) -> bool:
    """Return whether `text` is a well-formed node ID."""
    try:
        decode_node_id(text)
    except InvalidNodeIDError:
        return False
    return True


def new_node_id(*seed: object) -> str:
    """Return a realistic node ID (trailing zero bytes) derived from `seed`."""
    return encode_node_id(digest("node-id", *seed, size=_ID_LENGTH - 3) + b"\0\0\0")


def stable_uuid(*seed: object) -> str:
    """Return a version-4 UUID string derived from `seed`."""
    return str(uuid.UUID(bytes=digest("uuid", *seed, size=16), version=4))


def hex_hash(*seed: object) -> str:
    """Return a 32-byte hash as `0x`-prefixed hex (transaction hashes, wallets)."""
    return "0x" + digest("hex", *seed).hex()
