"""Importing bounces: documents whose message came back undelivered become ``bounced``.

Input (any mix, files or folders):

* delivery status notifications (RFC 3464 ``multipart/report; report-type=delivery-status``)
  as ``.eml`` files or an mbox: every recipient block with ``Action: failed`` is a bounce
  (``delayed``, ``delivered``, ``relayed``, ``expanded`` are not). The message is found by
  the original Message-ID (from the returned ``message/rfc822`` or ``text/rfc822-headers``
  part, or anywhere in the report), else by the failed recipient;
* a CSV with a header row and the columns ``message_id`` and/or ``recipient``, optionally
  ``reason`` and ``date`` (ISO 8601) — e.g. an export of a mail provider's bounce list.

Matching by recipient alone takes the newest message sent to that address. Only a ``sent``
(or ``unknown``) message becomes ``bounced``; one already bounced counts as ``already``.
The whole import is one transaction: a malformed CSV line changes nothing (exit 2 with
file, line and field).
"""

from __future__ import annotations

import csv
import email
import mailbox
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import Message
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from billdesk.domain.errors import InputError
from billdesk.store import audit
from billdesk.store.db import transaction
from billdesk.store.dispatch_models import DispatchMessage
from billdesk.store.models import Bill

_MSGID = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")


@dataclass
class Bounce:
    source: str                    # file (and line / message number)
    message_id: str | None
    recipient: str | None
    reason: str
    at: datetime | None = None


@dataclass
class BounceImport:
    files: int = 0
    bounced: int = 0
    already: int = 0
    ignored: int = 0
    unmatched: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"files": self.files, "bounced": self.bounced, "already": self.already,
                "ignored": self.ignored, "unmatched": self.unmatched,
                "documents": self.documents}


# ----------------------------------------------------------------------------- parsing
def _norm_id(text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    m = _MSGID.search(text)
    if m:
        return m.group(0)
    return f"<{text.strip('<>')}>" if "@" in text else None


def _addr(value: str | None) -> str | None:
    """``rfc822; a@b`` -> ``a@b``."""
    if not value:
        return None
    v = str(value).split(";", 1)[-1].strip().strip("<>").strip()
    return v.lower() or None


def _original_id(msg: Message) -> str | None:
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message) and inner.get("Message-ID"):
                return _norm_id(inner["Message-ID"])
        if ctype == "text/rfc822-headers":
            text = part.get_payload(decode=True) or b""
            hdrs = email.message_from_bytes(text, policy=policy.compat32)
            if hdrs.get("Message-ID"):
                return _norm_id(hdrs["Message-ID"])
    return None


def _dsn_blocks(msg: Message) -> list[Message] | None:
    for part in msg.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            if isinstance(payload, list):
                return [p for p in payload if isinstance(p, Message)]
            text = part.get_payload(decode=True) or b""
            blocks = re.split(rb"\r?\n\r?\n", text.strip())
            return [email.message_from_bytes(b, policy=policy.compat32) for b in blocks]
    return None


def parse_dsn(msg: Message, source: str) -> tuple[list[Bounce], int]:
    """The failed recipients of one notification, and the number of non-failure blocks."""
    original = _original_id(msg)
    date = None
    if msg.get("Date"):
        try:
            date = email.utils.parsedate_to_datetime(str(msg["Date"]))
            if date.tzinfo is None:
                date = date.replace(tzinfo=timezone.utc)
        except (TypeError, ValueError):
            date = None
    blocks = _dsn_blocks(msg)
    bounces: list[Bounce] = []
    ignored = 0
    if blocks is None:
        # not a standard report: a bounce only if it quotes one of our Message-IDs
        body = msg.as_string() if hasattr(msg, "as_string") else str(msg)
        ids = _MSGID.findall(body)
        subject = str(msg.get("Subject", ""))
        if original is None and ids:
            own = msg.get("Message-ID")
            ids = [i for i in ids if _norm_id(own) != i]
            original = ids[0] if ids else None
        if original:
            bounces.append(Bounce(source, original, None,
                                  subject or "bounce without a delivery status", date))
        return bounces, 0
    for block in blocks[1:] if len(blocks) > 1 else blocks:
        action = str(block.get("Action", "")).strip().lower()
        recipient = _addr(block.get("Final-Recipient") or block.get("Original-Recipient"))
        if not recipient and not action:
            continue
        if action != "failed":
            ignored += 1
            continue
        status = str(block.get("Status", "")).strip()
        diag = " ".join(str(block.get("Diagnostic-Code", "")).split())
        reason = "; ".join(x for x in (status, diag) if x) or "failed"
        bounces.append(Bounce(source, original, recipient, reason, date))
    return bounces, ignored


