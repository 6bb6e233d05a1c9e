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


def localize_detail(detail: str | None, language: str) -> str:
    if not detail:
        return ""
    text = detail
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
