"""Screenshots of each main view from the demo database (the database is copied, not changed).

    rm -f /tmp/gui-demo.sqlite*; .venv/bin/billdesk --db /tmp/gui-demo.sqlite demo
    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py /tmp/gui-demo.sqlite
"""

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).parent


def wait(ms):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(cond, timeout=60000):
    waited = 0
    while not cond() and waited < timeout:
        wait(100)
        waited += 100


def question_box(parent, title, text, details, yes):
    """The confirmation a clerk sees (built without exec, to be grabbed)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setInformativeText(details)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.show()
    return box


def main(db):
    from billdesk.domain.quality import Thresholds
    from billdesk.gui import i18n, jobs, workers
    from billdesk.gui.app import make_application
    from billdesk.gui.main_window import MainWindow
    from billdesk.gui.wizard import preset_period
    from billdesk.store import db as dbmod

    from PySide6.QtCore import QSettings

    tmp = Path(tempfile.mkdtemp())
    # a fresh workstation: no remembered widths, sorts or language
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "qs"))
    shutil.copy(db, tmp / "demo.sqlite")
    url = dbmod.to_url(tmp / "demo.sqlite")
    app = make_application()
    i18n.install(app, "en")
    w = MainWindow(url)
    w.resize(1400, 860)
    w.show()
    until(lambda: w.overview is not None and w.runs_page.loaded)
    info = jobs.create_run(url, preset_period("month"), "all", name="Monthly demo run",
                           thresholds=Thresholds(min_measured_share=0.97))
    w.controller.start(info.id)
    until(lambda: not w.controller.executing)
    jobs.rerun_failed(url, info.id)
    w.runs_page.refresh()
    until(lambda: w.runs_page.model.rowCount() == 2)
    wait(500)
    w.grab().save(str(OUT / "bill_runs.png"))
    w.open_run(info.id)
    until(lambda: w.run_detail.info is not None and w.run_detail.attempts.rowCount() > 0)
    wait(800)
    w.grab().save(str(OUT / "run_detail.png"))
    # Finalize asks first: the bills, their total, the numbers, the accounts left out
    p = jobs.finalize_preview(url, info.id)
    text, details, yes = w.run_actions.finalize_question(p)
    box = question_box(w, "Finalize run", text, details, yes)
    wait(300)
    box.grab().save(str(OUT / "finalize_question.png"))
    box.close()
    jobs.finalize_run(url, info.id)
    w.run_detail.reload()
    wait(800)
    w.nav.setCurrentRow(1)
    until(lambda: w.accounts_page.model.rowCount() > 0)
    w.accounts_page.table.selectRow(3)
    until(lambda: w.accounts_page.detail is not None)
    wait(1500)
    w.grab().save(str(OUT / "accounts.png"))
    w.nav.setCurrentRow(2)
    until(lambda: w.communities_page.result is not None)
    wait(800)
    w.grab().save(str(OUT / "communities.png"))
    w.nav.setCurrentRow(3)
    until(lambda: w.bills_page.model.ready and w.bills_page.model.bill_at(0) is not None)
    wait(500)
    w.grab().save(str(OUT / "bills.png"))
    bill = w.bills_page.model.bill_at(0)
    d = w.open_bill(bill.id)
    d.resize(900, 560)
    until(lambda: d.bill is not None)
    wait(400)
    d.grab().save(str(OUT / "bill_dialog.png"))
    d.close()
    w.nav.setCurrentRow(4)
    until(lambda: w.tariffs_page.model.rowCount() > 0)
    w.tariffs_page.table.selectRow(2)
    wait(500)
    w.grab().save(str(OUT / "tariffs.png"))
    w.tariffs_page.tabs.setCurrentIndex(1)
    wait(300)
    w.grab().save(str(OUT / "prices.png"))
    w.nav.setCurrentRow(5)
    p = w.import_page.panel
    bad = tmp / "accounts_bad.csv"
    src = (Path(__file__).parents[2] / "tests" / "data" / "accounts.csv").read_text()
    lines = src.splitlines()
    lines[2] = lines[2].replace(",de,", ",xx,").replace(",fr,", ",xx,")
    bad.write_text("\n".join(lines) + "\n")
    p.path.setText(str(bad))
    p.validate_only.setChecked(True)
    p.start()
    until(lambda: p.worker is None)
    wait(300)
    w.grab().save(str(OUT / "import.png"))
    jobs.create_run(url, preset_period("month"), "all", name="Draft over the same accounts")
    wiz = w.new_run()
    wiz.resize(1000, 720)
    wiz.next()
    until(lambda: wiz.target_page.options is not None)
    wait(200)
    wiz.grab().save(str(OUT / "wizard_target.png"))
    wiz.next()
    wiz.grab().save(str(OUT / "wizard_options.png"))
    wiz.options_page.share.setValue(97)
    wiz.next()
    until(lambda: wiz.quality_page.report is not None)
    wait(500)
    wiz.grab().save(str(OUT / "wizard_quality.png"))
    wiz.next()
    until(lambda: wiz.review_page.overlaps is not None)
    wait(300)
    wiz.grab().save(str(OUT / "wizard_review.png"))
    wiz.reject()
    s = w.open_settings()
    wait(800)
    s.tabs.setCurrentIndex(1)
    wait(200)
    s.grab().save(str(OUT / "settings_company.png"))
    s.reject()
    m = w.open_manual()
    m.resize(760, 640)
    wait(300)
    m.grab().save(str(OUT / "help_manual.png"))
    m.close()
    w.close()
    workers.wait_all(30)
    # the same window in German
    i18n.install(app, "de")
    g = MainWindow(url)
    g.resize(1400, 860)
    g.show()
    until(lambda: g.overview is not None and g.runs_page.loaded)
    g.open_run(info.id)
    until(lambda: g.run_detail.info is not None and g.run_detail.attempts.rowCount() > 0)
    # the failed attempts: the engine's messages and error codes in German
    d = g.run_detail
    d.status_filter.setCurrentIndex(d.status_filter.findData("failed"))
    d.table.resizeColumnToContents(d.attempts.Col.MESSAGE)
    wait(800)
    g.grab().save(str(OUT / "run_detail_de.png"))
    g.close()
    workers.wait_all(30)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])
    QApplication.instance().quit()
    import os

    os._exit(0)
