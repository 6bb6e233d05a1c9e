"""What the connected database user may do (``billdesk whoami``, the GUI's enabled actions),
and the one place a refused write becomes a clean user error (``permission_error``).

The capabilities are read from the database itself: role membership (``pg_has_role``) and
the privileges that back each capability (``has_table_privilege``), so the answer is what the
database will enforce. On SQLite every capability is allowed (no database roles).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine

from billdesk.domain.errors import InputError
from billdesk.store import privileges as pv


@dataclass(frozen=True)
class Capability:
    name: str
    level: str                  # viewer | clerk | approver | admin | owner
    label: str
    probe: tuple[str, str] | None = None   # (table, privilege) that must be held


CAPABILITIES = (
    Capability("read", "viewer", "see runs, bills, accounts, settings and the audit trail",
               ("bills", "SELECT")),
    Capability("import", "clerk", "import accounts, readings, tariffs, prices and communities",
               ("accounts", "INSERT")),
    Capability("run.create", "clerk", "create runs and reruns of failed accounts",
               ("bill_runs", "INSERT")),
    Capability("run.start", "clerk", "start, resume or queue runs; run workers",
               ("billing_attempts", "UPDATE")),
    Capability("run.cancel", "clerk", "cancel runs and their draft bills",
               ("bill_runs", "UPDATE")),
    Capability("export", "clerk", "export PDFs and print batches", ("audit_log", "INSERT")),
    Capability("send", "clerk", "e-mail issued documents and import bounces",
               ("dispatch_messages", "INSERT")),
    Capability("run.finalize", "approver",
               "finalize runs: issue their bills with numbers, cancel corrected originals",
               ("number_series", "UPDATE")),
    Capability("settings", "admin", "change settings (company, e-mail, templates, PDF folder)",
               ("settings", "INSERT")),
    Capability("roles.grant", "admin", "grant and revoke the billdesk roles of login users"),
    Capability("db.upgrade", "owner", "migrate the schema ('db upgrade')"),
    Capability("db.roles", "owner", "create the roles and apply the grants ('db roles --apply')"),
)
BY_NAME = {c.name: c for c in CAPABILITIES}


@dataclass(frozen=True)
class Allowed:
    name: str
    label: str
    level: str
    allowed: bool
    reason: str | None          # why not (None when allowed)

    def as_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "level": self.level,
                "allowed": self.allowed, "reason": self.reason}


@dataclass(frozen=True)
class Identity:
    backend: str                # sqlite | postgresql
    database: str
    user: str
    superuser: bool
    owner: bool
    roles: tuple[str, ...]      # billdesk roles the user holds (directly or inherited)
    level: str | None           # the highest of them ("owner" for the owner)
    capabilities: tuple[Allowed, ...]
    roles_applied: bool

    def can(self, name: str) -> bool:
        return any(c.allowed for c in self.capabilities if c.name == name)

    def why_not(self, name: str) -> str | None:
        for c in self.capabilities:
            if c.name == name:
                return c.reason
        return f"unknown capability {name!r}"

    def as_dict(self) -> dict:
        return {"backend": self.backend, "database": self.database, "user": self.user,
                "superuser": self.superuser, "owner": self.owner, "roles": list(self.roles),
                "level": self.level, "roles_applied": self.roles_applied,
                "capabilities": [c.as_dict() for c in self.capabilities],
                "allowed": [c.name for c in self.capabilities if c.allowed]}


def whoami(engine: Engine) -> Identity:
    from billdesk.store import audit
    from billdesk.store.db import describe

    if engine.dialect.name != "postgresql":
        caps = tuple(Allowed(c.name, c.label, c.level, True, None) for c in CAPABILITIES)
        return Identity("sqlite", describe(engine), audit.actor(), False, True, (), "owner",
                        caps, False)
    from billdesk.store.roles import current_names, is_owner, recorded_names, table_owner

    with engine.connect() as conn:
        user, superuser, createrole = conn.execute(text(
            "SELECT current_user, rolsuper, rolcreaterole FROM pg_roles "
            "WHERE rolname = current_user")).one()
        owner = is_owner(conn)
        readable = bool(conn.execute(text(
            "SELECT to_regclass('settings') IS NOT NULL AND "
            "has_table_privilege(to_regclass('settings'), 'SELECT')")).scalar())
        applied = readable and recorded_names(conn) is not None
        names = current_names(conn) if readable else pv.role_names()
        exists = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"),
                                  {"n": list(names.values())}).scalars())
        member = {lv: (n in exists and bool(conn.execute(
            text("SELECT pg_has_role(current_user, :n, 'USAGE')"), {"n": n}).scalar()))
            for lv, n in names.items()}
        admin_of = (names["clerk"] in exists and bool(conn.execute(
            text("SELECT pg_has_role(current_user, :n, 'MEMBER WITH ADMIN OPTION')"),
            {"n": names["clerk"]}).scalar()))

        def probe(table, priv):
            return bool(conn.execute(text("SELECT to_regclass(:t) IS NOT NULL AND "
                                          "has_table_privilege(to_regclass(:t), :p)"),
                                     {"t": table, "p": priv}).scalar())

        held = tuple(names[lv] for lv in pv.LEVELS if member[lv])
        top = next((lv for lv in reversed(pv.LEVELS) if member[lv]), None)
        have = (f"{user} holds " + ", ".join(held)) if held else f"{user} holds no billdesk role"
        caps = []
        for c in CAPABILITIES:
            ok, reason = True, None
            if c.level == "owner":
                ok = owner
                if not ok:
                    reason = (f"only the owner of the billdesk tables "
                              f"({table_owner(conn) or 'the database owner'}) may do this")
                elif c.name == "db.roles" and len(exists) < len(names) and not (
                        superuser or createrole):
                    ok, reason = False, "creating the roles needs CREATEROLE (or a superuser)"
            elif owner or superuser:
                ok = True
            elif c.name == "roles.grant":
                ok = admin_of
                reason = None if ok else f"needs the role {names['admin']} ({have})"
            elif exists >= set(names.values()) and applied:
                ok = member[c.level] and (c.probe is None or probe(*c.probe))
                if not member[c.level]:
                    reason = f"needs the role {names[c.level]} ({have})"
                elif not ok:
                    reason = ("the grants are not applied to this database: the owner runs "
                              "'billdesk db roles --apply'")
            else:
                ok = c.probe is not None and probe(*c.probe)
                if ok:
                    reason = None
                elif exists:
                    reason = f"needs the role {names[c.level]} ({have})"
                else:
                    reason = (f"{user} may not; 'billdesk db roles --apply' (by the owner) "
                              "creates the billdesk roles to grant")
            caps.append(Allowed(c.name, c.label, c.level, ok, None if ok else reason))
    level = "owner" if owner else top
    from billdesk.store.db import describe

    return Identity("postgresql", describe(engine), user, bool(superuser), owner, held, level,
                    tuple(caps), applied)


# ----------------------------------------------------------------------------- errors
INSUFFICIENT_PRIVILEGE = "42501"


def permission_error(exc: BaseException, capability: str | None = None) -> InputError | None:
    """A refused write (``InsufficientPrivilege``, SQLSTATE 42501 — also raised by the
    bills guard and row-level security) as an InputError saying what was refused and which
    role it needs; None for any other error (it is not a permission problem)."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE and not (
            # refused at connection time (no CONNECT privilege): libpq gives no SQLSTATE
            type(orig).__name__ == "OperationalError"
            and "permission denied for database" in str(orig)):
        return None
    lines = [ln.strip() for ln in str(orig).strip().splitlines() if ln.strip()]
    detail = next((ln.split("FATAL:", 1)[1].strip() for ln in lines if "FATAL:" in ln),
                  lines[0] if lines else "permission denied")
    if not detail.lower().startswith("permission denied") and "permission" not in detail:
        detail = f"permission denied: {detail}"
    need = ""
    cap = BY_NAME.get(capability or "")
    if cap is not None:
        who = ("the owner of the billdesk tables" if cap.level == "owner"
               else f"the billdesk {cap.level} role or higher")
        need = f"; '{cap.name}' ({cap.label}) needs {who}"
    return InputError(f"{detail}{need} ('billdesk whoami' shows what this database user may "
                      "do)")
