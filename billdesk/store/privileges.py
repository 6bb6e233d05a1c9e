"""Who may write what, per table: the declarative map ``billdesk db roles --apply`` grants.

Four PostgreSQL group roles, each including the one before (``billdesk_clerk`` is a member
of ``billdesk_viewer``, and so on), so a level lists only what it adds:

- ``viewer``   — reads everything (auditors);
- ``clerk``    — imports, creates / starts / cancels / reruns runs (draft bills), exports,
  sends, runs workers;
- ``approver`` — also finalizes runs: issues bills with their numbers and cancels the
  originals that credit notes correct;
- ``admin``    — also changes settings and grants the billdesk roles to login users.

``TABLES`` names every table of the schema (tests/team/test_privileges.py fails for a table
without an entry, so a new table cannot be forgotten): level -> the privileges it adds, a
privilege optionally limited to columns (``"UPDATE (status)"``). Two tables mix clerk and
approver writes; there the database checks rows too:

- ``bills`` (a guard trigger, ``GUARDED``): a clerk inserts drafts only and may only cancel
  drafts (strict stop, run cancel); issuing (status ``issued``, a number, ``issued_at``) and
  cancelling an issued bill are the approver's;
- ``bill_runs`` (row-level security, ``POLICIES``): a clerk may not set a run ``finalized``
  nor change a finalized run.

``number_series`` is written by the approver only; ``settings`` by the admin only.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("viewer", "clerk", "approver", "admin")
DEFAULT_PREFIX = "billdesk_"

_READ = {"viewer": "SELECT"}
_MASTER = {**_READ, "clerk": "INSERT, UPDATE"}            # imported data, replaced in place
_CHILD = {**_READ, "clerk": "INSERT, UPDATE, DELETE"}     # rows an import replaces as a set

TABLES: dict[str, dict[str, str]] = {
    "alembic_version": _READ,
    "settings": {**_READ, "admin": "INSERT, UPDATE, DELETE"},
    "imports": _MASTER,
    "metering_points": _MASTER,
    "accounts": _MASTER,
    "account_groups": _CHILD,
    "interval_chunks": _MASTER,
    "tariffs": _MASTER,
    "tariff_versions": _MASTER,
    "tariff_components": _CHILD,
    "price_series": _MASTER,
    "price_points": _CHILD,
    "communities": _MASTER,
    "community_production_points": _CHILD,
    "community_members": _CHILD,
    "bill_runs": {**_READ, "clerk": "INSERT, UPDATE"},
    "billing_attempts": {**_READ, "clerk": "INSERT, UPDATE"},
    "run_claims": {**_READ, "clerk": "INSERT, DELETE"},
    "run_workers": {**_READ, "clerk": "INSERT, UPDATE"},
    "bills": {**_READ, "clerk": "INSERT, UPDATE (status)", "approver": "UPDATE"},
    "bill_lines": {**_READ, "clerk": "INSERT"},
    "number_series": {**_READ, "approver": "INSERT, UPDATE"},
    "audit_log": {**_READ, "clerk": "INSERT"},
    "dispatch_messages": {**_READ, "clerk": "INSERT, UPDATE"},
    "run_inputs": {**_READ, "clerk": "INSERT"},          # input snapshots, written while billing
    "document_assets": {**_READ, "approver": "INSERT"},  # the logo as issued (finalize)
    "export_jobs": {**_READ, "clerk": "INSERT, UPDATE"},
    "document_files": {**_READ, "clerk": "INSERT, DELETE"},
    "run_templates": {**_READ, "clerk": "INSERT, UPDATE, DELETE"},
}


@dataclass(frozen=True)
class Policy:
    """A row-level security policy: ``command`` (SELECT|INSERT|UPDATE|ALL) for ``level``."""

    name: str
    command: str
    level: str
    using: str | None = None
    check: str | None = None


POLICIES: dict[str, tuple[Policy, ...]] = {
    "bill_runs": (
        Policy("billdesk_read", "SELECT", "viewer", using="true"),
        Policy("billdesk_clerk_create", "INSERT", "clerk", check="status <> 'finalized'"),
        Policy("billdesk_clerk_execute", "UPDATE", "clerk", using="status <> 'finalized'",
               check="status <> 'finalized'"),
        Policy("billdesk_approver_finalize", "UPDATE", "approver", using="true", check="true"),
    ),
}

#: tables whose approver-only rows are guarded by a trigger rather than row-level security:
#: bill runs write draft bills with COPY, which PostgreSQL refuses on a table with row-level
#: security; the trigger runs only for rows that are not plain drafts (its WHEN clause), so
#: writing drafts costs nothing. See billdesk.store.roles.GUARD_SQL.
GUARDED = ("bills",)


def role_names(prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    """level -> PostgreSQL role name."""
    return {level: f"{prefix}{level}" for level in LEVELS}


def grants_by_level(table: str) -> list[tuple[str, str]]:
    """(level, privilege) pairs of ``table``, a privilege each (columns kept with it)."""
    out = []
    for level, text in TABLES[table].items():
        for part in _split(text):
            out.append((level, part))
    return out


def _split(text: str) -> list[str]:
    """``"INSERT, UPDATE (a, b)"`` -> ``["INSERT", "UPDATE (a, b)"]``."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts
