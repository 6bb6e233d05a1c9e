"""The issuing company's profile (settings key ``company``): its fields and their validation.

The profile is what the invoices print as the issuer and what the Swiss QR-bill names as the
creditor, so it is checked with the libraries that build those: ``python-stdnum`` for the
IBAN / QR-IBAN, the Swiss VAT number and UID (the registration identifier of a seller not
registered for VAT), ``qrbill``'s own structured-address rules for the
address (name and street at most 70 characters, postcode 16, city 35, an ISO 3166 country).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from billdesk import paths
from billdesk.domain.errors import InputError

#: every field of the profile (billdesk.pdf.document.CompanyProfile), in display order
FIELDS = ("name", "street", "postcode", "city", "country", "vat_number", "registration_id",
          "registration_scheme", "iban", "email", "phone", "website", "logo_path",
          "payment_days", "qr_reference_prefix")
REQUIRED = ("name", "street", "postcode", "city", "country")
#: Swiss QR-bill (SIX implementation guidelines 2.3, structured address)
MAX_LENGTH = {"name": 70, "street": 70, "postcode": 16, "city": 35}
QR_COUNTRIES = ("CH", "LI")


@dataclass
class Checked:
    """A validated profile and the warnings worth showing (it is stored all the same)."""

    company: dict
    warnings: list[str] = field(default_factory=list)


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def validate_company(data, where: str = "company") -> Checked:
    """Check a company profile; returns the normalised profile or raises ``InputError``
    naming the field (``company.FIELD``) and what is wrong."""
    if not isinstance(data, dict):
        raise InputError("the company profile must be a JSON object with the fields "
                         + ", ".join(FIELDS), field=where)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise InputError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}",
                         field=f"{where}.{unknown[0]}")
    out: dict = {}
    warnings: list[str] = []
    for key in FIELDS:
        if key == "payment_days":
            continue
        out[key] = _text(data.get(key))
    for key in REQUIRED:
        if not out[key]:
            raise InputError("is required", field=f"{where}.{key}")
    for key, limit in MAX_LENGTH.items():
        if len(out[key]) > limit:
            raise InputError(f"{len(out[key])} characters; the QR-bill allows at most {limit}",
                             field=f"{where}.{key}")
        if any(ch in out[key] for ch in "\r\n\t"):
            raise InputError("must be one line", field=f"{where}.{key}")
    from qrbill.bill import StructuredAddress

    try:
        address = StructuredAddress(name=out["name"], street=out["street"],
                                    pcode=out["postcode"], city=out["city"],
                                    country=out["country"])
    except ValueError as exc:
        raise InputError(str(exc), field=f"{where}.country" if "country" in str(exc)
                         else where) from None
    out["country"] = address.country

    days = data.get("payment_days", 30)
    try:
        days_int = int(str(days).strip())
        if str(days).strip() != str(days_int) and not isinstance(days, int):
            raise ValueError
    except (TypeError, ValueError):
        raise InputError(f"{days!r} is not a whole number of days", field=f"{where}.payment_days") \
            from None
    if not 0 <= days_int <= 365:
        raise InputError("must be between 0 and 365 days", field=f"{where}.payment_days")
    out["payment_days"] = days_int

    prefix = out["qr_reference_prefix"]
    if prefix and not prefix.isdigit():
        raise InputError("only digits may precede the invoice number in a QR reference",
                         field=f"{where}.qr_reference_prefix")
    if len(prefix) > 12:
        raise InputError("at most 12 digits (the QR reference has 27)",
                         field=f"{where}.qr_reference_prefix")

    if out["iban"]:
        out["iban"] = _check_iban(out["iban"], out, where)
    else:
        warnings.append("no IBAN: invoices are printed without a payment part (QR-bill)")

    _check_registration(out, where)
    if not out["vat_number"] and out["registration_id"]:
        warnings.append("no VAT number: the company is not registered for VAT; its documents "
                        "are issued as not subject to VAT (EN 16931 category O) and finalize "
                        "refuses bills that charge VAT (tariffs with a vat_rate above 0)")
    elif not out["vat_number"]:
        warnings.append("no VAT number and no registration_id: finalize refuses to issue, "
                        "since the e-invoice would have no seller identifier (EN 16931 "
                        "BR-CO-26); a seller not registered for VAT sets its legal "
                        "registration identifier (registration_id, e.g. the UID "
                        "CHE-123.456.788)")
    if out["vat_number"] and out["country"] == "CH":
        from stdnum.ch import vat
        from stdnum.exceptions import ValidationError

        try:
            vat.validate(out["vat_number"])
        except ValidationError as exc:
            warnings.append(f"{where}.vat_number {out['vat_number']!r}: {exc} (stored as "
                            "given; check it)")
    if out["email"]:
        _name, addr = parseaddr(out["email"])
        if "@" not in addr or addr != out["email"]:
            raise InputError(f"{out['email']!r} is not an e-mail address",
                             field=f"{where}.email")
    if out["logo_path"]:
        logo = Path(out["logo_path"]).expanduser()
        if not logo.is_absolute():
            logo = paths.root() / logo
        if not logo.is_file():
            raise InputError(f"no such file: {logo}", field=f"{where}.logo_path")
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise InputError("the logo must be a PNG or JPEG file", field=f"{where}.logo_path")
    out["logo_path"] = out["logo_path"] or None
    return Checked(out, warnings)


#: ISO 6523 ICD of the Swiss UID (Unternehmens-Identifikationsnummer, UIDB)
SWISS_UID_SCHEME = "0183"


def _check_registration(out: dict, where: str) -> None:
    """The legal registration identifier (EN 16931 BT-30) and its scheme (BT-30-1): a
    Swiss UID (``CHE-123.456.788``; for a seller in CH or LI, or an id starting with CHE) is
    validated with python-stdnum and written in its official form, scheme 0183; any other
    identifier is taken as given, its scheme (when given) one of the ISO 6523 ICD codes."""
    reg, scheme = out["registration_id"], out["registration_scheme"]
    for key in ("registration_id", "registration_scheme"):
        if any(ch in out[key] for ch in "\r\n\t") or len(out[key]) > 64:
            raise InputError("must be one line of at most 64 characters",
                             field=f"{where}.{key}")
    if scheme and not reg:
        raise InputError("a scheme needs the registration_id it qualifies",
                         field=f"{where}.registration_scheme")
    if not reg:
        return
    swiss = reg.upper().startswith("CHE") or (out["country"] in QR_COUNTRIES
                                              and scheme in ("", SWISS_UID_SCHEME))
    if swiss:
        from stdnum.ch import uid
        from stdnum.exceptions import ValidationError

        try:
            out["registration_id"] = uid.format(uid.validate(reg))
        except ValidationError as exc:
            raise InputError(f"{reg!r} is not a valid Swiss UID (CHE-123.456.788): {exc}",
                             field=f"{where}.registration_id") from None
        if scheme not in ("", SWISS_UID_SCHEME):
            raise InputError(f"a Swiss UID has the scheme {SWISS_UID_SCHEME}, not {scheme!r}",
                             field=f"{where}.registration_scheme")
        out["registration_scheme"] = SWISS_UID_SCHEME
    elif scheme:
        from billdesk.pdf.facturx_check import ICD, code_lists

        if scheme not in code_lists()[ICD]:
            raise InputError(f"{scheme!r} is not an ISO 6523 ICD scheme (e.g. 0183 Swiss "
                             "UID, 0088 GLN, 0060 DUNS, 0002 SIREN); leave it empty when none "
                             "applies", field=f"{where}.registration_scheme")


def _check_iban(text: str, out: dict, where: str) -> str:
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        compact = iban.validate(text)
    except ValidationError as exc:
        raise InputError(f"{text!r} is not a valid IBAN: {exc}", field=f"{where}.iban") \
            from None
    if compact[:2] in QR_COUNTRIES:
        # what the QR-bill itself accepts (QR-IBAN -> QR reference, IBAN -> RF reference)
        from qrbill import QRBill
        from stdnum.ch import esr

        reference = None
        if is_qr_iban(compact):       # a QR reference like the invoices' (prefix + number)
            body = (out["qr_reference_prefix"] + "1").rjust(26, "0")
            reference = body + esr.calc_check_digit(body)
        try:
            QRBill(account=compact, reference_number=reference, creditor={"name": out["name"], "street": out["street"],
                                              "pcode": out["postcode"], "city": out["city"],
                                              "country": out["country"]})
        except ValueError as exc:
            raise InputError(f"the QR-bill refuses {text!r}: {exc}", field=f"{where}.iban") \
                from None
    return iban.format(compact)


def is_qr_iban(text: str) -> bool:
    """A QR-IBAN (institution id 30000–31999): payments need a QR reference."""
    compact = "".join(text.split()).upper()
    return compact[:2] in QR_COUNTRIES and compact[4:9].isdigit() \
        and 30000 <= int(compact[4:9]) <= 31999
