"""What the connected database user may do, for the GUI: actions it may not take are
disabled, with the reason on hover.

The answer comes from the core (billdesk.store.access.whoami: role membership and the
database's own privileges), loaded once on a pool worker; until it is known everything stays
enabled (the database refuses anyway, and the refusal is shown as a clean message).
``gate(widget_or_action, capability)`` is the one hook the pages call.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: GUI action keys -> capability (billdesk.store.access.CAPABILITIES)
ACTIONS = {"start": "run.start", "resume": "run.start", "queue": "run.start",
           "cancel": "run.cancel", "rerun": "run.create", "finalize": "run.finalize",
           "export": "export", "send": "send", "new": "run.create", "import": "import",
           "settings": "settings"}


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
        self.identity = identity
        self.changed.emit()

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
