"""What the connected database user may do, for the GUI: actions it may not take are
disabled, with the reason on hover.

The answer comes from the core (billdesk.store.access.whoami: role membership and the
database's own privileges), loaded once on a pool worker; until it is known everything stays
enabled (the database refuses anyway, and the refusal is shown as a clean message).
Once known, it becomes the rule of the app's policy (``billdesk.gui.policy.set_rule``): every
widget and action bound there (``policy().bind(w, "run.finalize")``) follows the role, and
every handler checks before it acts. ``gate(widget_or_action, capability)`` is kept for the
few widgets outside the policy's keys (the delivery panel's buttons).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: GUI action keys -> capability (billdesk.store.access.CAPABILITIES)
ACTIONS = {"start": "run.start", "resume": "run.start", "queue": "run.start",
           "cancel": "run.cancel", "rerun": "run.create", "finalize": "run.finalize",
           "export": "export", "send": "send", "new": "run.create", "import": "import",
           "settings": "settings"}

#: gui.policy's action keys -> capability (None: reading is enough)
POLICY_KEYS = {"run.create": "run.create", "run.start": "run.start",
               "run.cancel": "run.cancel", "run.rerun": "run.create",
               "run.finalize": "run.finalize", "run.export": "export", "run.report": None,
               "run.send": "send", "bill.cancel": "run.finalize", "import": "import",
               "settings.save": "settings", "template.save": "run.create",
               "table.export": None}


def load_identity(url, progress=None, cancelled=None):
    """A pool job: the connected user's Identity (plain dataclass)."""
    from billdesk.gui.engines import engine_for
    from billdesk.store.access import whoami

    return whoami(engine_for(url))


class Permissions(QObject):
    changed = Signal()

    def __init__(self, url: str | None = None, parent=None):
        super().__init__(parent)
        self.identity = None
        self._base_tips: dict[int, str] = {}
        if url is not None:
            from billdesk.gui import workers

            workers.submit(load_identity, url, on_success=self.set_identity)

    def set_identity(self, identity) -> None:
        from billdesk.gui.policy import policy

        self.identity = identity
        policy().set_rule(self.refused)
        self.changed.emit()

    def refused(self, key: str) -> str | None:
        """The policy's rule: why the user may not take the action ``key`` (None: may)."""
        cap = POLICY_KEYS.get(key, key)
        return None if cap is None else self.allowed(cap)[1]

    def allowed(self, capability: str) -> tuple[bool, str | None]:
        if self.identity is None:
            return True, None
        if self.identity.can(capability):
            return True, None
        return False, self.tr("Not allowed for {user}: {why}").format(
            user=self.identity.user, why=self.identity.why_not(capability))

    def gate(self, item, capability: str | None) -> bool:
        """Enable ``item`` (a widget or QAction) when the user may, else disable it and say
        why in its tool tip; returns whether it is allowed. ``capability`` may be an action
        key of ACTIONS; anything else (e.g. "open") is always allowed."""
        from billdesk.store.access import BY_NAME

        cap = ACTIONS.get(capability) or (capability if capability in BY_NAME else None)
        ok, why = self.allowed(cap) if cap else (True, None)
        key = id(item)
        if key not in self._base_tips:
            self._base_tips[key] = item.toolTip() if hasattr(item, "toolTip") else ""
        item.setEnabled(ok)
        item.setToolTip(why or self._base_tips[key])
        return ok
