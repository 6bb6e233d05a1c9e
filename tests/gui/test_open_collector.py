"""Opening the app: the long-lived objects are out of the cyclic collector's sight
(``gc.freeze`` in ``Launcher.start`` and after the preload), so that a full collection set off
by the window's imports walks only the new objects — a full collection of everything took
75-100 ms holding the interpreter lock on the preload worker (issue 14, the open step)."""

from __future__ import annotations

import gc


def _tracked(obj) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_the_objects_made_before_the_opening_are_frozen(qtbot, demo_db):
    from billdesk.gui import app as appmod

    before = ["made before the opening", []]          # a list: always tracked
    assert _tracked(before)
    launcher = appmod.Launcher(demo_db)
    try:
        launcher.start()
        assert not _tracked(before)               # frozen at start: never walked again
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=30000)
        import billdesk.gui.wizard as wizard      # imported by the preload, frozen after it

        assert not _tracked(vars(wizard))
        assert gc.get_freeze_count() > 0
        launcher.window.close()
        launcher.window.deleteLater()
    finally:
        gc.unfreeze()                             # the other tests' garbage is collected
