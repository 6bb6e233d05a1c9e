"""Live notifications are read at most every LIVE_MIN_INTERVAL_MS (a running run notifies
on every batch of every worker), and none is left unread."""

from __future__ import annotations

import pytest

from billdesk.gui.live import Throttle

pytestmark = pytest.mark.gui


def test_a_burst_of_notifications_is_read_twice_and_the_last_one_is_not_lost(qtbot):
    calls = []
    t = Throttle(lambda: calls.append(1), ms=300)
    t()
    assert calls == [1]                      # the first one at once
    for _ in range(20):                      # a burst right after: one call when due
        t()
    assert calls == [1]
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    qtbot.wait(500)
    assert len(calls) == 2                   # not one call per notification
    t()                                      # after a quiet spell: at once again
    assert len(calls) == 3
