"""Importers for the file formats of docs/formats.md. Each runs in one transaction: a bad file
raises ``InputError`` naming file, line and field, and nothing is written."""

from billdesk.store.importers.accounts import import_accounts
from billdesk.store.importers.communities import import_communities
from billdesk.store.importers.prices import import_prices
from billdesk.store.importers.readings import import_readings
from billdesk.store.importers.tariffs import import_tariffs

IMPORTERS = {
    "accounts": import_accounts,
    "readings": import_readings,
    "tariffs": import_tariffs,
    "prices": import_prices,
    "communities": import_communities,
}

__all__ = ["IMPORTERS", "import_accounts", "import_communities", "import_prices",
           "import_readings", "import_tariffs"]
