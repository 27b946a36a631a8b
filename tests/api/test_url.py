"""`normalize_base_url`: what users type in the config flow."""

from __future__ import annotations

import pytest

from custom_components.storj_monitor.api import normalize_base_url


@pytest.mark.parametrize(
    ("user_input", "expected"),
    [
        ("192.168.1.20", "http://192.168.1.20:14002"),
        ("  nas.local  ", "http://nas.local:14002"),
        ("NAS.Local:14003", "http://nas.local:14003"),
        ("storagenode_1", "http://storagenode_1:14002"),
        ("http://192.168.1.20:14002/", "http://192.168.1.20:14002"),
        ("http://node.example.org", "http://node.example.org:14002"),
        ("https://node.example.org:443", "https://node.example.org:443"),
        ("[::1]:14002", "http://[::1]:14002"),
        ("[fd00::5]", "http://[fd00::5]:14002"),
        ("::1", "http://[::1]:14002"),
        ("http://[::1]:15000/", "http://[::1]:15000"),
    ],
)
def test_accepted(user_input: str, expected: str) -> None:
    """Host, host:port, URLs and IPv6 in every usual spelling."""
    assert normalize_base_url(user_input) == expected


def test_default_port() -> None:
    """The caller chooses the port used when none is given."""
    assert normalize_base_url("10.0.0.2", default_port=8080) == "http://10.0.0.2:8080"


@pytest.mark.parametrize(
    "user_input",
    [
        "",
        "   ",
        "ftp://node:21",
        "http://",
        "node:port",
        "node:70000",
        "node:0",
        "http://node:14002/api/sno/",
        "node/dashboard",
        "http://node:14002/?x=1",
        "http://node:14002/#top",
        "http://user:pw@node:14002",
        "no spaces.example",
        "bad!host",
        "[::1",
        "-leading-dash",
    ],
)
def test_rejected(user_input: str) -> None:
    """Junk raises ValueError with the input in the message."""
    with pytest.raises(ValueError, match="not a valid address"):
        normalize_base_url(user_input)
