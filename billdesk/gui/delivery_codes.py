"""The delivery states a run's documents table shows, in the order of its status column's
codes (billdesk.gui.send_jobs builds the table, billdesk.gui.send_models shows it)."""

#: the statuses a delivery table shows, in filter order ("" = not sent yet)
DELIVERY_CODES = ("", "queued", "sending", "delivering", "sent", "failed", "unknown",
                  "bounced", "print", "printed")
