"""The issuer as an issued document prints it (docs/audit.md "Frozen content"): the company
profile at issue, its logo kept by content in ``document_assets`` (a later change of the file
or the setting never changes an issued document), and the logo written back to a local file
for the renderer when a frozen document is exported."""

from __future__ import annotations

import json
import mimetypes
import os
import tempfile
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert, select

from billdesk import paths
from billdesk.domain.canonical import sha256_hex
from billdesk.domain.errors import InputError
from billdesk.pdf.document import CompanyProfile
from billdesk.pdf.frozen import ASSET_PREFIX
from billdesk.store.models import DocumentAsset, Setting


def _setting(conn, key: str):
    text = conn.execute(select(Setting.__table__.c.value)
                        .where(Setting.__table__.c.key == key)).scalar()
    return None if text is None else json.loads(text)


def timezone_of(conn) -> str:
    from billdesk.store.settings import DEFAULT_TIMEZONE

    return _setting(conn, "timezone") or DEFAULT_TIMEZONE


def company_for_issue(conn, required: bool = True) -> CompanyProfile:
    """The company profile as invoices print it now; the logo file is stored by content in
    ``document_assets`` and referenced as ``sha256:<hex>`` (a later change of the file or the
    setting does not change issued documents)."""
    data = _setting(conn, "company")
    if not data:
        if required:
            raise InputError("no company profile for invoices: set it in Settings (or 'billdesk "
                             "settings set company --file company.json') before issuing "
                             "documents", field="company")
        data = {"name": "", "street": "", "postcode": "", "city": ""}
    known = {f.name for f in fields(CompanyProfile)}
    data = {k: v for k, v in data.items() if k in known}
    logo = data.get("logo_path")
    data["logo_path"] = None
    if logo:
        path = Path(logo).expanduser()
        if not path.is_absolute():
            path = paths.root() / path
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
        if raw:
            sha = sha256_hex(raw)
            exists = conn.execute(select(DocumentAsset.__table__.c.sha256)
                                  .where(DocumentAsset.__table__.c.sha256 == sha)).scalar()
            if exists is None:
                media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                conn.execute(insert(DocumentAsset.__table__).values(
                    sha256=sha, media_type=media, data=raw,
                    created_at=datetime.now(timezone.utc)))
            data["logo_path"] = ASSET_PREFIX + sha
    try:
        return CompanyProfile(**data)
    except TypeError as exc:
        raise InputError(f"the company profile cannot be used: {exc}", field="company") from None


def _asset_dir() -> Path:
    home = os.environ.get("BILLDESK_HOME")
    if home:
        return Path(home) / "assets"
    from platformdirs import user_cache_path

    return user_cache_path("billdesk", appauthor=False) / "assets"


def asset_resolver(conn):
    """``resolve(ref) -> path``: a frozen file (the logo) written once, named by its hash, into
    a local cache folder so the renderer (and its worker processes) can open it."""
    cache: dict[str, str | None] = {}

    def resolve(ref: str) -> str | None:
        if ref in cache:
            return cache[ref]
        sha = ref[len(ASSET_PREFIX):]
        row = conn.execute(select(DocumentAsset.__table__.c.media_type,
                                  DocumentAsset.__table__.c.data)
                           .where(DocumentAsset.__table__.c.sha256 == sha)).first()
        path = None
        if row is not None and sha256_hex(row.data) == sha:
            ext = mimetypes.guess_extension(row.media_type) or ".bin"
            folder = _asset_dir()
            target = folder / f"{sha}{'.jpg' if ext == '.jpe' else ext}"
            if not target.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=".asset-")
                with os.fdopen(fd, "wb") as f:
                    f.write(row.data)
                os.replace(tmp, target)
            path = str(target)
        cache[ref] = path
        return path

    return resolve
