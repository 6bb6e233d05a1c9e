"""Demo invoice documents (consistent amounts and VAT) for tests, the benchmark and previews."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from billdesk.domain.account import AccountInfo, Address
from billdesk.domain.bill import BillDraft, BillKind, BillLine, VatAmount
from billdesk.domain.quality import QualityCounts
from billdesk.pdf.document import CompanyProfile, InvoiceDocument

QR_IBAN = "CH44 3199 9123 0008 8901 2"      # SIX sample QR-IBAN
IBAN = "CH93 0076 2011 6238 5295 7"         # SIX sample IBAN
CENT = Decimal("0.01")
VAT = Decimal("8.1")

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def demo_company(iban: str = QR_IBAN, logo: bool = True) -> CompanyProfile:
    logo_path = RESOURCES / "logo.png"
    return CompanyProfile(
        name="Elektrizitätswerk Seeland AG", street="Bahnhofstrasse 12", postcode="3232",
        city="Ins", country="CH", vat_number="CHE-123.456.789 MWST", iban=iban,
        email="kundendienst@ew-seeland.ch", phone="+41 32 555 12 34",
        website="www.ew-seeland.ch",
        logo_path=str(logo_path) if logo and logo_path.exists() else None)


def _r(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _line(component, label, qty, unit, price, rate=VAT, detail=None, start=None, end=None):
    qty = Decimal(qty)
    price = Decimal(price)
    return BillLine(component, label, qty, unit, price, _r(qty * price), Decimal(rate),
                    start, end, detail)


_LABELS = {
    "de": {"energy_ht": "Energie Hochtarif", "energy_nt": "Energie Niedertarif",
           "grid_ht": "Netznutzung Hochtarif", "grid_nt": "Netznutzung Niedertarif",
           "power": "Leistungspreis", "sdl": "Systemdienstleistungen Swissgrid",
           "kev": "Netzzuschlag (KEV)", "konz": "Abgabe an die Gemeinde",
           "base": "Grundgebühr", "leg": "Lokaler Solarstrom", "feed": "Rückliefervergütung PV"},
    "fr": {"energy_ht": "Énergie tarif haut", "energy_nt": "Énergie tarif bas",
           "grid_ht": "Utilisation du réseau tarif haut",
           "grid_nt": "Utilisation du réseau tarif bas",
           "power": "Prix de la puissance", "sdl": "Services système Swissgrid",
           "kev": "Supplément réseau", "konz": "Redevance communale",
           "base": "Taxe de base", "leg": "Électricité solaire locale",
           "feed": "Rétribution de l’injection PV"},
    "it": {"energy_ht": "Energia tariffa alta", "energy_nt": "Energia tariffa bassa",
           "grid_ht": "Rete tariffa alta", "grid_nt": "Rete tariffa bassa",
           "power": "Prezzo della potenza", "sdl": "Servizi di sistema Swissgrid",
           "kev": "Supplemento rete", "konz": "Tassa comunale", "base": "Tassa di base",
           "leg": "Energia solare locale", "feed": "Rimunerazione immissione FV"},
    "en": {"energy_ht": "Energy peak", "energy_nt": "Energy off-peak",
           "grid_ht": "Grid usage peak", "grid_nt": "Grid usage off-peak",
           "power": "Power charge", "sdl": "Swissgrid system services",
           "kev": "Grid surcharge", "konz": "Municipal levy", "base": "Base fee",
           "leg": "Local solar energy", "feed": "PV feed-in compensation"},
}


def demo_lines(language: str = "de", n_extra: int = 0, seed: int = 0,
               community: bool = True, feed_in: bool = True) -> list[BillLine]:
    L = _LABELS[language]
    s = Decimal(seed % 97)
    ht = Decimal(180) + s
    nt = Decimal(120) + s / 2
    lines = [
        _line("energy", L["energy_ht"], ht, "kWh", "0.1485"),
        _line("energy", L["energy_nt"], nt, "kWh", "0.1215"),
        _line("grid", L["grid_ht"], ht, "kWh", "0.0940"),
        _line("grid", L["grid_nt"], nt, "kWh", "0.0620"),
        _line("power", L["power"], "4.8", "kW", "6.50", detail="Peak 12.01. 18:15"),
        _line("levy", L["sdl"], ht + nt, "kWh", "0.0075"),
        _line("levy", L["kev"], ht + nt, "kWh", "0.0230"),
        _line("levy", L["konz"], ht + nt, "kWh", "0.0100"),
        _line("base_fee", L["base"], "1", "month", "12.50"),
    ]
    if community:
        lines.append(_line("community_energy", L["leg"], "85.250", "kWh", "0.1600"))
    if feed_in:
        lines.append(_line("feed_in", L["feed"], "140.500", "kWh", "-0.0900", rate="8.1"))
    for i in range(n_extra):
        d0 = date(2026, 1, 1) + timedelta(days=i % 31)
        lines.append(_line("energy", f"{L['energy_ht']} {i + 1}", Decimal(10 + i % 7), "kWh",
                           "0.1485", start=d0, end=d0 + timedelta(days=1),
                           detail=f"{i % 24:02d}:00–{(i % 24) + 1:02d}:00"))
    return lines


def make_bill(lines, account="100234", start=date(2026, 1, 1), end=date(2026, 2, 1),
              currency="CHF", quality=QualityCounts(2944, 20, 12, 0), negate=False,
              cash_rounding=True) -> BillDraft:
    kwh = sum((ln.quantity for ln in lines if ln.component == "energy"), Decimal(0))
    if negate:
        lines = [BillLine(ln.component, ln.label, -ln.quantity, ln.unit, ln.unit_price,
                          -ln.net_amount, ln.vat_rate, ln.period_start, ln.period_end,
                          ln.detail) for ln in lines]
    basis = defaultdict(Decimal)
    for ln in lines:
        basis[ln.vat_rate] += ln.net_amount
    vat = tuple(VatAmount(r, b, _r(b * r / 100)) for r, b in sorted(basis.items()))
    net = sum((ln.net_amount for ln in lines), Decimal(0))
    vat_total = sum((v.vat for v in vat), Decimal(0))
    gross = net + vat_total
    total = gross
    rounding = Decimal(0)
    if cash_rounding and currency == "CHF":
        total = (gross / Decimal("0.05")).quantize(Decimal(1), rounding=ROUND_HALF_UP) * \
            Decimal("0.05")
        rounding = total - gross
    return BillDraft(account=account, period_start=start, period_end=end, currency=currency,
                     lines=tuple(lines), net_total=net, vat=vat, vat_total=vat_total,
                     total=total, rounding=rounding, quality=quality, fingerprint="demo",
                     consumption_kwh=kwh + Decimal("85.25"), local_kwh=Decimal("85.25"),
                     grid_kwh=kwh, export_kwh=Decimal("140.5"), tariff_code="H4-2026")


def demo_daily(start: date, end: date, seed: int = 0) -> tuple[tuple[date, Decimal], ...]:
    out = []
    d = start
    i = 0
    while d < end:
        v = 12 + 4 * math.sin((i + seed) / 3.0) + (3 if d.weekday() >= 5 else 0)
        out.append((d, Decimal(str(round(v, 2)))))
        d += timedelta(days=1)
        i += 1
    return tuple(out)


_NAMES = {"de": ("Anna Müller-Brügger", "Dorfstrasse 7", "3232", "Ins"),
          "fr": ("Jean-Pierre Dubois", "Rue du Lac 15", "2000", "Neuchâtel"),
          "it": ("Lucia Bernasconi", "Via Cantonale 3", "6900", "Lugano"),
          "en": ("John Smith", "Seestrasse 99", "8002", "Zürich")}


def demo_document(number: str = "2026-000123", language: str = "de",
                  kind: BillKind = BillKind.INVOICE, n_extra: int = 0,
                  corrects_number: str | None = None, iban: str = QR_IBAN,
                  account: str = "100234", account_name: str | None = None, seed: int = 0,
                  company: CompanyProfile | None = None, negate: bool = False,
                  quality: QualityCounts = QualityCounts(2944, 20, 12, 0)) -> InvoiceDocument:
    name, street, postcode, city = _NAMES[language]
    addr = Address(account_name or name, street, postcode, city, "CH")
    start, end = date(2026, 1, 1), date(2026, 2, 1)
    acc = AccountInfo(account=account, address=addr, language=language,
                      email="kunde@example.ch", groups=("H4",), tariff="H4-2026",
                      supply_start=date(2020, 1, 1), supply_end=None,
                      consumption_point="CH1012301234500000000000000123456")
    bill = make_bill(demo_lines(language, n_extra, seed), account=account, start=start, end=end,
                     negate=negate, quality=quality)
    issue = date(2026, 2, 5)
    return InvoiceDocument(
        bill=bill, number=number, kind=kind, issue_date=issue,
        due_date=issue + timedelta(days=30), account=acc,
        metering_point=acc.consumption_point, language=language,
        company=company or demo_company(iban), corrects_number=corrects_number,
        daily_kwh=demo_daily(start, end, seed))


def make_demo_logo(path: Path = RESOURCES / "logo.png") -> Path:
    """Draw the demo utility's logo (a bolt in a circle and the name) as a small RGB PNG."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 4
    w, h = 340 * scale, 100 * scale
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    blue, yellow = (0, 92, 150), (255, 196, 0)
    d.ellipse((6 * scale, 6 * scale, 94 * scale, 94 * scale), fill=blue)
    bolt = [(58, 14), (30, 56), (48, 56), (40, 88), (72, 42), (53, 42), (62, 14)]
    d.polygon([(x * scale, y * scale) for x, y in bolt], fill=yellow)
    fonts = RESOURCES / "fonts"
    big = ImageFont.truetype(str(fonts / "LiberationSans-Bold.ttf"), 36 * scale)
    small = ImageFont.truetype(str(fonts / "LiberationSans-Regular.ttf"), 17 * scale)
    d.text((108 * scale, 12 * scale), "EW Seeland", font=big, fill=blue)
    d.text((110 * scale, 60 * scale), "Strom · Netz · Solar", font=small, fill=(90, 90, 90))
    img = img.resize((w // 2, h // 2), Image.LANCZOS)
    img.save(path, optimize=True)
    return path
