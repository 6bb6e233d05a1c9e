"""Delivery of issued documents: one row per e-mail message (or print entry) of a bill.

A bill's *current* delivery status is its newest row (highest id). A resend is a new row with
its own Message-ID; the older rows stay as the document's history. ``open_bill_id`` equals
``bill_id`` while a message is waiting or in flight (``queued``, ``sending``,
``delivering``) and is NULL otherwise: its unique index allows at most one open message per
bill, whichever process enqueues it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from billdesk.store.base import Base, utcnow

#: statuses of a message, in the order they are shown
STATUSES = ("queued", "sending", "delivering", "sent", "failed", "unknown", "bounced",
            "print", "printed")
#: statuses of a message that is waiting or in flight (it holds ``open_bill_id``)
OPEN = ("queued", "sending", "delivering")


class DispatchMessage(Base):
    __tablename__ = "dispatch_messages"
    __table_args__ = (Index("ix_dispatch_messages_run_status", "run_id", "status"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id"))
    channel: Mapped[str] = mapped_column(String(8))          # email | print
    status: Mapped[str] = mapped_column(String(12))
    open_bill_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), unique=True)
    recipient: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2), default="de")
    subject: Mapped[str | None] = mapped_column(Text)
    # the Message-ID header, generated when the message is queued and kept for every retry
    message_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    resend: Mapped[bool] = mapped_column(Boolean, default=False)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None]
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))   # host:pid:token of the sender
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    server_reply: Mapped[str | None] = mapped_column(Text)      # the server's answer to DATA
    server_id: Mapped[str | None] = mapped_column(String(255))  # its queue id, when it names one
    smtp_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    bounced_at: Mapped[datetime | None]
    bounce_reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
