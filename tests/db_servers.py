"""Real PostgreSQL and MariaDB servers for the database tests, from the Debian packages.

Each server is initialised in a fresh temporary data directory, listens on a free
localhost port, runs as the unprivileged user ``nobody`` when the tests run as root
(both servers refuse to run as root), and is stopped and deleted afterwards.  The
packages are installed by ``scripts/system-deps.sh``; when a server binary is missing the
tests that need it are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: the password of the test accounts; given to the workbench through WORKBENCH_DB_PASSWORD
PASSWORD = "wb-test-Secret-7319"


@dataclass
class Server:
    kind: str
    port: int
    admin_url: str  # with the password, for loading data; never passed to the workbench
    url: str  # without the password, as a consultant types it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _owned_tempdir(prefix: str) -> tuple[Path, list[str]]:
    """A temporary folder the server user owns, and the command prefix to run as that user."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() != 0:
        return folder, []
    user = pwd.getpwnam("nobody")
    folder.chmod(0o755)
    os.chown(folder, user.pw_uid, user.pw_gid)
    return folder, ["runuser", "-u", "nobody", "--"]


def _run(cmd, **kwargs):
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed: {done.stderr.strip()[-2000:]}")
    return done


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@contextlib.contextmanager
def postgres():
    """A PostgreSQL server with a database ``shop`` and a password account ``scan``."""
    bindir = postgres_bin()
    folder, as_user = _owned_tempdir("wb-pg-")
    data, port = folder / "data", _free_port()
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD)
    if as_user:
        os.chown(pwfile, pwd.getpwnam("nobody").pw_uid, -1)
    try:
        _run(
            as_user
            + [
                bindir / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
            ]
        )
        _run(
            as_user
            + [
                bindir / "pg_ctl",
                "-D",
                data,
                "-l",
                folder / "log",
                "-w",
                "-t",
                "60",
                "start",
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB",
            ]
        )
        _run(
            as_user
            + [
                bindir / "psql",
                "-h",
                folder,
                "-p",
                str(port),
                "-U",
                "postgres",
                "-q",
                "-c",
                f"CREATE ROLE scan LOGIN SUPERUSER PASSWORD '{PASSWORD}'",
                "-c",
                "CREATE DATABASE shop",
            ]
        )
        yield Server(
            "postgresql",
            port,
            f"postgresql+psycopg://scan:{PASSWORD}@127.0.0.1:{port}/shop",
            f"postgresql://scan@127.0.0.1:{port}/shop",
        )
    finally:
        subprocess.run(
            as_user + [bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True, timeout=60
        )
        shutil.rmtree(folder, ignore_errors=True)


def mariadb_bin() -> str | None:
    return shutil.which("mariadbd") or (shutil.which("mariadbd", path="/usr/sbin:/usr/libexec"))


@contextlib.contextmanager
def mariadb():
    """A MariaDB server with a database ``shop`` and a password account ``scan``."""
    server = mariadb_bin()
    folder, as_user = _owned_tempdir("wb-maria-")
    data, port, sock = folder / "data", _free_port(), folder / "mysqld.sock"
    user = ["--user=nobody"] if as_user else []
    process = None
    try:
        _run(
            [
                "mariadb-install-db",
                "--no-defaults",
                f"--datadir={data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *user,
            ],
            cwd=folder,
        )
        process = subprocess.Popen(
            [
                server,
                "--no-defaults",
                f"--datadir={data}",
                f"--socket={sock}",
                f"--port={port}",
                "--bind-address=127.0.0.1",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=64M",
                f"--pid-file={folder / 'pid'}",
                *user,
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "log", "w"),
        )
        import pymysql

        for _ in range(300):
            try:
                admin = pymysql.connect(unix_socket=str(sock), user="root")
                break
            except pymysql.err.OperationalError:
                if process.poll() is not None:
                    raise RuntimeError(f"mariadbd exited: {(folder / 'log').read_text()[-2000:]}") from None
                time.sleep(0.1)
        else:
            raise RuntimeError("mariadbd did not start in 30 s")
        with admin.cursor() as cursor:
            cursor.execute("CREATE DATABASE shop CHARACTER SET utf8mb4")
            cursor.execute(f"CREATE USER 'scan'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
            cursor.execute("GRANT ALL ON *.* TO 'scan'@'127.0.0.1'")
        admin.close()
        yield Server(
            "mariadb",
            port,
            f"mysql+pymysql://scan:{PASSWORD}@127.0.0.1:{port}/shop?charset=utf8mb4",
            f"mysql+pymysql://scan@127.0.0.1:{port}/shop",
        )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)
