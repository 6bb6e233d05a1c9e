"""Pausing Python's cycle collector while a batch makes many small objects.

Billing and writing a batch creates hundreds of thousands of short-lived, acyclic objects
(Decimals, lines, row tuples); the cycle collector would scan the whole heap again and again
meanwhile (a third of a batch's time was measured in it). Nothing of a batch forms cycles
that must be freed before the batch ends; the collector runs again after it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
