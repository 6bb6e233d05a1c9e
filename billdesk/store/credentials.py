"""Database passwords: the system keyring (``keyring``), never a settings file nor the
command line. The app and the CLI add the stored password to a PostgreSQL URL in memory."""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
SERVICE = "billdesk"


def strip_password(url: str) -> str:
    if "://" not in url:
        return url
    u = make_url(url)
    return u.set(password=None).render_as_string(hide_password=False) if u.password else url


def _key(url: str) -> str:
    return strip_password(url)


def backend_name() -> str:
    try:
        import keyring

        return type(keyring.get_keyring()).__name__
    except Exception:  # noqa: BLE001 - no keyring at all
        return "unavailable"


def get_password(url: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(SERVICE, _key(url))
    except Exception as exc:  # noqa: BLE001 - a locked or missing keyring: libpq files
        log.info("no password from the keyring: %s", exc)
        return None


def set_password(url: str, password: str) -> bool:
    try:
        import keyring

        keyring.set_password(SERVICE, _key(url), password)
        return True
    except Exception as exc:  # noqa: BLE001
        log.warning("cannot store the password in the keyring: %s", exc)
        return False


def with_password(url: str) -> str:
    """The URL to connect with: the keyring's password added in memory (PostgreSQL only)."""
    if not url.startswith("postgresql"):
        return url
    u = make_url(url)
    if u.password:
        return url
    pw = get_password(url)
    return u.set(password=pw).render_as_string(hide_password=False) if pw else url
