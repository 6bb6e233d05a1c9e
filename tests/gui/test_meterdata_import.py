"""The Import page takes a folder (or several files), imports on a worker, reports per file."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.gui


def _demo_consumption_code(url):
    from billdesk.store import db
    from billdesk.store.models import MeteringPoint

    engine = db.make_engine(url)
    with db.session_factory(engine)() as s:
        code = s.scalar(select(MeteringPoint.code).where(MeteringPoint.kind == "consumption")
                        .order_by(MeteringPoint.id))
    engine.dispose()
    return code


def test_folder_import_with_report_and_drop(qtbot, demo_db, tmp_path, qtmodeltester):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from billdesk.gui.dialogs import ImportPanel
    from tests.meterdata.builders import local_day, sdat

    folder = tmp_path / "delivery"
    folder.mkdir()
    a, _ = local_day(date(2025, 1, 15))
    code = _demo_consumption_code(demo_db)
    (folder / "ok.xml").write_text(sdat(code, a, ["0.2"] * 96))
    (folder / "bad.xml").write_text(sdat(code, a, ["0.2"] * 96, conditions={3: "99"}))
    p = ImportPanel(demo_db, "readings")
    qtbot.addWidget(p)
    p.resize(900, 500)
    assert p.folder.isVisibleTo(p)
    # a folder dropped on the panel fills the path
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                    Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    p.dropEvent(ev)
    assert p.path.text() == str(folder)
    with qtbot.waitSignal(p.imported, timeout=30000) as sig:
        p.start()
    report = sig.args[0]
    assert report.count("imported") == 1 and report.count("refused") == 1
    qtbot.waitUntil(lambda: p.worker is None)
    assert p.table.model() is p.report and p.report.rowCount() == 2
    qtmodeltester.check(p.report)
    bad = next(r for r in p.report.rows() if r.status == "refused")
    assert "unknown Condition code '99'" in bad.error["message"]
    assert "1 refused" in p.result.text()
    p.grab().save(str(tmp_path / "import_folder.png"))
    assert Path(tmp_path / "import_folder.png").stat().st_size > 0


def test_cancel_rolls_back(qtbot, demo_db, tmp_path, monkeypatch):
    from sqlalchemy import func

    from billdesk.gui import dialogs
    from billdesk.gui.dialogs import ImportPanel
    from billdesk.store import db
    from billdesk.store.models import IntervalChunk
    from tests.meterdata.builders import local_day, sdat

    folder = tmp_path / "many"
    folder.mkdir()
    code = _demo_consumption_code(demo_db)
    for d in range(1, 29):
        a, _ = local_day(date(2025, 2, d))
        (folder / f"{d}.xml").write_text(sdat(code, a, ["0.2"] * 96))

    def chunks():
        engine = db.make_engine(demo_db)
        with db.session_factory(engine)() as s:
            n = s.scalar(select(func.count()).select_from(IntervalChunk))
        engine.dispose()
        return n

    before = chunks()
    submit = dialogs.workers.submit

    def cancelled_at_once(fn, *args, **kw):      # Cancel pressed before the first file
        def job(*a, cancelled=None, **k):
            return fn(*a, cancelled=lambda: True, **k)
        return submit(job, *args, **kw)
    monkeypatch.setattr(dialogs.workers, "submit", cancelled_at_once)
    p = ImportPanel(demo_db, "readings")
    qtbot.addWidget(p)
    p.path.setText(str(folder))
    p.start()
    qtbot.waitUntil(lambda: p.worker is None, timeout=30000)
    assert "cancelled" in p.errors.rows()[0][3]
    assert "Nothing was written" in p.result.text()
    assert chunks() == before
