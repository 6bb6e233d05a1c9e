"""The SMTP password: ``BILLDESK_SMTP_PASSWORD`` or the system keyring, never a setting.

The keyring entry is service ``billdesk-smtp``, user ``USER@HOST`` (the ``smtp.user`` and
``smtp.host`` settings), so one workstation can hold the passwords of several servers.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)
SERVICE = "billdesk-smtp"
ENV = "BILLDESK_SMTP_PASSWORD"


def _key(user: str, host: str) -> str:
    return f"{user}@{host}"


def keyring_backend() -> str:
    try:
        import keyring

        return type(keyring.get_keyring()).__name__
    except Exception:  # noqa: BLE001 - no keyring at all
        return "unavailable"


def smtp_password(user: str | None, host: str | None) -> tuple[str | None, str]:
    """The password and where it came from (``environment``, ``keyring`` or ``none``)."""
    env = os.environ.get(ENV)
    if env:
        return env, "environment"
    if not user or not host:
        return None, "none"
    try:
        import keyring

        pw = keyring.get_password(SERVICE, _key(user, host))
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
                keyring.delete_password(SERVICE, _key(user, host))
            except PasswordDeleteError:
                pass
        else:
            keyring.set_password(SERVICE, _key(user, host), password)
    except (KeyringError, RuntimeError) as exc:
        raise RuntimeError(f"the system keyring ({keyring_backend()}) cannot store it: {exc}; "
                           f"set {ENV} in the environment instead") from None
