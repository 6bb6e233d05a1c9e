"""A throwaway PostgreSQL server for tests, started from the installed binaries."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path


def find_bindir() -> Path | None:
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(cand, "initdb").exists():
            return Path(cand)
    exe = shutil.which("initdb")
    return Path(exe).parent if exe else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """``durable=False`` (tests): fsync, synchronous commit and full-page writes off, which
    a real server never runs with; ``durable=True``: the server's defaults (benchmarks)."""

    def __init__(self, folder: Path | None = None, durable: bool = False,
                 settings: dict[str, str] | None = None):
        # its own folder directly under the temp dir: the postgres user must reach it, and
        # pytest's basetemp (0700, reset by every pytest session) is not reachable for it
        import tempfile

        self.folder = Path(tempfile.mkdtemp(prefix="billdesk-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.bindir = find_bindir()
        self.durable = durable
        self.settings = dict(settings or {})     # more -c name=value (benchmarks)
        self._prefix: list[str] = []

    def _run(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(self._prefix + [str(a) for a in args], capture_output=True,
                              text=True, timeout=120)

    def start(self) -> str | None:
        """None when running, else the reason it could not start."""
        if self.bindir is None:
            return "no PostgreSQL server binaries (initdb) installed"
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            if not shutil.which("runuser"):
                return "running as root and runuser is missing"
            self._prefix = ["runuser", "-u", "postgres", "--"]
            os.chmod(self.folder, 0o700)
            shutil.chown(self.folder, user="postgres")
        r = self._run(self.bindir / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
                      "--no-sync")
        if r.returncode:
            return f"initdb failed: {r.stderr.strip()[:300]}"
        fast = ("" if self.durable else
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        fast += "".join(f" -c {k}={v}" for k, v in self.settings.items())
        r = self._run(self.bindir / "pg_ctl", "-w", "-D", self.data, "-l", self.folder / "log",
                      "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
                      + fast, "start")
        if r.returncode:
            return f"pg_ctl start failed: {r.stderr.strip()[:300]}"
        return None

    def stop(self) -> None:
        if self.bindir:
            self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
