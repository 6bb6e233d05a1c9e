"""SQLAlchemy 2 typed models. The schema is created and migrated by Alembic (db/).

One job, kept whole (~420 lines): the table definitions, in one module so that the schema
the migrations are compared with (tests/store/test_migrations.py) is read in one place."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer,
                        LargeBinary, String, Text, UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from billdesk.store.base import NAMING, Base, utcnow  # noqa: F401 - re-exported


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ImportRecord(Base):
    """One import of one file (readings, accounts, …)."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MeteringPoint(Base):
    """One series of interval data: a meter code, its direction (``kind``) and its channel.

    A bidirectional meter has one row per direction under the same code. ``channel`` is
    ``total`` for the measured energy; ``local`` and ``residual`` hold the energy community
    split a grid operator delivers (SDAT-CH LEG products, EDA EEG meter codes), stored
    beside the member's own point (docs/formats.md).
    """

    __tablename__ = "metering_points"
    __table_args__ = (UniqueConstraint("code", "kind", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # consumption | production
    channel: Mapped[str] = mapped_column(String(16), default="total",
                                         server_default="total")  # total | local | residual


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    street: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(16), default="")
    city: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="CH")
    language: Mapped[str] = mapped_column(String(2), default="de")
    email: Mapped[str | None] = mapped_column(Text)
    tariff_code: Mapped[str | None] = mapped_column(String(64), index=True)
    supply_start: Mapped[date] = mapped_column(Date)
    supply_end: Mapped[date | None] = mapped_column(Date)
    consumption_point_id: Mapped[int | None] = mapped_column(ForeignKey("metering_points.id"))
    production_point_id: Mapped[int | None] = mapped_column(ForeignKey("metering_points.id"))
    # a producer registered for VAT: its feed-in credit carries VAT (docs/billing-rules.md)
    vat_registered: Mapped[bool] = mapped_column(Boolean, default=False,
                                                 server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consumption_point: Mapped[MeteringPoint | None] = relationship(
        foreign_keys=[consumption_point_id])
    production_point: Mapped[MeteringPoint | None] = relationship(
        foreign_keys=[production_point_id])
    groups: Mapped[list["AccountGroup"]] = relationship(cascade="all, delete-orphan")


class AccountGroup(Base):
    """A customer-group tag on an account."""

    __tablename__ = "account_groups"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"),
                                            primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class IntervalChunk(Base):
    """One metering point's 15-minute values for one local month, one version.

    ``kwh`` holds little-endian int32 in units of 0.0001 kWh, ``flags`` uint8 Quality values,
    both ``n_intervals`` long from ``start_utc``. Intervals never delivered are flagged
    missing. A corrected delivery adds version n+1 and clears ``is_current`` on version n.
    """

    __tablename__ = "interval_chunks"
    __table_args__ = (
        UniqueConstraint("metering_point_id", "month", "version"),
        Index("ix_interval_chunks_current", "month", "is_current", "metering_point_id"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    metering_point_id: Mapped[int] = mapped_column(ForeignKey("metering_points.id"))
    month: Mapped[date] = mapped_column(Date)
    start_utc: Mapped[datetime]
    n_intervals: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    kwh: Mapped[bytes] = mapped_column(LargeBinary)
    flags: Mapped[bytes] = mapped_column(LargeBinary)
    # creation time of the document that delivered each interval's current value, run-length
    # encoded as little-endian int64 pairs (first interval, epoch microseconds); NULL for
    # chunks written before this column existed: their delivered intervals count as
    # created at ``received_at`` (billdesk.store.intervals.decode_times)
    doc_times: Mapped[bytes | None] = mapped_column(LargeBinary)


class Tariff(Base):
    __tablename__ = "tariffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(64))
    versions: Mapped[list["TariffVersionRow"]] = relationship(
        back_populates="tariff", order_by="TariffVersionRow.valid_from",
        cascade="all, delete-orphan")


class TariffVersionRow(Base):
    __tablename__ = "tariff_versions"
    __table_args__ = (UniqueConstraint("tariff_id", "valid_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    definition: Mapped[dict] = mapped_column(JSON)  # the tariff JSON of this version
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    tariff: Mapped[Tariff] = relationship(back_populates="versions")
    components: Mapped[list["TariffComponentRow"]] = relationship(
        order_by="TariffComponentRow.position", cascade="all, delete-orphan")


class TariffComponentRow(Base):
    __tablename__ = "tariff_components"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("tariff_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    pricing: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(Text)
    vat_rate: Mapped[Decimal]
    params: Mapped[dict] = mapped_column(JSON)


class PriceSeriesRow(Base):
    __tablename__ = "price_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)


class PricePoint(Base):
    __tablename__ = "price_points"
    series_id: Mapped[int] = mapped_column(ForeignKey("price_series.id", ondelete="CASCADE"),
                                           primary_key=True)
    start_utc: Mapped[datetime] = mapped_column(primary_key=True)
    price: Mapped[Decimal]


class CommunityRow(Base):
    __tablename__ = "communities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    allocation: Mapped[str] = mapped_column(String(10))
    local_price: Mapped[Decimal]
    type: Mapped[str] = mapped_column(String(8), default="generic", server_default="generic")
    grid_discount: Mapped[Decimal | None]       # leg: percent off grid usage on local energy
    price_cap: Mapped[str | None] = mapped_column(String(16))  # zev/vzev: external | percent
    local_prices: Mapped[dict | None] = mapped_column(JSON)    # time-of-use: period -> price
    surplus_price: Mapped[Decimal | None]       # paid to producers for surplus fed in
    production_points: Mapped[list["CommunityProductionPoint"]] = relationship(
        cascade="all, delete-orphan")
    members: Mapped[list["CommunityMember"]] = relationship(cascade="all, delete-orphan")


class CommunityProductionPoint(Base):
    __tablename__ = "community_production_points"
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"),
                                              primary_key=True)
    metering_point_id: Mapped[int] = mapped_column(ForeignKey("metering_points.id"),
                                                   primary_key=True)
    # the producer account paid for this point's energy by self-billing credit note
    producer_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    metering_point: Mapped[MeteringPoint] = relationship()


class CommunityMember(Base):
    __tablename__ = "community_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"),
                                              index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    share: Mapped[Decimal | None]
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    account: Mapped[Account] = relationship()


class BillRun(Base):
    __tablename__ = "bill_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    target: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(10))
    billing: Mapped[str] = mapped_column(String(20))
    thresholds: Mapped[dict] = mapped_column(JSON)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("bill_runs.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    owner: Mapped[str | None] = mapped_column(String(128))  # host:pid of the executing process
    total_amount: Mapped[Decimal | None]
    message: Mapped[str | None] = mapped_column(Text)
    # run options beyond the thresholds (plausibility factor, batch size, payable rounding)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    # set by 'run cancel' while another process executes the run; checked between batches
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    finalized_at: Mapped[datetime | None]


class BillingAttempt(Base):
    __tablename__ = "billing_attempts"
    __table_args__ = (UniqueConstraint("run_id", "account_id"),
                      Index("ix_billing_attempts_run_status", "run_id", "status", "position"))
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    error_code: Mapped[str | None] = mapped_column(String(24))
    message: Mapped[str | None] = mapped_column(Text)
    q_measured: Mapped[int] = mapped_column(Integer, default=0)
    q_substituted: Mapped[int] = mapped_column(Integer, default=0)
    q_estimated: Mapped[int] = mapped_column(Integer, default=0)
    q_missing: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[float | None]
    amount: Mapped[Decimal | None]
    finished_at: Mapped[datetime | None]
    # a worker's claim on a pending attempt (its batch in flight): "host:pid:token" and when;
    # cleared when the run is resumed, or by the run's owner when the claimer is gone
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]


class Bill(Base):
    __tablename__ = "bills"
    __table_args__ = (Index("ix_bills_account_period", "account_id", "period_start"),
                      Index("ix_bills_attempt_id", "attempt_id"),
                      Index("ix_bills_corrects_id", "corrects_id"))
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("billing_attempts.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(10))
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    net_total: Mapped[Decimal]
    vat_total: Mapped[Decimal]
    rounding: Mapped[Decimal]
    total: Mapped[Decimal]
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    tariff_code: Mapped[str] = mapped_column(String(64), default="")
    consumption_kwh: Mapped[Decimal]
    q_measured: Mapped[int] = mapped_column(Integer, default=0)
    q_substituted: Mapped[int] = mapped_column(Integer, default=0)
    q_estimated: Mapped[int] = mapped_column(Integer, default=0)
    q_missing: Mapped[int] = mapped_column(Integer, default=0)
    # community members: local energy and the saving against the standard product
    local_kwh: Mapped[Decimal | None]
    community_saving: Mapped[Decimal | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_at: Mapped[datetime | None]
    # what the bill was computed from, recorded when it was billed (points, interval-data
    # versions, supply, the run's input snapshots, daily kWh): docs/audit.md "Inputs record"
    inputs: Mapped[str | None] = mapped_column(Text)
    # set once, when the bill is issued (docs/audit.md): the frozen document (canonical
    # JSON), its SHA-256, the record hash of the previous document of its number series and
    # this document's record hash (the chain link)
    content: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    record_hash: Mapped[str | None] = mapped_column(String(64))
    lines: Mapped[list["BillLineRow"]] = relationship(order_by="BillLineRow.position",
                                                      cascade="all, delete-orphan")


class BillLineRow(Base):
    __tablename__ = "bill_lines"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    component: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal]
    unit: Mapped[str] = mapped_column(String(10))
    unit_price: Mapped[Decimal]
    net_amount: Mapped[Decimal]
    vat_rate: Mapped[Decimal]
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(Text)


class NumberSeries(Base):
    """Gap-free numbering: the last number issued per series (invoice, credit_note) and year."""

    __tablename__ = "number_series"
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class RunClaim(Base):
    """An account's month held by one active run: the primary key forbids a second claim."""

    __tablename__ = "run_claims"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id", ondelete="CASCADE"),
                                        index=True)


class RunWorker(Base):
    """One process working on one run (``run start``, its worker processes, ``--join``,
    ``billdesk worker``): the claims' lease and the worker's own counts.

    A pending attempt claimed by ``token`` is taken back by another worker once the claimer
    is gone: same host and its process has exited, or no heartbeat for ``lease_seconds``
    (``heartbeat_at`` is renewed by a thread of the worker every lease/4, also while a long
    batch is billed). ``accounts`` and ``batches`` grow in each batch's own transaction.
    """

    __tablename__ = "run_workers"
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id", ondelete="CASCADE"),
                                        primary_key=True)
    token: Mapped[str] = mapped_column(String(64), primary_key=True)  # host:pid:rand
    kind: Mapped[str] = mapped_column(String(12))      # run | join | worker
    host: Mapped[str] = mapped_column(String(128))
    pid: Mapped[int] = mapped_column(Integer)
    lease_seconds: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_batch_at: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
    accounts: Mapped[int] = mapped_column(Integer, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # the bill run the entry belongs to (its own actions, its bills' issue, export, send)
    run_id: Mapped[int | None] = mapped_column(Integer, index=True)


class RunInput(Base):
    """One input a run was billed with, as it was then (docs/audit.md "Input snapshots"): a
    tariff version, a price series over the period, a community with its members and data
    versions, the engine, or a tariff context; canonical JSON named by its SHA-256."""

    __tablename__ = "run_inputs"
    __table_args__ = (UniqueConstraint("run_id", "sha256"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bill_runs.id"))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class DocumentAsset(Base):
    """A file an issued document shows (the company logo), kept by content."""

    __tablename__ = "document_assets"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# models kept in their own modules, registered on the same metadata
from billdesk.store import app_models, dispatch_models  # noqa: E402,F401
