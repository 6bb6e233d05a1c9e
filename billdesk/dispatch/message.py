"""The e-mail of one document, built with the standard library's ``email`` package.

Headers (From, To, Reply-To, Subject as RFC 2047 encoded words, Date, Message-ID,
Content-Language, Auto-Submitted) and the text part come from ``email.message.EmailMessage``
with the SMTP policy (CRLF). The PDF is attached as ``application/pdf`` in base64. The
``email`` generator writes a large base64 body line by line in Python (~3 ms for an 80 kB
PDF); here the attachment part is generated around a unique placeholder and the
placeholder is then replaced by ``base64.encodebytes`` of the PDF with CRLF line ends —
the same bytes, about ten times faster. The test suite parses the result back with
``email`` and compares the attachment with the PDF.
"""

from __future__ import annotations

import binascii
import uuid
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from datetime import datetime, timezone

from billdesk.pdf.batch import safe_component


class AddressError(ValueError):
    """An address that cannot be written into a header or an envelope."""


def split_address(text: str) -> tuple[str, str]:
    """(display name, address) of ``Name <a@b>`` or ``a@b``."""
    name, addr = parseaddr(text or "")
    if "@" not in addr:
        raise AddressError(f"{text!r} is not an e-mail address")
    return name, addr


def _header_address(name: str, addr: str) -> Address:
    local, _, domain = addr.rpartition("@")
    try:
        return Address(display_name=name or "", username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise AddressError(f"{addr!r}: {exc}") from None


def envelope_address(addr: str) -> tuple[str, bool]:
    """The address for MAIL FROM / RCPT TO: the domain in IDNA (xn--) form; and whether
    the local part needs SMTPUTF8."""
    local, _, domain = addr.rpartition("@")
    if not local or not domain:
        raise AddressError(f"{addr!r} is not an e-mail address")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressError(f"{addr!r}: invalid domain") from None
    return f"{local}@{domain}", not local.isascii()


def new_message_id(domain: str, number: str) -> str:
    """A globally unique Message-ID, generated when the message is queued (kept for
    every retry of the same message)."""
    return f"<{safe_component(number, 40)}.{uuid.uuid4().hex}@{domain}>"


@dataclass(frozen=True)
class Outline:
    """Everything of one message but the PDF bytes."""

    sender: str                # "Name <addr>"
    recipient_name: str
    recipient: str             # addr
    reply_to: str | None
    subject: str
    body: str
    message_id: str
    language: str              # de | fr | it | en
    number: str
    attachment_name: str


def _base64_lines(data: bytes) -> bytes:
    """Base64 in lines of 76 characters, each ended by CRLF (RFC 2045)."""
    enc = binascii.b2a_base64(data, newline=False)
    lines = [enc[i:i + 76] for i in range(0, len(enc), 76)]
    lines.append(b"")
    return b"\r\n".join(lines)


def build(o: Outline, pdf: bytes, now: datetime | None = None) -> bytes:
    """The message as bytes with CRLF line ends, ready for SMTP DATA (before dot-stuffing)."""
    msg = EmailMessage(policy=SMTP)
    s_name, s_addr = split_address(o.sender)
    msg["From"] = _header_address(s_name, s_addr)
    msg["To"] = _header_address(o.recipient_name, o.recipient)
    if o.reply_to:
        r_name, r_addr = split_address(o.reply_to)
        msg["Reply-To"] = _header_address(r_name, r_addr)
    msg["Subject"] = o.subject
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = o.message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Billdesk-Document"] = o.number
    msg.set_content(o.body, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.make_mixed()
    msg["Content-Language"] = f"{o.language}-CH"
    token = f"BILLDESKPDF{uuid.uuid4().hex}"
    part = MIMEPart(policy=SMTP)
    part["Content-Type"] = "application/pdf"
    part.set_param("name", o.attachment_name)
    part["Content-Transfer-Encoding"] = "base64"
    part["Content-Disposition"] = "attachment"
    part.set_param("filename", o.attachment_name, header="Content-Disposition")
    part.set_payload(token + "\r\n")
    msg.attach(part)
    raw = msg.as_bytes(policy=SMTP)
    encoded = _base64_lines(pdf)
    head, sep, tail = raw.partition(token.encode("ascii") + b"\r\n")
    if not sep or token.encode("ascii") in tail:
        raise RuntimeError("the attachment placeholder was not found exactly once")
    return head + encoded + tail
