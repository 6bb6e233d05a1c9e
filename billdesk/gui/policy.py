"""One place that decides whether an action is allowed, and says why not on hover.

Every button or menu entry of an action that changes data is registered with its key
(``policy.bind(widget, "run.finalize")``); the policy enables it or disables it with the
reason as its tooltip, and handlers ask ``policy.check(key, parent)`` before they act (a
shortcut or a test can reach a disabled action). Today every action is allowed; the hooks
for what comes next are here:

* a read-only audit package (issue 10): ``policy.set_read_only(reason)`` — every key not in
  ``READ_ONLY_ALLOWED`` is refused;
* database roles (issue 13, PostgreSQL): ``policy.set_rule(fn)`` where
  ``fn(key) -> str | None`` returns the reason an action is refused (e.g. "finalizing needs
  the approver role; you are connected as clerk").
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QCoreApplication, QObject, Signal

#: the actions the app knows (documented in docs/gui.md)
ACTIONS = ("run.create", "run.start", "run.cancel", "run.rerun", "run.finalize", "run.export",
           "run.report", "run.send", "bill.cancel", "import", "settings.save",
           "template.save", "table.export")
READ_ONLY_ALLOWED = ("run.report", "table.export")


class Policy(QObject):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.read_only: str | None = None
        self.rule = None
        self._bound: list[tuple[weakref.ref, str, str]] = []

    # --- what decides
    def set_read_only(self, reason: str | None) -> None:
        self.read_only = reason
        self.refresh()

    def set_rule(self, fn) -> None:
        self.rule = fn
        self.refresh()

    def refused(self, key: str) -> str | None:
        """Why ``key`` is not allowed now (None: it is)."""
        if self.read_only and key not in READ_ONLY_ALLOWED:
            return self.read_only
        if self.rule is not None:
            return self.rule(key)
        return None

    def allowed(self, key: str) -> bool:
        return self.refused(key) is None

    def check(self, key: str, parent=None) -> bool:
        """Before acting: True, or tell the user why not and return False."""
        why = self.refused(key)
        if why is None:
            return True
        from billdesk.gui.common import show_error

        show_error(parent, QCoreApplication.translate("Policy", "Not allowed: {why}")
                   .format(why=why), True)
        return False

    # --- what shows it
    def bind(self, widget, key: str) -> None:
        """Enable/disable ``widget`` (a QWidget or QAction) by ``key``; the reason on hover."""
        tip = widget.toolTip() if hasattr(widget, "toolTip") else ""
        self._bound.append((weakref.ref(widget), key, tip))
        self._apply(widget, key, tip)

    def refresh(self) -> None:
        alive = []
        for ref, key, tip in self._bound:
            w = ref()
            if w is None:
                continue
            try:
                self._apply(w, key, tip)
            except RuntimeError:          # its C++ side is gone
                continue
            alive.append((ref, key, tip))
        self._bound = alive
        self.changed.emit()

    def _apply(self, widget, key: str, tip: str) -> None:
        why = self.refused(key)
        widget.setEnabled(why is None)
        widget.setToolTip(tip if why is None else why)


_policy: Policy | None = None


def policy() -> Policy:
    """The app's policy (one per process; the main window's actions bind to it)."""
    global _policy
    if _policy is None:
        _policy = Policy()
    return _policy


def enable(widget, key: str, ok: bool = True, why: str | None = None) -> None:
    """Enable ``widget`` when its state allows (``ok``) and the policy allows ``key``; the
    reason it is disabled (the policy's first) on hover."""
    refused = policy().refused(key)
    widget.setEnabled(ok and refused is None)
    if refused is not None:
        widget.setToolTip(refused)
    elif not ok and why:
        widget.setToolTip(why)
    else:
        widget.setToolTip(getattr(widget, "base_tip", "") or "")
