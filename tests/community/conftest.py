"""A small community portfolio written as files and imported like an administrator does."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np

from billdesk.demo.company import DEMO_COMPANY
from billdesk.store import settings
from billdesk.store.db import transaction
from billdesk.store.importers import (import_accounts, import_communities, import_readings,
                                      import_tariffs)

JUNE_UTC = datetime(2026, 5, 31, 22, 0, tzinfo=timezone.utc)   # 2026-06-01 00:00 Zurich
N = 2880

TARIFF = {"code": "H", "name": "Household", "currency": "CHF", "timezone": "Europe/Zurich",
          "valid_from": "2026-01-01", "components": [
              {"type": "base_fee", "label": "Base fee", "price": "10", "vat_rate": "8.1"},
              {"type": "energy", "label": "Energy", "price": "0.20", "vat_rate": "8.1"},
              {"type": "grid", "label": "Grid", "price": "0.10", "vat_rate": "8.1"},
              {"type": "levy", "label": "Levies", "price": "0.02", "vat_rate": "8.1"},
              {"type": "feed_in", "label": "Feed-in", "price": "0.08", "vat_rate": "8.1"}]}

ACCOUNTS = [
    # code, language, consumption point, production point, vat_registered
    ("M1", "de", "MP-M1", "", "false"),
    ("M2", "fr", "MP-M2", "", "false"),
    ("P1", "it", "MP-P1", "PV-P1", "true"),
    ("P2", "en", "MP-P2", "", "false"),
    ("X1", "de", "MP-X1", "PV-X1", "false"),
]


def write_accounts(path, rows=ACCOUNTS):
    head = ("account,name,street,postcode,city,country,language,email,group,tariff,"
            "supply_start,supply_end,consumption_point,production_point,vat_registered\n")
    body = "".join(f"{a},Name {a},Weg 1,8000,Zürich,CH,{lang},,,H,2026-01-01,,{cp},{pp},{v}\n"
                   for a, lang, cp, pp, v in rows)
    path.write_text(head + body, encoding="utf-8")
    return path


def write_readings(path, series: dict[str, np.ndarray]):
    """series: 'CODE' (total) or 'CODE@consumption.local' -> kWh [N]."""
    lines = ["metering_point,start,kwh,quality"]
    times = [(JUNE_UTC + timedelta(minutes=15 * k)).strftime("%Y-%m-%dT%H:%M:%SZ")
             for k in range(N)]
    for code, values in series.items():
        lines += [f"{code},{t},{v:.4f},measured" for t, v in zip(times, values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def setup(factory, tmp_path, community: dict | list, series: dict[str, np.ndarray],
          accounts=ACCOUNTS):
    (tmp_path / "t.json").write_text(json.dumps(TARIFF))
    write_accounts(tmp_path / "a.csv", accounts)
    write_readings(tmp_path / "r.csv", series)
    (tmp_path / "c.json").write_text(json.dumps(community, indent=1))
    with transaction(factory) as s:
        if settings.get(s, "company") is None:   # who issues the documents (finalize needs it)
            settings.put(s, "company", DEMO_COMPANY)
        import_tariffs(s, tmp_path / "t.json")
        import_accounts(s, tmp_path / "a.csv")
    with transaction(factory) as s:
        import_communities(s, tmp_path / "c.json")
    with transaction(factory) as s:
        import_readings(s, tmp_path / "r.csv")


def full(v):
    return np.full(N, float(v))
