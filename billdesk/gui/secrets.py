"""Database passwords for the app: the system keyring (see billdesk.store.credentials)."""

from billdesk.store.credentials import (SERVICE, backend_name, get_password, set_password,
                                        strip_password, with_password)

__all__ = ["SERVICE", "backend_name", "get_password", "set_password", "strip_password",
           "with_password"]
