"""``billdesk settings show|set|unset|smtp-password``: every database setting of the app."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from billdesk.cli.common import emit, open_db
from billdesk.domain.errors import InputError
from billdesk.store import db as dbmod


def register(sub) -> None:
    p = sub.add_parser("settings", help="show and change the database settings")
    ssub = p.add_subparsers(dest="settings_command", metavar="ACTION")
    show = ssub.add_parser("show", help="every setting with its value")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    st = ssub.add_parser("set", help="change one setting (validated; audited)")
    st.add_argument("key", help="timezone, pdf_folder, company, company.FIELD, smtp.*, "
                    "email.LANG.KIND.subject|body")
    st.add_argument("value", nargs="?", help="the value (or --file)")
    st.add_argument("--file", help="read the value from a file (company: a JSON object; "
                    "templates: UTF-8 text)")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_set, capability="settings")

    un = ssub.add_parser("unset", help="back to the default (smtp.*, pdf_folder, templates)")
    un.add_argument("key")
    un.add_argument("--json", action="store_true")
    un.set_defaults(func=cmd_unset, capability="settings")

    pw = ssub.add_parser("smtp-password", help="store the SMTP password in the system "
                         "keyring (read from the terminal, or one line on standard input)")
    pw.add_argument("--delete", action="store_true", help="remove it from the keyring")
    pw.add_argument("--json", action="store_true")
    pw.set_defaults(func=cmd_password, capability="send")   # a password to send with


def _text(value) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def cmd_show(args: argparse.Namespace) -> int:
    from billdesk.store.settings_catalog import show

    engine = open_db(args)
    with dbmod.session_factory(engine)() as s:
        data = show(s)
    lines = [f"timezone = {data['timezone']}", f"pdf_folder = {data['pdf_folder']}"]
    company = data["company"] or {}
    if not company:
        lines.append("company = (not set: PDF export needs it)")
    for k, v in company.items():
        lines.append(f"company.{k} = {_text(v)}")
    for k, v in data["smtp"].items():
        lines.append(f"smtp.{k} = {_text(v)}")
    lines.append(f"smtp password: {data['smtp_password']}")
    for lang, kinds in data["email_templates"].items():
        for kind, t in kinds.items():
            mark = "" if t["customized"] else "  (default)"
            lines.append(f"email.{lang}.{kind}.subject = {t['subject']}{mark}")
            lines.append(f"email.{lang}.{kind}.body = "
                         + t["body"].replace("\n", "\\n")[:100] + ("…" if len(t["body"]) > 100
                                                                   else "") + mark)
    emit(args, data, "\n".join(lines))
    return 0


def _read_value(args) -> object:
    if args.file and args.value is not None:
        raise InputError("give a value or --file, not both", field="--file")
    if args.file:
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read it: {exc}", file=str(path)) from None
        if args.key == "company":
            try:
                return json.loads(text)
            except ValueError as exc:
                raise InputError(f"not JSON: {exc.msg}", file=str(path),
                                 line=getattr(exc, "lineno", None)) from None
        return text
    if args.value is None:
        raise InputError("a value is needed (or --file)", field="value")
    return args.value


def cmd_set(args: argparse.Namespace) -> int:
    from billdesk.store.settings_catalog import set_value

    raw = _read_value(args)
    engine = open_db(args)
    with dbmod.transaction(dbmod.session_factory(engine)) as s:
        change = set_value(s, args.key, raw)
    for w in change.warnings:
        print(f"billdesk: warning: {w}", file=sys.stderr)
    emit(args, {"key": change.key, "old": change.old, "new": change.new,
                "warnings": change.warnings},
         f"{change.key} = {_text(change.new)}" if change.old != change.new
         else f"{change.key} unchanged")
    return 0


def cmd_unset(args: argparse.Namespace) -> int:
    from billdesk.store.settings_catalog import unset_value

    engine = open_db(args)
    with dbmod.transaction(dbmod.session_factory(engine)) as s:
        change = unset_value(s, args.key)
    emit(args, {"key": change.key, "old": change.old, "new": None},
         f"{change.key}: back to the default")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    from billdesk.store import audit, credentials
    from billdesk.store.settings_catalog import smtp_settings

    engine = open_db(args)
    factory = dbmod.session_factory(engine)
    with factory() as s:
        smtp = smtp_settings(s)
    if not smtp.host or not smtp.user:
        raise InputError("set smtp.host and smtp.user first (the keyring entry is USER@HOST)",
                         field="smtp.user")
    if args.delete:
        password = None
    elif sys.stdin.isatty():
        password = getpass.getpass(f"SMTP password for {smtp.user}@{smtp.host}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if password == "":
        raise InputError("an empty password; nothing stored", field="password")
    try:
        credentials.set_smtp_password(smtp.user, smtp.host, password)
    except RuntimeError as exc:
        raise InputError(str(exc), field="keyring") from None
    with dbmod.transaction(factory) as s:
        audit.record(s, "settings.smtp_password", "setting", "smtp.password",
                     {"user": smtp.user, "host": smtp.host,
                      "action": "delete" if args.delete else "set"})
    emit(args, {"user": smtp.user, "host": smtp.host, "stored": not args.delete,
                "keyring": credentials.keyring_backend()},
         f"SMTP password for {smtp.user}@{smtp.host} "
         + ("removed from" if args.delete else "stored in") + " the system keyring")
    return 0
