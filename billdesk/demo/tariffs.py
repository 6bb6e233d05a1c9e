"""Demo tariffs: realistic Swiss 2025 prices (CHF, VAT 8.1 %), one version per calendar year.

Every tariff gets a new version on 1 January of each year the demo covers (energy and grid
prices and the federal levies change then, as in Switzerland); the code ``H-ECO`` has a single
version starting in the second demo month, so its accounts have no tariff in the first month.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

VAT = "8.1"
SERIES = "CH-DA"       # the index price series of the dynamic tariffs
COMMUNITY_PRICE = Decimal("0.18")

# per-year factors on the 2025 prices (Swiss energy prices fell from 2024 to 2025 and 2026)
ENERGY_FACTOR = {2023: Decimal("1.05"), 2024: Decimal("1.12"), 2025: Decimal("1"),
                 2026: Decimal("0.95")}
GRID_FACTOR = {2023: Decimal("0.94"), 2024: Decimal("0.97"), 2025: Decimal("1"),
               2026: Decimal("1.03")}
# federal levies per kWh: Netzzuschlag, Stromreserve (winter reserve), Swissgrid system services
LEVIES = {
    2023: ("0.0230", "0.0000", "0.0046"),
    2024: ("0.0230", "0.0120", "0.0075"),
    2025: ("0.0230", "0.0023", "0.0055"),
    2026: ("0.0230", "0.0041", "0.0027"),
}
MUNICIPAL_LEVY = "0.0100"   # Abgabe an das Gemeinwesen

TOU_SCHEDULE = {
    "default": "low",
    "rules": [
        {"days": ["weekday"], "from": "07:00", "to": "20:00", "period": "high"},
        {"days": ["saturday"], "from": "07:00", "to": "13:00", "period": "high"},
    ],
}
HOLIDAYS = {"country": "CH", "subdiv": "ZH"}


#: the line labels in the customers' languages (German first: the default text)
LABELS = {
    "Grundpreis": ("Prix de base", "Prezzo di base", "Base fee"),
    "Energie": ("Énergie", "Energia", "Energy"),
    "Netznutzung": ("Utilisation du réseau", "Utilizzazione della rete", "Grid usage"),
    "Netzzuschlag": ("Supplément réseau", "Supplemento rete", "Grid surcharge"),
    "Stromreserve": ("Réserve d’électricité", "Riserva di energia elettrica",
                     "Electricity reserve"),
    "Systemdienstleistungen Swissgrid": ("Services-système Swissgrid",
                                         "Servizi di sistema Swissgrid",
                                         "Swissgrid system services"),
    "Abgabe an das Gemeinwesen": ("Redevance à la collectivité", "Tassa all’ente pubblico",
                                  "Municipal levy"),
    "Leistung Hochtarif": ("Puissance heures pleines", "Potenza tariffa alta",
                           "Power charge (high rate)"),
    "Energie dynamisch": ("Énergie dynamique", "Energia dinamica", "Energy (dynamic)"),
    "Rückliefervergütung": ("Rétribution de l’injection", "Rimunerazione dell’immissione",
                            "Feed-in compensation"),
    "Rückliefervergütung dynamisch": ("Rétribution de l’injection dynamique",
                                      "Rimunerazione dinamica dell’immissione",
                                      "Feed-in compensation (dynamic)"),
    "Energie aus dem Netz": ("Énergie du réseau", "Energia dalla rete", "Energy from the grid"),
    "Lokalstrom LEG": ("Électricité locale CEL", "Elettricità locale CEL",
                       "Local electricity (LEC)"),
    "Ökostrom": ("Électricité verte", "Elettricità ecologica", "Green electricity"),
}


def label(de: str) -> dict | str:
    """A label in de, fr, it and en (the German text when no translation is listed)."""
    other = LABELS.get(de)
    if other is None:
        return de
    return {"de": de, "fr": other[0], "it": other[1], "en": other[2]}


def _f(year: int, table: dict) -> Decimal:
    return table[min(max(year, min(table)), max(table))]


def _p(value: str | Decimal, factor: Decimal = Decimal(1)) -> str:
    return str((Decimal(value) * factor).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def _levies(year: int) -> list[dict]:
    nz, res, sdl = LEVIES[min(max(year, min(LEVIES)), max(LEVIES))]
    return [
        {"type": "levy", "pricing": "flat", "label": label("Netzzuschlag"), "price": nz,
         "vat_rate": VAT},
        {"type": "levy", "pricing": "flat", "label": label("Stromreserve"), "price": res,
         "vat_rate": VAT},
        {"type": "levy", "pricing": "flat", "label": label("Systemdienstleistungen Swissgrid"),
         "price": sdl, "vat_rate": VAT},
        {"type": "levy", "pricing": "flat", "label": label("Abgabe an das Gemeinwesen"),
         "price": MUNICIPAL_LEVY, "vat_rate": VAT},
    ]


def _base(fee: str, text: str = "Grundpreis") -> dict:
    return {"type": "base_fee", "pricing": "flat", "label": label(text),
            "price": fee, "vat_rate": VAT}


def _flat(ctype: str, text: str, price: str) -> dict:
    return {"type": ctype, "pricing": "flat", "label": label(text), "price": price,
            "vat_rate": VAT}


def _tou(ctype: str, text: str, high: str, low: str) -> dict:
    return {"type": ctype, "pricing": "tou", "label": label(text),
            "prices": {"high": high, "low": low}, "vat_rate": VAT}


def tariff_versions(year: int, valid_from: date | None = None) -> list[dict]:
    """All demo tariffs valid from 1 January ``year`` (or ``valid_from``)."""
    ef, gf = _f(year, ENERGY_FACTOR), _f(year, GRID_FACTOR)
    vf = (valid_from or date(year, 1, 1)).isoformat()

    def t(code: str, name: str, comps: list[dict], tou: bool = False) -> dict:
        d = {"code": code, "name": name, "currency": "CHF", "timezone": "Europe/Zurich",
             "valid_from": vf, "holidays": dict(HOLIDAYS), "components": comps}
        if tou:
            d["schedule"] = {"default": TOU_SCHEDULE["default"],
                             "rules": [dict(r) for r in TOU_SCHEDULE["rules"]]}
        return d

    return [
        t("H-FLAT", "Haushalt Einheitstarif", [
            _base("6.50"),
            _flat("energy", "Energie", _p("0.1650", ef)),
            _flat("grid", "Netznutzung", _p("0.0980", gf)),
            *_levies(year)]),
        t("H-TOU", "Haushalt Doppeltarif", [
            _base("7.50"),
            _tou("energy", "Energie", _p("0.1890", ef), _p("0.1490", ef)),
            _tou("grid", "Netznutzung", _p("0.1120", gf), _p("0.0690", gf)),
            *_levies(year)], tou=True),
        t("B-TOU-P", "Gewerbe Doppeltarif mit Leistung", [
            _base("15.00"),
            _tou("energy", "Energie", _p("0.1750", ef), _p("0.1350", ef)),
            _tou("grid", "Netznutzung", _p("0.0680", gf), _p("0.0450", gf)),
            {"type": "power", "pricing": "flat", "label": label("Leistung Hochtarif"),
             "price": _p("9.50", gf), "windows": ["high"], "vat_rate": VAT},
            *_levies(year)], tou=True),
        t("H-DYN", "Haushalt dynamisch (Day-Ahead)", [
            _base("8.00"),
            {"type": "energy", "pricing": "dynamic", "label": label("Energie dynamisch"),
             "series": SERIES, "multiplier": "1", "offset": "0.05", "vat_rate": VAT},
            _flat("grid", "Netznutzung", _p("0.0980", gf)),
            *_levies(year)]),
        t("H-PV", "Haushalt mit Photovoltaik", [
            _base("7.50"),
            _tou("energy", "Energie", _p("0.1890", ef), _p("0.1490", ef)),
            _tou("grid", "Netznutzung", _p("0.1120", gf), _p("0.0690", gf)),
            *_levies(year),
            _flat("feed_in", "Rückliefervergütung", _p("0.1000", ef))], tou=True),
        t("H-PV-DYN", "Haushalt mit Photovoltaik, Rücklieferung dynamisch", [
            _base("7.50"),
            _flat("energy", "Energie", _p("0.1650", ef)),
            _flat("grid", "Netznutzung", _p("0.0980", gf)),
            *_levies(year),
            {"type": "feed_in", "pricing": "dynamic",
             "label": label("Rückliefervergütung dynamisch"),
             "series": SERIES, "multiplier": "1", "offset": "0", "vat_rate": VAT}]),
        t("H-LEG", "Mitglied Lokale Elektrizitätsgemeinschaft", [
            _base("6.50"),
            _flat("energy", "Energie aus dem Netz", _p("0.1650", ef)),
            _flat("grid", "Netznutzung", _p("0.0980", gf)),
            _flat("community_energy", "Lokalstrom LEG", str(COMMUNITY_PRICE)),
            *_levies(year)]),
    ]


def eco_tariff(valid_from: date) -> dict:
    """``H-ECO``: a single version starting at ``valid_from`` (inside the demo window)."""
    year = valid_from.year
    return {"code": "H-ECO", "name": "Haushalt Ökostrom", "currency": "CHF",
            "timezone": "Europe/Zurich", "valid_from": valid_from.isoformat(),
            "holidays": dict(HOLIDAYS), "components": [
                _base("6.50"),
                _flat("energy", "Ökostrom", _p("0.1950", _f(year, ENERGY_FACTOR))),
                _flat("grid", "Netznutzung", _p("0.0980", _f(year, GRID_FACTOR))),
                *_levies(year)]}


def demo_tariffs(first: date, last: date) -> list[dict]:
    """One version of every tariff per year from ``first``'s year to ``last``'s year
    (``build_portfolio`` adds ``eco_tariff`` starting at the second demo month)."""
    out: list[dict] = []
    for year in range(first.year, last.year + 1):
        out.extend(tariff_versions(year))
    return out
