"""Turning what a user types into the base URL of a node's dashboard API."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

DEFAULT_PORT = 14002
_HOST_NAME = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$")


def normalize_base_url(user_input: str, default_port: int = DEFAULT_PORT) -> str:
    """`host`, `host:port`, `http://host:port/`, `[::1]:14002`, ... to `http://host:port`.

    An `https://` scheme is kept (for a TLS reverse proxy); the port defaults to
    `default_port` whatever the scheme. Raises ValueError for anything that is not
    a bare host address (paths, queries, credentials, bad ports, invalid host names).
    """
    text = user_input.strip()
    if "://" not in text:
        if _is_ipv6(text):  # a bare IPv6 address: its colons are not a port separator
            text = f"[{text}]"
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise ValueError(f"not a valid address: {user_input!r} ({err})") from err
    host = parts.hostname
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"not a valid address: {user_input!r} (use http:// or https://)")
    if not host or not (_is_ip(host) or _HOST_NAME.fullmatch(host)):
        raise ValueError(f"not a valid address: {user_input!r} (no valid host name)")
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"not a valid address: {user_input!r} (give only host and port)")
    if port == 0:
        raise ValueError(f"not a valid address: {user_input!r} (port 0)")
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port or default_port}"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True
