"""Pure billing: tariffs, allocation, data quality and money -> bill drafts.

numpy + Decimal (+ ``holidays``); no database, no Qt, no I/O. See docs/billing-rules.md.
"""

from billdesk.engine.allocation import AllocationError, allocate
from billdesk.engine.batch import bill_batch
from billdesk.engine.inputs import AccountOutcome, AccountSpec, BatchInput
from billdesk.engine.prices import expand_series
from billdesk.engine.quality import fill_gaps, quality_counts
from billdesk.engine.timegrid import time_grid

__all__ = ["AccountOutcome", "AccountSpec", "AllocationError", "BatchInput", "allocate",
           "bill_batch", "expand_series", "fill_gaps", "quality_counts", "time_grid"]
