"""A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl in a temporary folder.

PostgreSQL refuses to run as root, so when the tests run as root the cluster
belongs to the ``postgres`` user that Debian's package creates, and its
programs run through ``runuser``.  The server listens on a Unix socket in
its folder only (no TCP port is opened).  The administrator, ``ach_admin``,
connects without a password over that socket; every other role needs its
password (SCRAM), so a wrong one is refused as on a real server.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "ach_admin"
PORT = 54329  # names the socket file only: the server opens no TCP port


def bindir() -> Path:
    """Where PostgreSQL's server programs are (Debian keeps them out of PATH)."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not versions:
        raise RuntimeError(
            "PostgreSQL's server is not installed (packaging/system-deps.sh test installs it)"
        )
    return Path(versions[-1]).parent


@dataclass
class Cluster:
    root: Path
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def socket(self) -> Path:
        return self.root / "socket"

    def uri(self, user: str = ADMIN, database: str = "postgres", password: str = "") -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@/{database}?host={self.socket}&port={PORT}"

    def fresh_name(self, stem: str) -> str:
        return f"{stem}_{next(self._names)}"


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def start() -> Cluster:
    bins = bindir()
    root = Path(tempfile.mkdtemp(prefix="ach-pg-"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (root, socket):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    run = _as_owner()
    subprocess.run(
        [
            *run,
            str(bins / "initdb"),
            "-D",
            str(data),
            "-U",
            ADMIN,
            "--auth-local=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    hba = "local all ach_admin trust\nlocal all all scram-sha-256\n"
    subprocess.run([*run, "sh", "-c", f"printf '{hba}' > {data}/pg_hba.conf"], check=True)
    options = f"-k {socket} -p {PORT} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        [
            *run,
            str(bins / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return Cluster(root)


def stop(cluster: Cluster) -> None:
    subprocess.run(
        [
            *_as_owner(),
            str(bindir() / "pg_ctl"),
            "-D",
            str(cluster.root / "data"),
            "-m",
            "immediate",
            "-w",
            "stop",
        ],
        capture_output=True,
    )
    shutil.rmtree(cluster.root, ignore_errors=True)
