"""A throwaway PostgreSQL server for tests and local trials: fresh data folder, loopback only.

    with running_server() as server:          # from Python (pytest)
        env = {**os.environ, **server.env()}  # ROI_TARGET=postgres + ROI_PG_* for loader and dbt

    # from a shell: prints exports
    python -m python_helpers.devtools.pg_server start --dir /tmp/roi-pg
    python -m python_helpers.devtools.pg_server stop --dir /tmp/roi-pg

Uses Debian's `postgresql` binaries (/usr/lib/postgresql/<version>/bin, not on PATH; install with
`apt-get install postgresql` or `scripts/ensure_postgres.sh`). PostgreSQL refuses to run as root,
so as root `initdb` and `pg_ctl` run as the `postgres` user. The server listens on 127.0.0.1 only,
on a free port, with its unix socket inside its own folder; `initdb` + start + role + database take
about a second. Durability is switched off (fsync, synchronous_commit): the data is disposable.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

SUPERUSER = "postgres"
STATE_FILE = "server.json"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin holding initdb (ROI_PG_BIN_DIR overrides)."""
    override = os.environ.get("ROI_PG_BIN_DIR")
    if override:
        return Path(override)
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        found = shutil.which("initdb")
        if found:
            return Path(found).parent
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found: run scripts/ensure_postgres.sh "
            "(apt-get install -y postgresql)"
        )
    newest = max(candidates, key=lambda path: int(Path(path).parent.parent.name.split(".")[0]))
    return Path(newest).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PgServer:
    """A running server: where it lives and how to reach it."""

    root: str
    bin_dir: str
    port: int
    user: str
    password: str
    database: str
    host: str = "127.0.0.1"

    @property
    def data_dir(self) -> Path:
        return Path(self.root) / "data"

    @property
    def socket_dir(self) -> Path:
        return Path(self.root) / "socket"

    def env(self, schema: str = "analytics") -> dict[str, str]:
        """Environment variables the profile's `postgres` output and the loader read."""
        return {
            "ROI_TARGET": "postgres",
            "ROI_PG_HOST": self.host,
            "ROI_PG_PORT": str(self.port),
            "ROI_PG_USER": self.user,
            "ROI_PG_DATABASE": self.database,
            "ROI_PG_SCHEMA": schema,
            "ROI_PG_SSLMODE": "disable",
            "DBT_ENV_SECRET_ROI_PG_PASSWORD": self.password,
        }

    def connect(self, user: str | None = None, password: str | None = None, database: str = ""):
        """A psycopg2 connection over TCP as `user` (default: the build role)."""
        import psycopg2

        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=user or self.user,
            password=self.password if password is None else password,
            dbname=database or self.database,
            sslmode="disable",
        )

    def superuser_connect(self, database: str = "postgres"):
        """A psycopg2 connection as the superuser through the unix socket (trust auth)."""
        import psycopg2

        return psycopg2.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=database
        )

    def create_login_role(self, name: str, password: str) -> None:
        """A login role that owns nothing (e.g. the BI role the marts are granted to)."""
        with contextlib.closing(self.superuser_connect()) as con:
            con.autocommit = True
            with con.cursor() as cursor:
                cursor.execute("select 1 from pg_roles where rolname = %s", [name])
                verb = "alter" if cursor.fetchone() else "create"
                cursor.execute(f'{verb} role "{name}" login password %s', [password])


