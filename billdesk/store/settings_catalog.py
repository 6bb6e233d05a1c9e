"""Every database setting: its key, default, parsing and validation; show and change them.

One place for the command line (``billdesk settings``) and the app's Settings dialog. A
change is validated before anything is written, written in the caller's transaction and
recorded in the audit log (``settings.set`` / ``settings.unset`` with the old and the new
value; a template's text is recorded by its length and hash, not in full).

Keys: ``timezone``, ``pdf_folder``, ``company`` (a JSON object, or one field as
``company.FIELD``), ``smtp.*`` (below) and the e-mail templates ``email.LANG.KIND.PART``
(billdesk.store.mail_templates). The SMTP password is never a setting
(billdesk.store.credentials).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from billdesk.domain.errors import InputError
from billdesk.store import audit, credentials, mail_templates, settings
from billdesk.store.company import FIELDS as COMPANY_FIELDS
from billdesk.store.company import validate_company
from billdesk.store.models import Bill, BillRun, IntervalChunk, Setting

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}


def default_pdf_folder() -> str:
    return str(Path.home() / "billdesk-invoices")


# ----------------------------------------------------------------------------- parsers
def _int(lo: int, hi: int | None = None) -> Callable[[Any, str], int]:
    def parse(v, where):
        try:
            n = int(str(v).strip())
        except (TypeError, ValueError):
            raise InputError(f"{v!r} is not a whole number", field=where) from None
        if n < lo or (hi is not None and n > hi):
            raise InputError(f"must be between {lo} and {hi}" if hi is not None
                             else f"must be at least {lo}", field=where)
        return n
    return parse


def _number(lo: float, hi: float) -> Callable[[Any, str], float]:
    def parse(v, where):
        try:
            n = float(str(v).strip())
        except (TypeError, ValueError):
            raise InputError(f"{v!r} is not a number", field=where) from None
        if not lo <= n <= hi:
            raise InputError(f"must be between {lo:g} and {hi:g}", field=where)
        return n
    return parse


def _text(max_len: int = 255, empty: bool = True) -> Callable[[Any, str], str | None]:
    def parse(v, where):
        s = "" if v is None else str(v).strip()
        if any(ch in s for ch in "\r\n\t"):
            raise InputError("must be one line", field=where)
        if len(s) > max_len:
            raise InputError(f"at most {max_len} characters", field=where)
        if not s and not empty:
            raise InputError("cannot be empty", field=where)
        return s or None
    return parse


def _host(v, where):
    s = _text(253, empty=False)(v, where)
    if any(ch.isspace() for ch in s) or "/" in s or "@" in s:
        raise InputError(f"{s!r} is not a host name or address", field=where)
    return s


def _address(v, where):
    """An e-mail address, optionally with a display name: ``Name <a@b.ch>``."""
    s = _text(320)(v, where)
    if s is None:
        return None
    name, addr = parseaddr(s)
    local, _, domain = addr.rpartition("@")
    if not local or "." not in domain or any(ch.isspace() for ch in addr):
        raise InputError(f"{s!r} is not an e-mail address", field=where)
    return s


def _choice(options: tuple[str, ...]):
    def parse(v, where):
        s = str(v).strip().lower()
        if s not in options:
            raise InputError(f"{v!r}: one of {', '.join(options)}", field=where)
        return s
    return parse


def _bool(v, where):
    s = str(v).strip().lower()
    if s in ("1", "true", "yes", "on"):
        return True
    if s in ("0", "false", "no", "off"):
        return False
    raise InputError(f"{v!r}: true or false", field=where)


def _file(v, where):
    s = _text(1000)(v, where)
    if s is None:
        return None
    p = Path(s).expanduser()
    if not p.is_file():
        raise InputError(f"no such file: {p}", field=where)
    return str(p.resolve())


def _folder(v, where):
    s = _text(1000, empty=False)(v, where)
    p = Path(s).expanduser()
    if p.exists() and not p.is_dir():
        raise InputError(f"{p} exists and is not a folder", field=where)
    return str(p.resolve())


@dataclass(frozen=True)
class SmtpKey:
    key: str
    default: Any
    parse: Callable[[Any, str], Any]
    help: str


SMTP_KEYS: dict[str, SmtpKey] = {k.key: k for k in (
    SmtpKey("smtp.host", None, _host, "the SMTP server (host name or address)"),
    SmtpKey("smtp.port", None, _int(1, 65535),
            "its port (default: 587 for starttls, 465 for tls, 25 for none)"),
    SmtpKey("smtp.security", "starttls", _choice(SECURITY),
            "starttls (submission, port 587), tls (implicit TLS, port 465) or none (a local "
            "relay; no encryption, no login)"),
    SmtpKey("smtp.user", None, _text(255), "login name (empty: no login)"),
    SmtpKey("smtp.sender", None, _address,
            "the From address, e.g. 'EW Seeland <rechnung@ew-seeland.ch>' (default: the "
            "company's e-mail)"),
    SmtpKey("smtp.reply_to", None, _address, "the Reply-To address (optional)"),
    SmtpKey("smtp.rate_per_minute", 0, _int(0, 100000),
            "at most this many messages per minute (0: no limit)"),
    SmtpKey("smtp.max_per_connection", 0, _int(0, 1000000),
            "open a new connection after this many messages (0: keep one connection)"),
    SmtpKey("smtp.connections", 1, _int(1, 4),
            "SMTP connections used in parallel for a batch (1-4; the server must allow "
            "that many)"),
    SmtpKey("smtp.timeout", 60.0, _number(1, 600), "seconds to wait for the server"),
    SmtpKey("smtp.retries", 3, _int(0, 20),
            "retries of a temporary failure (4xx, lost connection) before it is 'failed'"),
    SmtpKey("smtp.retry_delay", 30.0, _number(0, 86400),
            "seconds before the first retry; doubled for each further one"),
    SmtpKey("smtp.ca_file", None, _file,
            "a PEM file of certificate authorities to trust (default: the system's)"),
    SmtpKey("smtp.domain", None, _host,
            "the domain of generated Message-IDs (default: the sender's domain)"),
)}

GENERAL_KEYS = ("timezone", "pdf_folder", "company")


def known_keys() -> list[str]:
    return (list(GENERAL_KEYS) + [f"company.{f}" for f in COMPANY_FIELDS] + list(SMTP_KEYS)
            + list(mail_templates.ALL_KEYS))


# ----------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int
    security: str
    user: str | None
    sender: str | None
    reply_to: str | None
    rate_per_minute: int
    max_per_connection: int
    connections: int
    timeout: float
    retries: int
    retry_delay: float
    ca_file: str | None
    domain: str | None


def _stored(session: Session) -> dict[str, Any]:
    return {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}


def smtp_settings(session: Session, stored: dict | None = None) -> SmtpSettings:
    stored = _stored(session) if stored is None else stored
    v = {k.split(".", 1)[1]: stored.get(k, spec.default) for k, spec in SMTP_KEYS.items()}
    v["port"] = v["port"] or DEFAULT_PORTS[v["security"]]
    return SmtpSettings(**v)


def templates(session: Session, stored: dict | None = None
              ) -> dict[str, dict[str, dict[str, str]]]:
    """The effective templates: stored ones over the defaults."""
    stored = _stored(session) if stored is None else stored
    return {lang: {kind: {part: stored.get(mail_templates.key(lang, kind, part),
                                           mail_templates.DEFAULTS[lang][kind][part])
                          for part in mail_templates.PARTS}
                   for kind in mail_templates.KINDS}
            for lang in mail_templates.LANGUAGES}


def pdf_folder(session: Session) -> str:
    return settings.get(session, "pdf_folder") or default_pdf_folder()


def show(session: Session) -> dict:
    """Every setting with its effective value (``settings show --json``)."""
    stored = _stored(session)
    smtp = smtp_settings(session, stored)
    pw, source = credentials.smtp_password(smtp.user, smtp.host)
    tpl = templates(session, stored)
    return {
        "timezone": stored.get("timezone", settings.DEFAULT_TIMEZONE),
        "pdf_folder": stored.get("pdf_folder") or default_pdf_folder(),
        "company": stored.get("company"),
        "smtp": {k.split(".", 1)[1]: getattr(smtp, k.split(".", 1)[1]) for k in SMTP_KEYS},
        "smtp_password": source,
        "email_templates": {
            lang: {kind: {**tpl[lang][kind],
                          "customized": any(mail_templates.key(lang, kind, p) in stored
                                            for p in mail_templates.PARTS)}
                   for kind in mail_templates.KINDS}
            for lang in mail_templates.LANGUAGES},
        "stored": sorted(k for k in stored if k != "company"),
    }


# ----------------------------------------------------------------------------- changing
@dataclass
class Change:
    key: str
    old: Any
    new: Any
    warnings: list[str]


def _has_time_data(session: Session) -> str | None:
    for model, what in ((IntervalChunk, "interval data"), (BillRun, "bill runs"),
                        (Bill, "bills")):
        if session.scalar(select(func.count()).select_from(model)):
            return what
    return None


def _audit_value(key: str, value):
    if key.startswith("email.") and isinstance(value, str):
        return {"chars": len(value),
                "sha256": hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]}
    return value


def parse_value(session: Session, key: str, raw, *, from_file: bool = False):
    """The value ``raw`` (text from the command line or a form, or a parsed object) checked
    for ``key``; raises ``InputError`` naming the key. Returns (value, warnings)."""
    where = key
    if key == "timezone":
        from billdesk.domain.period import zone

        name = str(raw).strip()
        try:
            zone(name)
        except (ValueError, KeyError):
            raise InputError(f"unknown time zone {name!r} (an IANA name such as "
                             "Europe/Zurich)", field=where) from None
        current = settings.timezone_name(session)
        if name != current:
            what = _has_time_data(session)
            if what:
                raise InputError(
                    f"the database already holds {what} in {current}: interval data are "
                    "stored per local month and bills per local period, so the time zone "
                    "cannot change any more (start a new database)", field=where)
        return name, []
    if key == "pdf_folder":
        return _folder(raw, where), []
    if key == "company":
        data = raw
        if isinstance(raw, str):
            try:
                data = json.loads(raw)
            except ValueError as exc:
                raise InputError(f"not JSON: {exc}", field=where) from None
        checked = validate_company(data)
        return checked.company, checked.warnings
    if key.startswith("company."):
        name = key.split(".", 1)[1]
        if name not in COMPANY_FIELDS:
            raise InputError(f"unknown company field; known: {', '.join(COMPANY_FIELDS)}",
                             field=where)
        current = dict(settings.get(session, "company") or {})
        current[name] = raw
        checked = validate_company(current)
        return checked.company, checked.warnings
    if key in SMTP_KEYS:
        return SMTP_KEYS[key].parse(raw, where), []
    parsed = mail_templates.parse_key(key)
    if parsed:
        return mail_templates.check_template(str(raw), where, parsed[2]), []
    if key.startswith("smtp.") and "pass" in key:
        raise InputError("the SMTP password is never stored as a setting: use "
                         "'billdesk settings smtp-password' (system keyring) or "
                         f"{credentials.ENV}", field=where)
    raise InputError("unknown setting; known: " + ", ".join(
        k for k in known_keys() if not k.startswith(("company.", "email."))) +
        ", company.FIELD, email.LANG.KIND.subject|body", field=where)


def set_value(session: Session, key: str, raw, *, who: str | None = None) -> Change:
    """Validate and store one setting (in the caller's transaction), with an audit entry."""
    key = key.strip()
    value, warnings = parse_value(session, key, raw)
    store_key = "company" if key.startswith("company.") else key
    old = settings.get(session, store_key)
    if value is None:
        row = session.get(Setting, store_key)
        if row is not None:
            session.delete(row)
    else:
        settings.put(session, store_key, value)
    if old != value:
        audit.record(session, "settings.set", "setting", store_key,
                     {"key": key, "old": _audit_value(key, old),
                      "new": _audit_value(key, value)}, who=who)
    return Change(key, old, value, warnings)


def unset_value(session: Session, key: str, *, who: str | None = None) -> Change:
    """Back to the default (templates, smtp.*, pdf_folder); the time zone and the company
    profile cannot be removed."""
    key = key.strip()
    if key in ("timezone", "company") or key.startswith("company."):
        raise InputError("cannot be removed, only changed", field=key)
    if key not in SMTP_KEYS and key != "pdf_folder" and not mail_templates.parse_key(key):
        raise InputError("unknown setting", field=key)
    row = session.get(Setting, key)
    old = None if row is None else json.loads(row.value)
    if row is not None:
        session.delete(row)
        audit.record(session, "settings.unset", "setting", key,
                     {"key": key, "old": _audit_value(key, old)}, who=who)
    return Change(key, old, None, [])


def set_many(session: Session, values: dict[str, Any], *, who: str | None = None
             ) -> list[Change]:
    """Several settings at once (the Settings dialog): all are checked before any is kept;
    a value equal to the effective default of a template or smtp key is stored as unset."""
    changes = []
    for key, raw in values.items():
        parsed = mail_templates.parse_key(key)
        if parsed and isinstance(raw, str) and \
                raw.replace("\r\n", "\n").strip() == \
                mail_templates.DEFAULTS[parsed[0]][parsed[1]][parsed[2]].strip():
            changes.append(unset_value(session, key, who=who))
            continue
        if key in SMTP_KEYS and (raw is None or str(raw).strip() == ""):
            changes.append(unset_value(session, key, who=who))
            continue
        changes.append(set_value(session, key, raw, who=who))
    session.flush()
    return changes
