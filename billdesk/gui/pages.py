"""The pages of the main window, each in its own module (this one only names them)."""

from billdesk.gui.accounts_page import AccountsPage, fill_table, months_between, small_table
from billdesk.gui.bill_dialog import BillDialog
from billdesk.gui.bills_page import BillsPage
from billdesk.gui.communities_page import CommunitiesPage
from billdesk.gui.tariffs_page import TariffsPage

__all__ = ["AccountsPage", "BillDialog", "BillsPage", "CommunitiesPage", "TariffsPage",
           "fill_table", "months_between", "small_table"]
