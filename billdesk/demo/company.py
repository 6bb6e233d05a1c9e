"""The demo utility that issues the demo invoices (SIX sample QR-IBAN)."""

DEMO_COMPANY = {
    "name": "Elektrizitätswerk Seeland AG", "street": "Bahnhofstrasse 12", "postcode": "3232",
    "city": "Ins", "country": "CH", "vat_number": "CHE-123.456.789 MWST",
    "iban": "CH44 3199 9123 0008 8901 2", "email": "kundendienst@ew-seeland.ch",
    "phone": "+41 32 555 12 34", "website": "www.ew-seeland.ch", "logo_path": "resources/logo.png",
    "payment_days": 30,
}
