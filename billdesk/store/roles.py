"""PostgreSQL roles for a team: ``billdesk db roles --apply`` (run by the database owner).

Creates the four group roles of billdesk.store.privileges (``NOLOGIN``; each a member of the
one below), and in the current database: CONNECT / TEMPORARY and schema USAGE, the grants of
``privileges.TABLES`` (every table revoked first, so applying again converges: idempotent),
the sequences of tables a level inserts into, row-level security on ``bill_runs`` and the
guard trigger on ``bills``. The role names are recorded in the ``settings`` table
(``db.roles``) so ``whoami`` and ``db upgrade`` (which re-applies the grants after a
migration) know them. Roles belong to the whole server: several billdesk databases on one
server share them (each database gets its own grants).

Login users are created by the server's administrator and made members of a billdesk role:
``GRANT billdesk_clerk TO alice`` (by the owner or a ``billdesk_admin``; ``billdesk db roles
--grant alice=clerk`` does the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from billdesk.domain.errors import InputError
from billdesk.store import privileges as pv

SETTING = "db.roles"
_PREFIX_RE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")

GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION billdesk_bills_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_has_role(current_user, {approver}, 'USAGE')
       OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                      'USAGE') THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'draft' AND NEW.status = 'cancelled'
       AND NEW.number IS NULL AND NEW.issued_at IS NULL THEN
        RETURN NEW;   -- a clerk cancels drafts (strict stop, run cancel)
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = format('permission denied for bill %s (%s -> %s): issuing, numbering and '
                         'cancelling issued bills need the role %s', NEW.id,
                         CASE WHEN TG_OP = 'UPDATE' THEN OLD.status ELSE 'new' END,
                         NEW.status, {approver});
END
$$
"""
GUARD_TRIGGERS = (
    "CREATE TRIGGER billdesk_bills_guard_insert BEFORE INSERT ON bills FOR EACH ROW "
    "WHEN (NEW.status <> 'draft' OR NEW.number IS NOT NULL OR NEW.issued_at IS NOT NULL "
    "OR NEW.record_hash IS NOT NULL) EXECUTE FUNCTION billdesk_bills_guard()",
    "CREATE TRIGGER billdesk_bills_guard_update BEFORE UPDATE ON bills FOR EACH ROW "
    "WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.number IS DISTINCT FROM NEW.number "
    "OR OLD.issued_at IS DISTINCT FROM NEW.issued_at "
    "OR OLD.record_hash IS DISTINCT FROM NEW.record_hash) EXECUTE FUNCTION billdesk_bills_guard()",
)


