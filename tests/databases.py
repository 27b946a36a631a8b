"""Recorder tests on every database Home Assistant supports: SQLite, PostgreSQL, MariaDB.

A test module opts in by importing `recorder_db_url`: it overrides the fixture of
pytest-homeassistant-custom-component and runs the module's recorder tests three times, with
the ids `sqlite`, `postgresql` and `mysql`, each on a fresh database of the session's server
(tests/database_servers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, suppress
import itertools
import os

import pytest

from .database_servers import Server

DATABASES = ("sqlite", "postgresql", "mysql")
_names = itertools.count()


@pytest.fixture(params=DATABASES)
def recorder_db_url(
    request: pytest.FixtureRequest, hass_fixture_setup: list[bool]
) -> Iterator[str]:
    """The recorder's database: in-memory SQLite, or a fresh database on a real server."""
    assert not hass_fixture_setup
    if request.param == "sqlite":
        yield "sqlite://"
        return
    request.getfixturevalue("socket_enabled")  # the server and the recorder talk over TCP
    server: Server = request.getfixturevalue(f"{request.param}_server")
    name = f"recorder_{os.getpid()}_{next(_names)}"
    with closing(server.connect()) as admin, closing(admin.cursor()) as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    yield server.url(name)
    with closing(server.connect()) as admin, closing(admin.cursor()) as cursor:
        if request.param == "postgresql":
            # The recorder may leave a pooled connection behind a failed test.
            with suppress(Exception):
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (name,),
                )
        cursor.execute(f"DROP DATABASE {name}")
