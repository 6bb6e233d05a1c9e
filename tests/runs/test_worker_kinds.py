"""The kinds of the processes in ``run_workers`` (``run show`` → ``workers[].kind``, the run
detail's Workers tab), from the command line: ``run start`` billing by itself is ``run``,
the processes of ``run start --workers N`` are ``worker`` (docs/cli.md "run show")."""

from __future__ import annotations

import json
import subprocess
import sys

import builders
from billdesk.runs import cancel_run, create_run

BILLDESK = [sys.executable, "-m", "billdesk.cli"]


def _cli(url, *args) -> str:
    p = subprocess.run([*BILLDESK, "--db", url, *args], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout


def _kinds(url, run_id) -> list[tuple[str, int]]:
    shown = json.loads(_cli(url, "run", "show", str(run_id), "--json"))
    return sorted((w["kind"], w["accounts"]) for w in shown["workers"])


def test_cli_run_start_workers_register_as_worker(db):
    url, factory = db
    builders.build(factory, 120)
    one = create_run(factory, "2025-03", "all").id
    _cli(url, "run", "start", str(one), "--quiet", "--json")
    assert _kinds(url, one) == [("run", 120)]
    cancel_run(factory, one)                 # frees the accounts for a second run
    two = create_run(factory, "2025-03", "all").id
    _cli(url, "run", "start", str(two), "--workers", "2", "--batch-size", "20", "--quiet",
         "--json")
    kinds = _kinds(url, two)
    assert [k for k, _n in kinds] == ["worker", "worker"]   # never the supervisor as "run"
    assert sum(n for _k, n in kinds) == 120
