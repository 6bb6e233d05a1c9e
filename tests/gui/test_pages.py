"""Models, import report, settings, translations and a real X server smoke test."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from billdesk.gui import jobs

pytestmark = pytest.mark.gui
DATA = Path(__file__).parent.parent / "data"


def test_every_small_model_passes_the_model_tester(qtmodeltester, demo_db):
    from billdesk.gui import models
    from billdesk.gui.wizard import preset_period

    tariffs, series, _pts = jobs.load_tariffs(demo_db)
    comm = jobs.load_communities(demo_db)[0]
    res = jobs.load_community(demo_db, comm.name, preset_period("month"))
    assert abs(res.local.sum() - min(res.production.sum(), res.local.sum())) < 1e-6
    for cls, rows in ((models.TariffsModel, tariffs),
                      (models.PriceSeriesModel, series), (models.MembersModel, res.members),
                      (models.ImportErrorsModel, [("a.csv", 3, "language", "bad")])):
        m = cls()
        m.set_rows(rows)
        assert m.rowCount() == len(rows) > 0
        qtmodeltester.check(m)


def test_import_validate_only_and_error_with_line(qtbot, demo_db, tmp_path):
    from billdesk.gui.dialogs import ImportPanel

    p = ImportPanel(demo_db, "tariffs")
    qtbot.addWidget(p)
    p.path.setText(str(DATA / "tariffs.json"))
    p.validate_only.setChecked(True)
    with qtbot.waitSignal(p.imported, timeout=20000) as sig:
        p.start()
    assert sig.args[0].validate_only and "nothing was written" in p.result.text()
    qtbot.waitUntil(lambda: p.worker is None)
    bad = tmp_path / "accounts.csv"
    lines = (DATA / "accounts.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",de,", ",xx,").replace(",fr,", ",xx,")
    bad.write_text("\n".join(lines) + "\n")
    p.kind.setCurrentIndex(0)
    p.path.setText(str(bad))
    p.start()
    qtbot.waitUntil(lambda: p.worker is None and p.errors.rowCount() == 1, timeout=20000)
    file, line, field, message = p.errors.rows()[0]
    assert file == "accounts.csv" and line == 3 and field
    # the bar says the validation failed, not "0 %"; the next start shows a percentage again
    assert p.progress.text() == "Failed" and p.progress.value() == p.progress.minimum()
    p.path.setText(str(DATA / "tariffs.json"))
    p.kind.setCurrentIndex(p.kind.findData("tariffs"))
    with qtbot.waitSignal(p.imported, timeout=20000):
        p.start()
    assert p.progress.text() == "100%"


def test_settings_company_goes_to_the_database(qtbot, demo_db):
    from PySide6.QtCore import QSettings

    from billdesk.gui.dialogs import SettingsDialog

    d = SettingsDialog(demo_db)
    qtbot.addWidget(d)
    qtbot.waitUntil(lambda: "database" in d.company_note.text().lower(), timeout=10000)
    d.company["name"].setText("EW Musterdorf AG")
    d.company["iban"].setText("CH44 3199 9123 0008 8901 2")
    d.pg_password.setText("secret")   # SQLite chosen: never stored anywhere
    d.save()
    qtbot.waitUntil(lambda: jobs.load_company(demo_db).get("name") == "EW Musterdorf AG",
                    timeout=10000)
    s = QSettings()
    assert "secret" not in " ".join(str(s.value(k)) for k in s.allKeys())


def test_settings_company_registration_id_of_a_seller_not_registered_for_vat(qtbot, demo_db,
                                                                             tmp_path):
    """The company tab holds the registration id (BT-30) and its scheme: a Swiss UID is
    stored in its official form with scheme 0183; the VAT number may be left empty."""
    from billdesk.gui.dialogs import SettingsDialog

    d = SettingsDialog(demo_db)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: "settings key" in d.company_note.text(), timeout=10000)
    assert {"registration_id", "registration_scheme"} <= set(d.company)
    d.company["vat_number"].setText("")
    d.company["registration_id"].setText("che116281710")
    from PySide6.QtWidgets import QTabWidget

    tabs = d.findChild(QTabWidget)
    tabs.setCurrentIndex(1)                         # Company: look at it as a user would
    d.grab().save(str(tmp_path / "settings_company.png"))
    d.save()
    qtbot.waitUntil(lambda: jobs.load_company(demo_db).get("registration_id")
                    == "CHE-116.281.710", timeout=10000)
    company = jobs.load_company(demo_db)
    assert company["registration_scheme"] == "0183" and not company["vat_number"]


def test_connection_test_runs_on_a_worker(qtbot, demo_db):
    from billdesk.gui.dialogs import SettingsDialog

    d = SettingsDialog(demo_db)
    qtbot.addWidget(d)
    d.test_connection()
    qtbot.waitUntil(lambda: "Connected" in d.test_result.text(), timeout=10000)


def test_german_translation_loads(qapp):
    from PySide6.QtCore import QCoreApplication

    from billdesk.gui import i18n

    try:
        i18n.install(qapp, "de")
        assert QCoreApplication.translate("MainWindow", "Bill Runs") == "Rechnungsläufe"
    finally:
        i18n.install(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "Bill Runs") == "Bill Runs"


@pytest.mark.xvfb
def test_app_starts_in_a_real_x_server(demo_db, tmp_path):
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed")
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen([xvfb, display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        if server.poll() is not None:
            pytest.skip("Xvfb did not start")
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
                   BILLDESK_HOME=str(tmp_path / "home"))
        db = demo_db.removeprefix("sqlite:///")
        out = subprocess.run([sys.executable, "-m", "billdesk.gui.app", "--db", db,
                              "--self-check", "3"], env=env, capture_output=True, text=True,
                             timeout=90)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "self-check: ok" in out.stdout
    finally:
        server.terminate()
        server.wait(10)


def test_about_dialog_lists_versions_and_licences(qtbot):
    from billdesk.gui.about import BUNDLED, AboutDialog

    d = AboutDialog("SQLite /tmp/x.sqlite")
    qtbot.addWidget(d)
    assert d.items.count() == len(BUNDLED)
    for i in range(d.items.count()):
        d.items.setCurrentRow(i)
        assert len(d.text.toPlainText()) > 100, d.items.item(i).text()
    assert "SIL Open Font License" in d.items.item(0).text()


def test_account_picker_keeps_selection_across_searches(qtbot, qtmodeltester):
    import time

    from PySide6.QtCore import QItemSelectionModel

    from billdesk.gui.account_picker import AccountPicker

    p = AccountPicker()
    qtbot.addWidget(p)
    rows = [(f"A{i:06d}", f"Name {i}", "Zürich" if i % 2 else "Bern") for i in range(100_000)]
    t = time.perf_counter()
    p.set_accounts(rows)
    p.set_filter("A000017")
    assert time.perf_counter() - t < 2.0        # not per-row Qt items
    qtmodeltester.check(p.model_)
    assert p.model_.rowCount() == 1
    p.selectionModel().select(p.model_.index(0), QItemSelectionModel.SelectionFlag.Select)
    p.set_filter("A000042")
    p.selectionModel().select(p.model_.index(0), QItemSelectionModel.SelectionFlag.Select)
    assert p.selected_codes() == ["A000017", "A000042"]
    p.set_filter("A00001")                        # A000017 visible again, still selected
    assert len(p.selectionModel().selectedRows()) == 1
    p.set_filter("")
    assert p.model_.rowCount() == 100_000 and p.selected_codes() == ["A000017", "A000042"]
