"""Real PostgreSQL and MariaDB servers for the recorder tests (a pytest plugin).

Each server starts once per session, on 127.0.0.1 in a temporary folder, with durability
off (the data is thrown away); tests/databases.py gives every test a fresh database on it.
The servers and their Python drivers come from script/provision-databases and
requirements_test.txt; where they are missing, the tests on that database skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
import glob
import os
from pathlib import Path
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any

import pytest

STARTUP_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Server:
    """A running database server: URLs for one database, and its admin connection."""

    url: Callable[[str], str]
    connect: Callable[[], Any]
    """DB-API connection with autocommit, for CREATE/DROP DATABASE."""


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(process: subprocess.Popen[bytes], connect: Callable[[], Any], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"database server exited with {process.returncode}:\n{log.read_text()}")
        try:
            connect().close()
        except Exception:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"database server did not answer in time:\n{log.read_text()}")
            time.sleep(0.2)  # real time: a separate process is starting
        else:
            return


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _run_as() -> dict[str, Any]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` account."""
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no `postgres` account to run PostgreSQL as")
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Server]:
    """PostgreSQL on 127.0.0.1 with trust authentication, for this session."""
    binaries = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    psycopg2 = pytest.importorskip("psycopg2", reason="psycopg2 is not installed")
    if not binaries:
        pytest.skip("PostgreSQL is not installed (script/provision-databases)")
    bin_dir = Path(binaries[-1])
    run_as = _run_as()
    # Not under pytest's own 0700 temp folder: the `postgres` account must reach it.
    root = Path(tempfile.mkdtemp(prefix="storj-monitor-postgres-"))
    if run_as:
        os.chown(root, run_as["user"], run_as["group"])
    data, log = root / "data", root / "server.log"
    subprocess.run(
        [bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--no-sync", "--no-instructions"],
        check=True, capture_output=True, **run_as,
    )  # fmt: skip
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [bin_dir / "postgres", "-D", data, "-h", "127.0.0.1", "-p", str(port), "-k", root,
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            stdout=output, stderr=subprocess.STDOUT, **run_as,
        )  # fmt: skip

    def connect() -> Any:
        connection = psycopg2.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres"
        )
        connection.autocommit = True
        return connection

    try:
        _wait_until_up(process, connect, log)
        yield Server(lambda name: f"postgresql://postgres@127.0.0.1:{port}/{name}", connect)
    finally:
        _stop(process)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def mysql_server() -> Iterator[Server]:
    """MariaDB on 127.0.0.1, root without a password, for this session."""
    mysqldb = pytest.importorskip("MySQLdb", reason="mysqlclient is not installed")
    server = shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin")
    install_db = shutil.which("mariadb-install-db")
    if server is None or install_db is None:
        pytest.skip("MariaDB is not installed (script/provision-databases)")
    root = Path(tempfile.mkdtemp(prefix="storj-monitor-mariadb-"))
    data, log, sock = root / "data", root / "server.log", root / "mysqld.sock"
    user = pwd.getpwuid(os.geteuid()).pw_name
    subprocess.run(
        [install_db, "--no-defaults", f"--datadir={data}", f"--user={user}",
         "--auth-root-authentication-method=normal", "--skip-test-db"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [server, "--no-defaults", f"--datadir={data}", f"--user={user}",
             f"--socket={sock}", f"--port={port}", "--bind-address=127.0.0.1",
             f"--pid-file={root / 'mysqld.pid'}", "--skip-log-bin", "--skip-name-resolve",
             "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
             "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci"],
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def connect_socket() -> Any:
        return mysqldb.connect(unix_socket=str(sock), user="root")

    def connect() -> Any:
        connection = mysqldb.connect(host="127.0.0.1", port=port, user="root")
        connection.autocommit(True)
        return connection

    try:
        _wait_until_up(process, connect_socket, log)
        # `--skip-name-resolve`: root@localhost is the socket only; allow root over TCP too.
        with closing(connect_socket()) as admin, closing(admin.cursor()) as cursor:
            cursor.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'")
            cursor.execute("GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION")
        yield Server(lambda name: f"mysql://root@127.0.0.1:{port}/{name}?charset=utf8mb4", connect)
    finally:
        _stop(process)
        shutil.rmtree(root, ignore_errors=True)