def qi(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def ql(value: str) -> str:
    """A quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class ApplyReport:
    database: str
    prefix: str
    roles: dict[str, str]                 # level -> role name
    created: tuple[str, ...]              # roles created now (the others existed)
    tables: int
    sequences: int
    policies: int

    def as_dict(self) -> dict:
        return {"database": self.database, "prefix": self.prefix, "roles": self.roles,
                "created": list(self.created), "tables": self.tables,
                "sequences": self.sequences, "policies": self.policies}


def require_postgres(engine: Engine, what: str) -> None:
    if engine.dialect.name != "postgresql":
        raise InputError(f"{what} is for PostgreSQL; an SQLite file has no database roles "
                         "(whoever may write the file may do everything)", field="--db")


def recorded_names(conn: Connection) -> dict[str, str] | None:
    """The role names applied to this database (None: never applied)."""
    import json

    row = conn.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": SETTING}).first()
    if row is None:
        return None
    data = json.loads(row[0])
    return dict(data.get("roles") or {}) or None


def current_names(conn: Connection) -> dict[str, str]:
    return recorded_names(conn) or pv.role_names()


def table_owner(conn: Connection, table: str = "bill_runs") -> str | None:
    return conn.execute(text("SELECT pg_get_userbyid(relowner) FROM pg_class "
                             "WHERE oid = to_regclass(:t)"), {"t": table}).scalar()


def is_owner(conn: Connection) -> bool:
    """The connected role owns the billdesk tables (or is a superuser / member of the owner)."""
    owner = table_owner(conn)
    if owner is None:            # no schema yet: the database's owner creates it
        owner = conn.execute(text("SELECT pg_get_userbyid(datdba) FROM pg_database "
                                  "WHERE datname = current_database()")).scalar()
    return bool(conn.execute(text("SELECT pg_has_role(current_user, :o, 'MEMBER')"),
                             {"o": owner}).scalar())


def require_owner(conn: Connection, what: str) -> None:
    if not is_owner(conn):
        user = conn.execute(text("SELECT current_user")).scalar()
        raise InputError(f"permission denied: {what} is run by the owner of the billdesk "
                         f"tables ({table_owner(conn) or 'the database owner'}); connected as "
                         f"{user}", field="--db")


def apply_roles(engine: Engine, prefix: str = pv.DEFAULT_PREFIX) -> ApplyReport:
    """Create the roles (where missing) and apply every grant; one transaction."""
    require_postgres(engine, "db roles")
    if not _PREFIX_RE.match(prefix):
        raise InputError(f"role prefix {prefix!r}: lower-case letters, digits and _ only, "
                         "at most 40 characters", field="--prefix")
    names = pv.role_names(prefix)
    with engine.begin() as conn:
        require_owner(conn, "'db roles --apply'")
        _check_tables(conn)
        created = _create_roles(conn, names)
        db = conn.execute(text("SELECT current_database()")).scalar()
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        conn.execute(text(f"GRANT CONNECT ON DATABASE {qi(db)} TO {qi(names['viewer'])}"))
        conn.execute(text(f"GRANT TEMPORARY ON DATABASE {qi(db)} TO {qi(names['clerk'])}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {qi(schema)} TO {qi(names['viewer'])}"))
        everyone = ", ".join(qi(n) for n in names.values())
        sequences = 0
        for table in pv.TABLES:
            conn.execute(text(f"REVOKE ALL ON TABLE {qi(table)} FROM {everyone}"))
            inserters = []
            for level, priv in pv.grants_by_level(table):
                conn.execute(text(f"GRANT {priv} ON TABLE {qi(table)} TO {qi(names[level])}"))
                if priv == "INSERT":
                    inserters.append(level)
            for seq in _sequences(conn, table):
                conn.execute(text(f"REVOKE ALL ON SEQUENCE {seq} FROM {everyone}"))
                conn.execute(text(f"GRANT SELECT ON SEQUENCE {seq} TO {qi(names['viewer'])}"))
                for level in inserters:
                    conn.execute(text(f"GRANT USAGE ON SEQUENCE {seq} TO {qi(names[level])}"))
                sequences += 1
        policies = _policies(conn, names)
        conn.execute(text(GUARD_FUNCTION.format(approver=ql(names["approver"]))))
        conn.execute(text("DROP TRIGGER IF EXISTS billdesk_bills_guard_insert ON bills"))
        conn.execute(text("DROP TRIGGER IF EXISTS billdesk_bills_guard_update ON bills"))
        for sql in GUARD_TRIGGERS:
            conn.execute(text(sql))
        _record(conn, prefix, names)
    return ApplyReport(db, prefix, names, tuple(created), len(pv.TABLES), sequences, policies)


def reapply_if_recorded(engine: Engine) -> ApplyReport | None:
    """After ``db upgrade``: the grants again (new tables), when roles were applied before."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        names = recorded_names(conn)
        row = conn.execute(text("SELECT value FROM settings WHERE key = :k"),
                           {"k": SETTING}).first()
    if not names or row is None:
        return None
    import json

    return apply_roles(engine, json.loads(row[0]).get("prefix", pv.DEFAULT_PREFIX))


def _check_tables(conn: Connection) -> None:
    present = set(inspect(conn).get_table_names())
    unknown = sorted(present - set(pv.TABLES))
    if unknown:
        raise InputError("no privileges are defined for table(s) " + ", ".join(unknown)
                         + ": add them to billdesk/store/privileges.py (TABLES)", field="--db")
    missing = sorted(set(pv.TABLES) - present)
    if missing:
        raise InputError("the schema is not up to date (no table " + ", ".join(missing)
                         + "): run 'billdesk db upgrade' first", field="--db")


def _create_roles(conn: Connection, names: dict[str, str]) -> list[str]:
    existing = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"),
                                {"n": list(names.values())}).scalars())
    created = []
    for level in pv.LEVELS:
        name = names[level]
        if name not in existing:
            conn.execute(text(f"CREATE ROLE {qi(name)} NOLOGIN"))
            created.append(name)
    for lower, upper in zip(pv.LEVELS, pv.LEVELS[1:]):
        _grant_member(conn, names[lower], names[upper])
    for level in pv.LEVELS[:-1]:       # the admin grants the other roles to login users
        _grant_member(conn, names[level], names["admin"], admin_option=True)
    return created


