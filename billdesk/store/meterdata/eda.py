"""Austrian EDA ConsumptionRecord 01.30 .. 01.41 (ebUtilities, "DATEN_CRMSG").

``ProcessDirectory/MeteringPoint`` names the point; each ``Energy`` block holds
``EnergyData`` series whose ``MeterCode`` (an OBIS code with the energy-community suffix)
says the direction and channel, and whose energy positions ``EP`` carry ``DTF``/``DTT``
(from/to), ``MM`` (metering method: the quality) and ``BQ`` (quantity). Mapping tables in
docs/formats.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from billdesk.domain.quality import Quality
from billdesk.store.meterdata import safexml
from billdesk.store.meterdata.series import (QUARTER, Document, Located, Series, check_created,
                                             grid_seconds, parse_instant, parse_numbers,
                                             decimal_of, split_hourly, to_units)

NS_RE = re.compile(r"http://www\.ebutilities\.at/schemata/customerprocesses/"
                   r"consumptionrecord/01p(30|31|40|41)")

METHODS = {
    "L1": Quality.MEASURED,      # load profile value, measured
    "L2": Quality.SUBSTITUTED,   # substitute value formed by the grid operator
    "L3": Quality.ESTIMATED,     # provisional / estimated value
    "01": Quality.MEASURED,      # read by the grid operator
    "02": Quality.MEASURED,      # read by the customer
    "03": Quality.ESTIMATED,     # calculated
    "04": Quality.ESTIMATED,     # estimated
    "05": Quality.ESTIMATED,     # not documented in the schema: treated as estimated
}
# MeterCode -> (direction, channel); the energy-community codes of Austrian EEGs
METER_CODES = {
    "1-1:1.9.0": ("consumption", "total"),
    "1-1:1.9.0 G.01": ("consumption", "total"),      # consumption as measured
    "1-1:2.9.0": ("production", "total"),
    "1-1:2.9.0 G.01": ("production", "total"),       # generation as measured
    "1-1:2.9.0 G.03": ("consumption", "local"),      # own cover from the community
    "1-1:2.9.0 P.01": ("production", "residual"),    # surplus not used in the community
}
NOT_STORED = {
    "1-1:1.9.0 G.01T": "consumption by participation factor",
    "1-1:2.9.0 G.01T": "generation by participation factor",
    "1-1:2.9.0 G.02": "share of the community's generation allocated",
    "1-1:1.9.0 G.02": "energy drawn from the community",
    "1-1:2.9.0 G.03R": "own cover from renewable generation",
    "1-1:2.9.0 P.01T": "surplus by participation factor",
}
INTERVALS = {"QH": QUARTER, "H": 3600}
UNITS = {"KWH": 1.0, "MWH": 1000.0}


def detect(ns: str, name: str) -> bool:
    return name == "ConsumptionRecord"


def parse(path: Path, tz=None) -> Document:
    ns, name, line = safexml.root_of(path)
    if name != "ConsumptionRecord":
        raise Located(f"root element {name} is not an EDA ConsumptionRecord", line, name)
    m = NS_RE.fullmatch(ns)
    if not m:
        raise Located(f"wrong namespace {ns or '(none)'!r} for ConsumptionRecord; supported: "
                      "http://www.ebutilities.at/schemata/customerprocesses/consumptionrecord/"
                      "01p30, 01p31, 01p40, 01p41", line, name)
    doc = Document("eda", None)
    q = lambda n: f"{{{ns}}}{n}"  # noqa: E731
    seen = {"mpd": False, "pd": False}
    for el in safexml.iterate(path, (q("MarketParticipantDirectory"), q("ProcessDirectory"))):
        if el.tag == q("MarketParticipantDirectory"):
            seen["mpd"] = True
            if (el.get("DocumentMode") or "PROD").strip() == "SIMU":
                doc.notes.append("DocumentMode SIMU: a message of the EDA test environment")
            created = el.find("{*}RoutingHeader/{*}DocumentCreationDateTime")
            if created is None:
                doc.notes.append("no DocumentCreationDateTime: ordered as created at the import")
            else:
                doc.created = check_created(parse_instant(
                    created.text, "DocumentCreationDateTime", created.sourceline,
                    "RoutingHeader/DocumentCreationDateTime"), created.sourceline,
                    "RoutingHeader/DocumentCreationDateTime")
        else:
            seen["pd"] = True
            _process(el, q, doc)
    if not seen["pd"]:
        raise Located("no ProcessDirectory: not a complete ConsumptionRecord", None,
                      "ProcessDirectory")
    return doc


def _process(pd, q, doc: Document) -> None:
    mp = pd.find("{*}MeteringPoint")     # ct:MeteringPoint (common types), in practice
    code = safexml.text(mp)
    if not code or len(code) > 64:
        raise Located("no MeteringPoint" if not code else "MeteringPoint id too long",
                      mp.sourceline if mp is not None else pd.sourceline,
                      "ProcessDirectory/MeteringPoint")
    energies = pd.findall(q("Energy"))
    if not energies:
        raise Located("no Energy block", pd.sourceline, "ProcessDirectory/Energy")
    for k, en in enumerate(energies, start=1):
        where = f"Energy[{k}]"
        vals = {}
        for name in ("MeteringPeriodStart", "MeteringPeriodEnd", "MeteringIntervall",
                     "NumberOfMeteringIntervall"):
            e = en.find(q(name))
            if e is None:
                raise Located(f"no {name}", en.sourceline, f"{where}/{name}")
            vals[name] = e
        start, end = (_instant(vals[k], k, f"{where}/{k}")
                      for k in ("MeteringPeriodStart", "MeteringPeriodEnd"))
        iv = safexml.text(vals["MeteringIntervall"])
        if iv not in INTERVALS:
            raise Located(f"MeteringIntervall {iv!r}: billdesk reads quarter-hour (QH) and "
                          "hourly (H) values", vals["MeteringIntervall"].sourceline,
                          f"{where}/MeteringIntervall")
        step = INTERVALS[iv]
        n_text = safexml.text(vals["NumberOfMeteringIntervall"])
        if end <= start or (end - start) % step or not n_text.isdigit() \
                or int(n_text) != (end - start) // step:
            raise Located(f"NumberOfMeteringIntervall {n_text!r} does not fit the period "
                          f"({(end - start) / step:g} intervals of {iv})",
                          vals["NumberOfMeteringIntervall"].sourceline,
                          f"{where}/NumberOfMeteringIntervall")
        n = (end - start) // step
        for j, ed in enumerate(en.findall(q("EnergyData")), start=1):
            s = _energy_data(ed, q, doc, code, start, step, n, f"{where}/EnergyData[{j}]")
            if s is not None:
                doc.series.append(s)


def _energy_data(ed, q, doc, code, start, step, n, where):
    meter = " ".join((ed.get("MeterCode") or "").split())
    if meter in NOT_STORED:
        doc.notes.append(f"{where}: MeterCode {meter} ({NOT_STORED[meter]}) not stored")
        return None
    if meter not in METER_CODES:
        raise Located(f"unknown MeterCode {meter!r}; known: {', '.join(METER_CODES)}",
                      ed.sourceline, where + "/@MeterCode")
    direction, channel = METER_CODES[meter]
    uom = (ed.get("UOM") or "").strip().upper()
    if uom not in UNITS:
        raise Located(f"UOM {uom!r}: energy is read in KWH or MWH", ed.sourceline,
                      where + "/@UOM")
    eps = ed.findall(q("EP"))
    if len(eps) > n:
        raise Located(f"{len(eps)} energy positions for a period of {n} intervals",
                      ed.sourceline, where)
    idx = np.empty(len(eps), dtype=np.int64)
    texts, flags = [], np.empty(len(eps), dtype=np.uint8)
    for i, ep in enumerate(eps):
        p = f"{where}/EP[{i + 1}]"
        parts = {t: ep.find(q(t)) for t in ("DTF", "DTT", "MM", "BQ")}
        for t, e in parts.items():
            if e is None:
                raise Located(f"no {t}", ep.sourceline, f"{p}/{t}")
        a = grid_seconds(parse_instant(parts["DTF"].text, "DTF", ep.sourceline, p + "/DTF"),
                         "DTF", ep.sourceline, p + "/DTF")
        b = grid_seconds(parse_instant(parts["DTT"].text, "DTT", ep.sourceline, p + "/DTT"),
                         "DTT", ep.sourceline, p + "/DTT")
        if b - a != step or (a - start) % step or not 0 <= (a - start) // step < n:
            raise Located("DTF..DTT is not one metering interval inside the period",
                          ep.sourceline, p)
        idx[i] = (a - start) // step
        mm = safexml.text(parts["MM"])
        if mm not in METHODS:
            raise Located(f"unknown metering method MM {mm!r}; known: {', '.join(METHODS)}",
                          parts["MM"].sourceline, p + "/MM")
        flags[i] = METHODS[mm]
        texts.append(parts["BQ"].text or "")
    order = np.argsort(idx, kind="stable")
    dup = np.flatnonzero(idx[order][1:] == idx[order][:-1])
    if len(dup):
        i = int(order[dup[0] + 1])
        raise Located("two energy positions for the same interval", eps[i].sourceline,
                      f"{where}/EP[{i + 1}]")

    def place(i):
        return eps[i].sourceline, f"{where}/EP[{i + 1}]/BQ"

    values = parse_numbers(texts, place) * UNITS[uom]
    units, rounded = to_units(values, place, texts=texts,
                              exact=lambda i: decimal_of(texts[i], UNITS[uom]))
    doc.rounded += rounded
    u = np.zeros(n, dtype=np.int32)
    f = np.full(n, Quality.MISSING, dtype=np.uint8)
    mask = np.zeros(n, dtype=bool)
    u[idx], f[idx], mask[idx] = units, flags, True
    if step == 3600:
        u, f, mask = split_hourly(u, f, mask)
    return Series(code, direction, channel, start, u, f, None if mask.all() else mask,
                  where, ed.sourceline)


def _instant(el, what, where) -> int:
    return grid_seconds(parse_instant(el.text, what, el.sourceline, where), what,
                        el.sourceline, where)
