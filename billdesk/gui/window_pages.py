"""The main window's pages, built the first time they are shown or used.

Opening the database builds the Bill Runs page only (the window opens in one short step);
the other pages and the run detail wait in the window's stack as placeholders at their
navigation row and are built — then read their data on a worker — on first use. Reading
``window.accounts_page`` (a ``_LazyPage``) builds the page if needed; ``window.built(name)``
never does.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from billdesk.gui.accounts_page import AccountsPage
from billdesk.gui.audit_log import AuditLogPage
from billdesk.gui.bills_page import BillsPage
from billdesk.gui.communities_page import CommunitiesPage
from billdesk.gui.dialogs import ImportPanel
from billdesk.gui.run_detail import RunDetailPage
from billdesk.gui.runs_page import RunsPage
from billdesk.gui.tariffs_page import TariffsPage


class ImportPage(QWidget):
    def __init__(self, url: str, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        title = QLabel(self.tr("<b>Import</b>: accounts, tariffs, index prices, energy "
                               "communities, or meter data: files or whole folders as "
                               "operators deliver them (SDAT-CH, EDA, MSCONS, portal exports, "
                               "billdesk CSV). Drop files or folders here."))
        title.setWordWrap(True)
        lay.addWidget(title)
        self.panel = ImportPanel(url)
        lay.addWidget(self.panel, 1)


#: the pages in their navigation order, then the run detail (reached from Bill Runs)
PAGE_ATTRS = ("runs_page", "accounts_page", "communities_page", "bills_page", "tariffs_page",
              "import_page", "audit_log_page", "run_detail")


class _LazyPage:
    """A page of the main window, built the first time it is read (shown, or used by a
    caller); the window stores it then, so later reads do not come here."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, window, owner=None):
        if window is None:
            return self
        page = window.__dict__.get(self.name)
        return window._make_page(self.name) if page is None else page


class LazyPages:
    """The pages and the page navigation of billdesk.gui.main_window.MainWindow."""

    runs_page = _LazyPage()
    accounts_page = _LazyPage()
    communities_page = _LazyPage()
    bills_page = _LazyPage()
    tariffs_page = _LazyPage()
    import_page = _LazyPage()
    audit_log_page = _LazyPage()
    run_detail = _LazyPage()

    def _make_page(self, name: str) -> QWidget:
        """Build page ``name``, put it in the stack in place of its placeholder and connect
        it (``_LazyPage`` calls this the first time the page is used)."""
        url, bus = self.url, self.bus
        if name == "runs_page":
            page = RunsPage(url, self.controller, self.run_actions, bus)
        elif name == "accounts_page":
            page = AccountsPage(url, bus)
            page.bill_requested.connect(self.open_bill)
        elif name == "communities_page":
            page = CommunitiesPage(url, bus)
        elif name == "bills_page":
            page = BillsPage(url, bus)
            page.bill_requested.connect(self.open_bill)
        elif name == "tariffs_page":
            page = TariffsPage(url, bus)
        elif name == "import_page":
            page = ImportPage(url)
            page.panel.imported.connect(self._imported)
        elif name == "audit_log_page":
            page = AuditLogPage(url)
        else:
            page = RunDetailPage(url, self.controller, self.run_actions, bus)
            page.live = self.live
            self.live.run_changed.connect(page.on_live)
            page.back_requested.connect(lambda: self.show_page(0))
            page.bill_requested.connect(self.open_bill)
        self.__dict__[name] = page                # later reads find it without the descriptor
        index = PAGE_ATTRS.index(name)
        old = self.stack.widget(index)
        self.stack.blockSignals(True)             # swapping a placeholder is no page change
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(old)
        self.stack.blockSignals(False)
        old.deleteLater()
        for fn in self._on_built.pop(name, ()):
            fn(page)
        return page

    def built(self, name: str):
        """Page ``name`` if it has been built, else None (never builds it)."""
        return self.__dict__.get(name)

    def page_row(self, name: str) -> int:
        """The navigation row (and stack index) of page ``name``."""
        return PAGE_ATTRS.index(name)

    def when_built(self, name: str, fn) -> None:
        """Call ``fn(page)`` now if page ``name`` exists, else once it is built."""
        page = self.built(name)
        if page is not None:
            fn(page)
        else:
            self._on_built.setdefault(name, []).append(fn)

    @property
    def pages(self) -> list[tuple[str, QWidget]]:
        """(navigation text, page) of every navigation row (builds the pages not built)."""
        return [(n, getattr(self, a)) for n, a in zip(self.page_names, PAGE_ATTRS)]

    def _showing(self, name: str) -> bool:
        page = self.built(name)
        return page is not None and self.stack.currentWidget() is page

    def show_page(self, row: int) -> None:
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
            return
        if 0 <= row < len(self.page_names):
            self.stack.setCurrentWidget(getattr(self, PAGE_ATTRS[row]))

    def _page_shown(self, index: int) -> None:
        """The navigation list follows the page shown (the run detail is a Bill Runs page)."""
        row = 0 if index == len(self.page_names) else index
        if 0 <= row < len(self.page_names) and self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