def _read_csv(path: Path) -> list[Bounce]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read it: {exc}", file=str(path)) from None
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if not header:
        raise InputError("empty file", file=str(path), line=1)
    cols = [h.strip().lower() for h in header]
    if "message_id" not in cols and "recipient" not in cols:
        raise InputError("the header needs a 'message_id' or a 'recipient' column",
                         file=str(path), line=1, field="header")
    out = []
    for n, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(cols):
            raise InputError(f"{len(row)} values for {len(cols)} columns", file=str(path),
                             line=n)
        r = dict(zip(cols, (c.strip() for c in row)))
        mid = r.get("message_id") or None
        if mid and _norm_id(mid) is None:
            raise InputError(f"{mid!r} is not a Message-ID", file=str(path), line=n,
                             field="message_id")
        rcpt = r.get("recipient") or None
        if rcpt and "@" not in rcpt:
            raise InputError(f"{rcpt!r} is not an e-mail address", file=str(path), line=n,
                             field="recipient")
        if not mid and not rcpt:
            raise InputError("a message_id or a recipient is needed", file=str(path),
                             line=n, field="message_id")
        at = None
        if r.get("date"):
            try:
                at = datetime.fromisoformat(r["date"].replace("Z", "+00:00"))
            except ValueError:
                raise InputError(f"{r['date']!r} is not an ISO 8601 date", file=str(path),
                                 line=n, field="date") from None
            if at.tzinfo is None:
                at = at.replace(tzinfo=timezone.utc)
        out.append(Bounce(f"{path.name}:{n}", _norm_id(mid), rcpt.lower() if rcpt else None,
                          r.get("reason") or "bounced", at))
    return out


def _is_csv(path: Path, head: bytes) -> bool:
    if path.suffix.lower() == ".csv":
        return True
    first = head.split(b"\n", 1)[0].lower()
    return b"," in first and (b"message_id" in first or b"recipient" in first) \
        and b":" not in first


def read_bounces(paths: list[str]) -> tuple[list[Bounce], int, int, list[str]]:
    """(bounces, files read, non-failure notifications, files that were no bounce)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file())
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    bounces: list[Bounce] = []
    ignored = 0
    not_bounces: list[str] = []
    for f in files:
        try:
            head = f.open("rb").read(4096)
        except OSError as exc:
            raise InputError(f"cannot read it: {exc}", file=str(f)) from None
        if _is_csv(f, head):
            bounces += _read_csv(f)
            continue
        if head.startswith(b"From "):
            messages = [(f"{f.name}#{i + 1}", m) for i, m in enumerate(mailbox.mbox(str(f)))]
        else:
            with f.open("rb") as fh:
                messages = [(f.name, email.message_from_binary_file(fh,
                                                                     policy=policy.compat32))]
        for source, msg in messages:
            found, n_ignored = parse_dsn(msg, source)
            ignored += n_ignored
            if not found and not n_ignored:
                not_bounces.append(f"{source}: no delivery failure found")
            bounces += found
    return bounces, len(files), ignored, not_bounces


# ----------------------------------------------------------------------------- import
def import_bounces(factory: sessionmaker, paths: list[str]) -> BounceImport:
    bounces, n_files, ignored, not_bounces = read_bounces(paths)
    result = BounceImport(files=n_files, ignored=ignored, unmatched=list(not_bounces))
    now = datetime.now(timezone.utc)
    with transaction(factory) as s:
        for b in bounces:
            m = None
            if b.message_id:
                m = s.scalar(select(DispatchMessage)
                             .where(DispatchMessage.message_id == b.message_id))
            if m is None and b.recipient:
                m = s.scalar(select(DispatchMessage)
                             .where(func.lower(DispatchMessage.recipient) == b.recipient,
                                    DispatchMessage.status.in_(("sent", "unknown",
                                                                "bounced")))
                             .order_by(DispatchMessage.id.desc()).limit(1))
            if m is None:
                result.unmatched.append(f"{b.source}: {b.message_id or b.recipient}")
                continue
            if m.status == "bounced":
                result.already += 1
                continue
            if m.status not in ("sent", "unknown"):
                result.already += 1
                continue
            m.status = "bounced"
            m.bounced_at = b.at or now
            m.bounce_reason = b.reason[:2000]
            number = s.scalar(select(Bill.number).where(Bill.id == m.bill_id))
            audit.record(s, "send.bounced", "bill", m.bill_id,
                         {"message_id": m.message_id, "recipient": m.recipient,
                          "reason": b.reason[:300], "source": b.source},
                         run_id=m.run_id)
            result.bounced += 1
            result.documents.append({"number": number, "bill_id": m.bill_id,
                                     "recipient": m.recipient, "message_id": m.message_id,
                                     "reason": b.reason})
        audit.record(s, "send.import_bounces", "file", ",".join(paths)[:64],
                     {"files": n_files, "bounced": result.bounced, "already": result.already,
                      "unmatched": len(result.unmatched)})
    return result
