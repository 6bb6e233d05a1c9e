"""Line details in the reader's language.

The engine describes some lines with a short English detail (``2025-09``, ``2025-09: 15/30
days``, ``2025-09 peak in high``, ``local price``, ``CH-DA average price``); time-of-use
period names come from the tariff and are kept as they are. This turns the known forms into
the invoice's language; anything else is printed unchanged.
"""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from billdesk.pdf.i18n import babel_locale

_WORDS = {
    #            de                    fr                      it                      en
    "days": ("Tage", "jours", "giorni", "days"),
    "in": ("im", "en", "in", "in"),
    "local price": ("Preis der Gemeinschaft", "prix de la communauté",
                    "prezzo della comunità", "community price"),
    "average price": ("Durchschnittspreis", "prix moyen", "prezzo medio", "average price"),
    # the usual names of time-of-use periods (a tariff may use any name; others stay as
    # they are)
    "high": ("Hochtarif", "heures pleines", "tariffa alta", "high rate"),
    "low": ("Niedertarif", "heures creuses", "tariffa bassa", "low rate"),
    "peak": ("Spitze", "pointe", "picco", "peak"),
}
PERIOD_NAMES = ("high", "low")
_LANG = {"de": 0, "fr": 1, "it": 2, "en": 3}

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?=$|[: ])")
_SPLIT = re.compile(r"(\d+(?:\.\d+)?) kW x (\d+)/(\d+) days")
_DAYS = re.compile(r": (\d+)/(\d+) days$")


def _w(key: str, language: str) -> str:
    return _WORDS[key][_LANG.get(language, 3)]


_LABELS = {
    "Local energy": ("Lokaler Strom", "Électricité locale", "Energia locale", "Local energy"),
    "Local energy sold": ("An Mitglieder verkaufter lokaler Strom",
                          "Électricité locale vendue aux membres",
                          "Energia locale venduta ai membri", "Local energy sold"),
    "Surplus fed into the grid": ("Überschuss ins Netz eingespeist", "Surplus injecté dans "
                                  "le réseau", "Eccedenza immessa in rete",
                                  "Surplus fed into the grid"),
}
_ON_LOCAL = ("auf lokalem Strom", "sur l’électricité locale", "sull’energia locale",
             "on local energy")
_DISCOUNT = ("LEG-Rabatt Netznutzung {p} %", "Rabais CEL utilisation du réseau {p} %",
             "Sconto CEL utilizzazione della rete {p} %", "LEG grid discount {p} %")
_LEG = re.compile(r"^LEG grid discount (\d+(?:\.\d+)?) %$")
_CAP_OK = re.compile(r"price cap (.+?) of the standard product not reached \(standard "
                     r"product ([\d.]+) on average\)")
_CAP = re.compile(r"price cap (.+?) of the standard product: capped in (\d+) of (\d+) "
                  r"intervals; local price ([\d.]+), standard product ([\d.]+) on average")
_CAP_TEXT = {
    "ok": ("Preisobergrenze {cap} des Standardprodukts nicht erreicht (Standardprodukt "
           "durchschnittlich {std})",
           "plafond {cap} du produit standard non atteint (produit standard {std} en moyenne)",
           "limite di prezzo {cap} del prodotto standard non raggiunto (prodotto standard "
           "{std} in media)",
           "price cap {cap} of the standard product not reached (standard product {std} on "
           "average)"),
    "capped": ("Preisobergrenze {cap} des Standardprodukts: in {n} von {m} Viertelstunden "
               "begrenzt; Preis der Gemeinschaft {lp}, Standardprodukt {std} im Durchschnitt",
               "plafond {cap} du produit standard : appliqué dans {n} des {m} quarts d’heure ; "
               "prix de la communauté {lp}, produit standard {std} en moyenne",
               "limite di prezzo {cap} del prodotto standard: applicato in {n} di {m} quarti "
               "d’ora; prezzo della comunità {lp}, prodotto standard {std} in media",
               "price cap {cap} of the standard product: capped in {n} of {m} intervals; "
               "local price {lp}, standard product {std} on average"),
}


def localize_label(label: str, language: str) -> str:
    """The labels the engine gives community lines, in the reader's language; tariff labels
    are printed as the tariff names them."""
    k = _LANG.get(language, 3)
    if label in _LABELS:
        return _LABELS[label][k]
    if label.endswith(" (local energy)"):
        return f"{label[:-len(' (local energy)')]} {_ON_LOCAL[k]}"
    if (m := _LEG.match(label)):
        return _DISCOUNT[k].format(p=m[1])
    return label


def _cap_detail(text: str, language: str) -> str | None:
    k = _LANG.get(language, 3)
    joined = text
    if (m := _CAP.search(joined)):
        cap = m[1].replace("external (100 %)", "100 %")
        out = _CAP_TEXT["capped"][k].format(cap=cap, n=m[2], m=m[3], lp=m[4], std=m[5])
        return joined[:m.start()] + out + joined[m.end():]
    if (m := _CAP_OK.search(joined)):
        cap = m[1].replace("external (100 %)", "100 %")
        out = _CAP_TEXT["ok"][k].format(cap=cap, std=m[2])
        head = joined[:m.start()]
        if head.endswith("; "):
            head = localize_detail(head[:-2], language) + "; "
        return head + out + joined[m.end():]
    return None


def localize_detail(detail: str | None, language: str) -> str:
    if not detail:
        return ""
    text = detail
    if "price cap" in text and (cap := _cap_detail(text, language)) is not None:
        return cap
    if text == "local price" or text in PERIOD_NAMES:
        return _w(text, language)
    if text.endswith(" average price"):
        return f"{_w('average price', language)} {text[:-len(' average price')]}"
    m = _MONTH.match(text)
    if not m:
        return text
    month = format_date(date(int(m[1]), int(m[2]), 1), "MMMM y", locale=babel_locale(language))
    rest = text[m.end():]
    out = month
    if (d := _DAYS.search(rest)):
        return f"{month}: {d[1]}/{d[2]} {_w('days', language)}"
    if rest.startswith(" peak"):
        out = f"{_w('peak', language)} {month}"
        rest = rest[len(" peak"):]
        if rest.startswith(" in "):
            windows = rest[4:]
            split = _SPLIT.search(windows)
            if split:
                windows = windows[:split.start()].strip()
            names = ", ".join(_w(n, language) if n in PERIOD_NAMES else n
                              for n in windows.split(", "))
            out += f" {_w('in', language)} {names}"
        if (s := _SPLIT.search(rest)):
            out += f", {s[1]} kW × {s[2]}/{s[3]} {_w('days', language)}"
        return out
    return out + rest
