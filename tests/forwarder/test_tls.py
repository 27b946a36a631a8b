"""TLS: a self-signed certificate trusted by CA or by pinned fingerprint."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from pathlib import Path
import ssl

import pytest

from custom_components.storj_monitor.logs.forwarder_client import (
    ClientTiming,
    ForwarderClient,
    TlsSettings,
)

from .conftest import TIMEOUT, TOKEN, StartForwarder, append, make_certificate

FAST = ClientTiming(connect_timeout=2.0, backoff_initial=0.01, backoff_max=0.05)


def fingerprint_of(cert_path: Path) -> str:
    """SHA-256 of the certificate, formatted as the forwarder logs it."""
    der = ssl.PEM_cert_to_DER_cert(cert_path.read_text())
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, 64, 2))


async def start_tls_forwarder(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> tuple[int, Path, str]:
    """A TLS forwarder; returns its port, certificate and the fingerprint it logged."""
    cert, key = make_certificate(tmp_path)
    forwarder = await start_forwarder(
        "--file", str(log_file), "--token", TOKEN, "--tls-cert", str(cert), "--tls-key", str(key)
    )
    logged = await forwarder.wait_for_log("TLS certificate SHA-256: ")
    return forwarder.port, cert, logged.rsplit(" ", 1)[1]


async def stream_one_line(client: ForwarderClient, log_file: Path) -> str:
    """Connect, write a line to the log, return what arrives."""
    connected = asyncio.Event()
    client.add_listener(lambda: connected.set() if client.connected else None)
    async with contextlib.aclosing(client.lines()) as lines:
        first = asyncio.ensure_future(anext(lines))
        async with asyncio.timeout(TIMEOUT):
            await connected.wait()
            append(log_file, "over tls")
            return await first


async def test_tls_with_the_certificate_as_ca(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> None:
    """The self-signed certificate is the trust anchor; its name (127.0.0.1) is checked."""
    port, cert, logged_fingerprint = await start_tls_forwarder(start_forwarder, log_file, tmp_path)
    assert logged_fingerprint == fingerprint_of(cert)
    client = ForwarderClient(
        "127.0.0.1", port, token=TOKEN, tls=TlsSettings(ca_pem=cert.read_text()), timing=FAST
    )

    assert await stream_one_line(client, log_file) == "over tls"


async def test_tls_with_a_pinned_fingerprint(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> None:
    """The fingerprint the forwarder logs at start-up is all the client needs."""
    port, _, logged_fingerprint = await start_tls_forwarder(start_forwarder, log_file, tmp_path)
    client = ForwarderClient(
        "127.0.0.1",
        port,
        token=TOKEN,
        tls=TlsSettings(fingerprint=logged_fingerprint),
        timing=FAST,
    )

    assert await stream_one_line(client, log_file) == "over tls"


@pytest.mark.parametrize("trust", ["fingerprint", "ca"])
async def test_tls_rejects_another_certificate(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path, trust: str
) -> None:
    """A forwarder with a different certificate (an impostor) is refused, every time.

    Anyone at the address can present a certificate, so the refusal does not end the stream:
    the client reports why and keeps trying (slowly) until the real forwarder answers.
    """
    port, _, _ = await start_tls_forwarder(start_forwarder, log_file, tmp_path)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other_cert, _ = make_certificate(other_dir, "impostor")
    tls = (
        TlsSettings(fingerprint=fingerprint_of(other_cert))
        if trust == "fingerprint"
        else TlsSettings(ca_pem=other_cert.read_text())
    )
    client = ForwarderClient("127.0.0.1", port, token=TOKEN, tls=tls, timing=FAST)
    refusals = 0

    def count_refusals() -> None:
        nonlocal refusals
        if client.last_error and "certificate" in client.last_error:
            refusals += 1
            if refusals >= 2:
                refused.set()

    refused = asyncio.Event()
    client.add_listener(count_refusals)
    async with contextlib.aclosing(client.lines()) as lines:
        pending = asyncio.ensure_future(anext(lines))
        async with asyncio.timeout(TIMEOUT):
            await refused.wait()
        assert not pending.done()  # no line ever came from the impostor
        assert not client.connected
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pending


async def test_plain_client_gets_nothing_from_a_tls_forwarder(
    start_forwarder: StartForwarder, log_file: Path, tmp_path: Path
) -> None:
    """Without TLS the client cannot talk to a TLS forwarder: it keeps retrying, reporting why."""
    port, _, _ = await start_tls_forwarder(start_forwarder, log_file, tmp_path)
    timing = ClientTiming(connect_timeout=0.2, backoff_initial=0.01, backoff_max=0.05)
    client = ForwarderClient("127.0.0.1", port, token=TOKEN, timing=timing)
    failed = asyncio.Event()
    client.add_listener(lambda: failed.set() if client.last_error else None)

    async with contextlib.aclosing(client.lines()) as lines:
        pending = asyncio.ensure_future(anext(lines))
        async with asyncio.timeout(TIMEOUT):
            await failed.wait()
        assert not client.connected
        assert client.last_error == "timed out connecting to the forwarder"
        pending.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pending


def test_tls_settings_refuse_to_trust_anything() -> None:
    """TLS without a CA or a fingerprint would accept any certificate: refused."""
    with pytest.raises(ValueError, match="CA certificate or a certificate fingerprint"):
        TlsSettings()
    with pytest.raises(ValueError, match="64 hex digits"):
        TlsSettings(fingerprint="AB:CD")