def _as_postgres_user() -> list[str]:
    """Prefix that runs a command as `postgres` when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return []
    candidates = [shutil.which("runuser"), "/usr/sbin/runuser", "/sbin/runuser"]
    runuser = next((path for path in candidates if path and Path(path).exists()), None)
    if runuser is None:
        raise PostgresUnavailable("running as root needs runuser (util-linux) to start PostgreSQL")
    return [runuser, "-u", SUPERUSER, "--"]


def _run(command: list[str]) -> None:
    command = [*_as_postgres_user(), *command]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {completed.returncode}:\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
        )


def _make_root(base: str | None) -> Path:
    """A fresh folder directly under the temp dir (its parents must be traversable by postgres)."""
    root = Path(tempfile.mkdtemp(prefix="roi-pg-", dir=base))
    (root / "socket").mkdir()
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SUPERUSER)
        for path in (root, root / "socket"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    root.chmod(0o700)
    return root


def start(
    base: str | None = None,
    user: str = "roi",
    database: str = "roi",
    password: str | None = None,
    attempts: int = 3,
) -> PgServer:
    """initdb a fresh cluster, start it on 127.0.0.1:<free port>, create the build role and db.
    On any failure the half-made server is stopped and its folder removed."""
    bin_dir = find_bin_dir()
    root = _make_root(base)
    try:
        return _init_and_start(root, bin_dir, user, database, password, attempts)
    except BaseException:
        stop(PgServer(str(root), str(bin_dir), 0, user, "", database))
        raise


def _init_and_start(
    root: Path, bin_dir: Path, user: str, database: str, password: str | None, attempts: int
) -> PgServer:
    password = password or secrets.token_urlsafe(16)
    _run(
        [
            str(bin_dir / "initdb"),
            "--pgdata",
            str(root / "data"),
            "--username",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]
    )
    last_error: Exception | None = None
    for _ in range(attempts):
        port = free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} "
            f"-c unix_socket_directories={root / 'socket'} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c timezone=UTC -c max_connections=40"
        )
        try:
            _run(
                [
                    str(bin_dir / "pg_ctl"),
                    "--pgdata",
                    str(root / "data"),
                    "--log",
                    str(root / "server.log"),
                    "--options",
                    options,
                    "--wait",
                    "--timeout=30",
                    "start",
                ]
            )
            break
        except RuntimeError as error:  # port taken between probe and bind: try another
            last_error = error
    else:
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")
    server = PgServer(str(root), str(bin_dir), port, user, password, database)
    with contextlib.closing(server.superuser_connect()) as con:
        con.autocommit = True
        with con.cursor() as cursor:
            cursor.execute(f'create role "{user}" login password %s', [password])
            cursor.execute(f'create database "{database}" owner "{user}"')
    (root / STATE_FILE).write_text(json.dumps(asdict(server)))
    return server


def stop(server: PgServer, remove: bool = True) -> None:
    """Stop the server (fast shutdown) and remove its folder."""
    data = Path(server.root) / "data"
    if data.exists():
        with contextlib.suppress(RuntimeError):
            _run(
                [
                    str(Path(server.bin_dir) / "pg_ctl"),
                    "--pgdata",
                    str(data),
                    "--mode=fast",
                    "--wait",
                    "stop",
                ]
            )
    if remove:
        shutil.rmtree(server.root, ignore_errors=True)


@contextlib.contextmanager
def running_server(base: str | None = None, **kwargs) -> Iterator[PgServer]:
    server = start(base, **kwargs)
    try:
        yield server
    finally:
        stop(server)


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m python_helpers.devtools.pg_server", description=__doc__
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start_parser = sub.add_parser("start", help="start a server; print `export` lines")
    start_parser.add_argument("--state", required=True, help="file to write the server's state to")
    start_parser.add_argument("--user", default="roi")
    start_parser.add_argument("--database", default="roi")
    stop_parser = sub.add_parser("stop", help="stop the server and remove its folder")
    stop_parser.add_argument("--state", required=True, help="the file `start` wrote")
    args = parser.parse_args(argv)
    state = Path(args.state)
    if args.command == "start":
        server = start(user=args.user, database=args.database)
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(json.dumps(asdict(server)))
        state.chmod(0o600)
        for key, value in server.env().items():
            print(f"export {key}={value}")
        print(f"# server folder {server.root}; stop with: {parser.prog} stop --state {state}")
        return 0
    if not state.exists():
        print(f"no server state at {state}", file=sys.stderr)
        return 1
    stop(PgServer(**json.loads(state.read_text())))
    state.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(_cli())
