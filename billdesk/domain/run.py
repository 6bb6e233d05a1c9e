"""Bill-run vocabulary: statuses, options, error codes."""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    COMPLETED = "completed"
    COMPLETED_WITH_ERRORS = "completed_with_errors"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    FINALIZED = "finalized"


class ErrorMode(StrEnum):
    STRICT = "strict"
    LENIENT = "lenient"


class BillingMode(StrEnum):
    CREATE = "create"
    CREATE_AND_CORRECT = "create-and-correct"


class AttemptStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"


class ErrorCode(StrEnum):
    NO_TARIFF = "NO_TARIFF"
    NO_METER_DATA = "NO_METER_DATA"
    DATA_QUALITY = "DATA_QUALITY"
    ALREADY_BILLED = "ALREADY_BILLED"
    UNCHANGED = "UNCHANGED"
    ALLOCATION_ERROR = "ALLOCATION_ERROR"
    IMPLAUSIBLE_AMOUNT = "IMPLAUSIBLE_AMOUNT"
    INTERNAL = "INTERNAL"
