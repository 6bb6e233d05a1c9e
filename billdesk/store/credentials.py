"""Passwords billdesk needs, never kept in a setting nor taken on the command line.

- Database passwords: the system keyring (service ``billdesk``, keyed by the URL without its
  password); the app and the CLI add the stored password to a PostgreSQL URL in memory.
- The SMTP password: ``BILLDESK_SMTP_PASSWORD`` or the system keyring (service
  ``billdesk-smtp``, user ``USER@HOST`` of the ``smtp.user`` and ``smtp.host`` settings), so one
  workstation can hold the passwords of several servers.
"""

from __future__ import annotations

import logging
import os

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
SERVICE = "billdesk"            # database passwords
SMTP_SERVICE = "billdesk-smtp"
ENV = "BILLDESK_SMTP_PASSWORD"


def keyring_backend() -> str:
    try:
        import keyring

        return type(keyring.get_keyring()).__name__
    except Exception:  # noqa: BLE001 - no keyring at all
        return "unavailable"


backend_name = keyring_backend  # the name the app's database dialog uses


# --- database passwords --------------------------------------------------------------------

def strip_password(url: str) -> str:
    if "://" not in url:
        return url
    u = make_url(url)
    return u.set(password=None).render_as_string(hide_password=False) if u.password else url


def _key(url: str) -> str:
    return strip_password(url)


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


# --- the SMTP password ---------------------------------------------------------------------

def _smtp_key(user: str, host: str) -> str:
    return f"{user}@{host}"


def smtp_password(user: str | None, host: str | None) -> tuple[str | None, str]:
    """The password and where it came from (``environment``, ``keyring`` or ``none``)."""
    env = os.environ.get(ENV)
    if env:
        return env, "environment"
    if not user or not host:
        return None, "none"
    try:
        import keyring

        pw = keyring.get_password(SMTP_SERVICE, _smtp_key(user, host))
    except Exception as exc:  # noqa: BLE001 - a locked or missing keyring
        log.info("no SMTP password from the keyring: %s", exc)
        return None, "none"
    return (pw, "keyring") if pw else (None, "none")


def set_smtp_password(user: str, host: str, password: str | None) -> None:
    """Store (or with ``None`` delete) the password in the keyring; raises ``RuntimeError``
    with the keyring's reason when there is no usable keyring."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        if password is None:
            try:
                keyring.delete_password(SMTP_SERVICE, _smtp_key(user, host))
            except PasswordDeleteError:
                pass
        else:
            keyring.set_password(SMTP_SERVICE, _smtp_key(user, host), password)
    except (KeyringError, RuntimeError) as exc:
        raise RuntimeError(f"the system keyring ({keyring_backend()}) cannot store it: {exc}; "
                           f"set {ENV} in the environment instead") from None
