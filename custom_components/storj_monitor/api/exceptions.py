"""Errors raised by the Storj node API client.

Every failure reaches the caller as a `StorjError` subclass; the client never lets a bare
`KeyError`, `TypeError`, `ValueError` or an aiohttp exception escape.
"""

from __future__ import annotations


class StorjError(Exception):
    """Base class of every error raised by this package."""


class StorjConnectionError(StorjError):
    """The node could not be reached (refused, reset, DNS failure, dropped connection)."""


class StorjTimeoutError(StorjConnectionError):
    """The node did not answer within the request timeout."""


class StorjHTTPError(StorjError):
    """The node answered with an HTTP error status.

    `message` is the node's own `{"error": "..."}` text when it sent one, else the HTTP reason.
    """

    def __init__(self, status: int, message: str, *, endpoint: str = "") -> None:
        prefix = f"{endpoint}: " if endpoint else ""
        super().__init__(f"{prefix}HTTP {status}: {message}")
        self.status = status
        self.message = message
        self.endpoint = endpoint


class StorjInvalidResponseError(StorjError):
    """The node answered 2xx but the body is not the JSON this endpoint documents.

    Covers non-JSON bodies, the HTML dashboard page a Storj node serves for unknown paths,
    and missing or mistyped fields (`detail` names the field, e.g. `satellites[1].url`).
    """

    def __init__(self, endpoint: str, detail: str) -> None:
        super().__init__(f"{endpoint}: {detail}")
        self.endpoint = endpoint
        self.detail = detail


class StorjUnsupportedVersionError(StorjError):
    """The node speaks a recognisable but unsupported (too old) version of the API."""

    def __init__(self, endpoint: str, detail: str) -> None:
        super().__init__(f"{endpoint}: {detail}")
        self.endpoint = endpoint
        self.detail = detail