def _grant_member(conn: Connection, role: str, member: str, admin_option: bool = False) -> None:
    has = conn.execute(text(
        "SELECT m.admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = :r AND u.rolname = :u"),
        {"r": role, "u": member}).first()
    if has is None or (admin_option and not has[0]):
        conn.execute(text(f"GRANT {qi(role)} TO {qi(member)}"
                          + (" WITH ADMIN OPTION" if admin_option else "")))


def _sequences(conn: Connection, table: str) -> list[str]:
    cols = conn.execute(text(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 "
        "AND NOT attisdropped"), {"t": table}).scalars().all()
    out = []
    for col in cols:
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": table, "c": col}).scalar()
        if seq:
            out.append(seq)
    return out


def _policies(conn: Connection, names: dict[str, str]) -> int:
    n = 0
    for table, policies in pv.POLICIES.items():
        conn.execute(text(f"ALTER TABLE {qi(table)} ENABLE ROW LEVEL SECURITY"))
        old = conn.execute(text("SELECT policyname FROM pg_policies WHERE tablename = :t "
                                "AND policyname LIKE 'billdesk%'"), {"t": table}).scalars()
        for name in list(old):
            conn.execute(text(f"DROP POLICY {qi(name)} ON {qi(table)}"))
        for p in policies:
            sql = f"CREATE POLICY {qi(p.name)} ON {qi(table)} FOR {p.command} TO {qi(names[p.level])}"
            if p.using:
                sql += f" USING ({p.using})"
            if p.check:
                sql += f" WITH CHECK ({p.check})"
            conn.execute(text(sql))
            n += 1
    return n


def _record(conn: Connection, prefix: str, names: dict[str, str]) -> None:
    import json

    value = json.dumps({"prefix": prefix, "roles": names})
    if conn.execute(text("UPDATE settings SET value = :v WHERE key = :k"),
                    {"v": value, "k": SETTING}).rowcount == 0:
        conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
                     {"v": value, "k": SETTING})


# ----------------------------------------------------------------------------- members
@dataclass(frozen=True)
class RoleState:
    level: str
    name: str
    exists: bool
    members: tuple[str, ...]              # login users (and other roles) granted this role
    missing: tuple[str, ...] = field(default=())   # expected grants the role does not hold

    def as_dict(self) -> dict:
        return {"level": self.level, "name": self.name, "exists": self.exists,
                "members": list(self.members), "missing_grants": list(self.missing)}


def role_states(engine: Engine) -> list[RoleState]:
    """The billdesk roles of this database, their members and any grant not applied."""
    require_postgres(engine, "db roles")
    out = []
    with engine.connect() as conn:
        names = current_names(conn)
        own = set(names.values())
        present = set(inspect(conn).get_table_names())
        for level in pv.LEVELS:
            name = names[level]
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                  {"n": name}).first() is not None
            members: tuple[str, ...] = ()
            missing: list[str] = []
            if exists:
                members = tuple(m for m in conn.execute(text(
                    "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = :n ORDER BY 1"),
                    {"n": name}).scalars() if m not in own)
                for table in pv.TABLES:
                    if table not in present:
                        continue
                    for lv, priv in pv.grants_by_level(table):
                        if pv.LEVELS.index(lv) > pv.LEVELS.index(level):
                            continue
                        base, _, cols = priv.partition(" (")
                        if cols:
                            ok = all(conn.execute(text(
                                "SELECT has_column_privilege(:r, :t, :c, :p)"),
                                {"r": name, "t": table, "c": c.strip(" )"), "p": base}).scalar()
                                for c in cols.split(","))
                        else:
                            ok = conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                                              {"r": name, "t": table, "p": base}).scalar()
                        if not ok:
                            missing.append(f"{priv} ON {table}")
            out.append(RoleState(level, name, exists, members, tuple(missing)))
    return out


def grant_level(engine: Engine, user: str, level: str, revoke: bool = False) -> str:
    """GRANT (or REVOKE) the billdesk role of ``level`` to the login user ``user``; by the
    owner or a billdesk admin (the database refuses anyone else)."""
    require_postgres(engine, "db roles --grant")
    if level not in pv.LEVELS:
        raise InputError(f"unknown level {level!r}; expected " + ", ".join(pv.LEVELS),
                         field="--grant")
    with engine.begin() as conn:
        names = current_names(conn)
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                        {"n": user}).first() is None:
            raise InputError(f"no login role {user!r} on this server: the server's "
                             f"administrator creates it (CREATE ROLE {user} LOGIN)",
                             field="--grant")
        role = names[level]
        if revoke:
            conn.execute(text(f"REVOKE {qi(role)} FROM {qi(user)}"))
        else:
            conn.execute(text(f"GRANT {qi(role)} TO {qi(user)}"))
    return role
