"""Is the Qt binding safe on this interpreter? (the ``none_dealloc`` crashes of issue 14)

PySide6 6.12.0's abi3 wheels, loaded by CPython 3.11, return ``None``/``True``/``False`` from
void calls and from ``Signal.emit()`` without taking a reference: every such call lowers the
singleton's reference count by one (measured: 1,000 ``QTimer.start``/``stop`` pairs -2,000
on ``None``, 1,000 ``emit()`` -1,000 on ``True``). On Python >= 3.12 those objects are immortal
and nothing happens; on 3.11 the count reaches zero after minutes to hours of use and
CPython aborts with ``Fatal Python error: none_dealloc: deallocating None`` (or
``bool_dealloc``) — on whatever thread happens to drop the last reference, which is why the
dumps showed pool workers inside SQLAlchemy. billdesk pins a binding without the defect
(pyproject.toml); this check makes a wrong installation fail loudly at start instead of
crashing a clerk's session later.
"""

from __future__ import annotations

import sys

CALLS = 200


def refcount_defect() -> str | None:
    """A sentence describing the defect, or None when the binding keeps its references."""
    if sys.version_info >= (3, 12):
        return None            # None/True/False are immortal: such a defect is harmless
    from PySide6.QtCore import QObject, QTimer, Signal

    class _Probe(QObject):
        pinged = Signal()

    probe, timer = _Probe(), QTimer()
    timer.setInterval(60_000)
    results = []
    n0, t0 = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        results.append(timer.start())        # a void method: returns None
        results.append(timer.stop())
        results.append(probe.pinged.emit())  # returns True
    results.clear()                          # each element gives its reference back
    # a correct binding ends where it began (give or take a few unrelated references)
    lost_none = n0 - sys.getrefcount(None)
    lost_true = t0 - sys.getrefcount(True)
    if lost_none >= CALLS or lost_true >= CALLS // 2:
        import ctypes

        import PySide6

        incref = ctypes.pythonapi.Py_IncRef
        incref.argtypes = [ctypes.py_object]
        for obj, lost in ((None, lost_none), (True, lost_true)):
            for _ in range(max(lost, 0)):     # give back what the probe took
                incref(obj)

        return (f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} loses "
                f"references to None ({lost_none} in {2 * CALLS} calls) and True "
                f"({lost_true} in {CALLS} emits); the app would crash with 'Fatal Python "
                "error: none_dealloc'. Install the pinned version (pip install -e .) or use "
                "Python 3.12 or later.")
    return None


__all__ = ["refcount_defect"]
