"""Fixtures for dispatch: a finalized demo run and a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import pytest

from billdesk.runs import create_run, finalize_run, start_run
from billdesk.store.db import transaction
from billdesk.store.demo_writer import write_demo
from billdesk.store.settings_catalog import set_many
from tests.dispatch.smtpserver import SmtpServer


@pytest.fixture
def run_id(factory, tmp_path):
    """A finalized run of 12 demo accounts (a few without e-mail); PDFs go to tmp."""
    write_demo(factory, accounts=12, months=1, seed=2, end="2025-11")
    run = create_run(factory, "2025-10", "all", today=None)
    start_run(factory, run.id)
    finalize_run(factory, run.id)
    with transaction(factory) as s:
        set_many(s, {"pdf_folder": str(tmp_path / "pdf"), "smtp.retry_delay": "0.05",
                     "smtp.retries": "3", "smtp.timeout": "10"})
    return run.id


def configure(factory, server: SmtpServer, **more) -> None:
    values = {"smtp.host": "127.0.0.1", "smtp.port": str(server.port),
              "smtp.security": server.mode}
    values.update({f"smtp.{k}": v for k, v in more.items()})
    with transaction(factory) as s:
        set_many(s, values)


@pytest.fixture
def smtp(factory):
    with SmtpServer() as server:
        configure(factory, server)
        yield server
