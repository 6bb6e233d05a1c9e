"""SDAT-CH (ebIX, namespace http://www.strom.ch): ValidatedMeteredData 12/14/16 (E66, per
metering point) and AggregatedMeteredData 13 (E31, community or grid-area aggregates).

Mapping tables (conditions, products, status) are in docs/formats.md. Observations are read
in bulk with XPath per MeteringData block (one Python step per block, not per value); a
block whose observations are not regular is walked one by one to name the faulty one.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import numpy as np
from lxml import etree

from billdesk.domain.quality import Quality
from billdesk.store.meterdata import safexml
from billdesk.store.meterdata.series import (QUARTER, Document, Located, Series, check_created,
                                             grid_seconds, parse_instant, parse_numbers,
                                             decimal_of, split_hourly, to_units)

NAMESPACE = "http://www.strom.ch"
VERSIONS = {"ValidatedMeteredData": {"12", "14", "16"}, "AggregatedMeteredData": {"13"}}

# Observation/Condition -> quality (none = a final measured value)
CONDITIONS = {
    "21": Quality.ESTIMATED,     # temporary / provisional, not yet validated
    "56": Quality.SUBSTITUTED,   # estimated by the metering point operator (substitute value)
}
PRODUCTS = {
    "8716867000030": "total",      # ebIX active energy
    "2404050010123": "local",      # VSE: LEG / community local energy
    "2404050010124": "residual",   # VSE: residual (grid) energy beside the community share
}
STATUS = {"9": "original", "5": "replace", "1": "cancel"}
FLOWS = {"E17": "consumption", "E18": "production"}
UNITS = {"KWH": 1.0, "MWH": 1000.0}


def detect(ns: str, name: str) -> bool:
    m = re.fullmatch(r"(ValidatedMeteredData|AggregatedMeteredData)_(\d+)", name)
    return bool(m)


def parse(path: Path, tz=None) -> Document:
    ns, name, line = safexml.root_of(path)
    m = re.fullmatch(r"(ValidatedMeteredData|AggregatedMeteredData)_(\d+)", name)
    if not m:
        raise Located(f"root element {name} is not an SDAT-CH document", line, name)
    base, version = m[1], m[2]
    if ns != NAMESPACE:
        raise Located(f"wrong namespace {ns or '(none)'!r} for {name}; SDAT-CH documents "
                      f"declare {NAMESPACE}", line, name)
    if version not in VERSIONS[base]:
        raise Located(f"{name}: version {version} is not supported (ValidatedMeteredData "
                      "12, 14, 16; AggregatedMeteredData 13)", line, name)
    r = _Reader(ns, base == "AggregatedMeteredData")
    doc = Document("sdat", None)
    header = f"{{{ns}}}{base}_HeaderInformation"
    data = f"{{{ns}}}MeteringData"
    seen_header = False
    for el in safexml.iterate(path, (header, data)):
        if el.tag == header:
            r.header(el, doc)
            seen_header = True
        else:
            r.block += 1
            doc.series.extend(r.metering_data(el, doc))
    if not seen_header:
        raise Located(f"no {base}_HeaderInformation: not a complete SDAT-CH document", None,
                      f"{base}_HeaderInformation")
    if r.block == 0:
        raise Located("the document has no MeteringData", None, "MeteringData")
    if doc.status == "cancel":
        doc.cancel()
    return doc


_XPATHS: dict = {}


def _compiled(ns: str) -> dict:
    """The observation XPaths for a namespace, compiled once."""
    if ns not in _XPATHS:
        exprs = {
            "n": "count(r:Observation)",
            "n_seq": "count(r:Observation/r:Position/r:Sequence)",
            "n_vol": "count(r:Observation/r:Volume)",
            "lacking": "count(r:Observation[not(r:Volume) or not(r:Position/r:Sequence)])",
            # positional tests only (cheap): a repeated child, a child with two nodes
            "single": "count(r:Observation/r:Position[2] | r:Observation/r:Volume[2]"
                      " | r:Observation/r:Condition[2] | r:Observation/*/node()[2]"
                      " | r:Observation/r:Position/r:Sequence/node()[2])",
            "seqs": "r:Observation/r:Position/r:Sequence/text()",
            "vols": "r:Observation/r:Volume/text()",
            "n_cond": "count(r:Observation/r:Condition)",
            "no_cond": "count(r:Observation[not(r:Condition)])",
            "cond_texts": "r:Observation/r:Condition/text()",
            "cond_all_texts": "r:Observation/r:Condition//text()",
            "obs": "r:Observation",
            "conds": "r:Observation/r:Condition",
        }
        _XPATHS[ns] = {k: etree.XPath(v, namespaces={"r": ns}, smart_strings=False)
                       for k, v in exprs.items()}
    return _XPATHS[ns]


class _Reader:
    def __init__(self, ns: str, aggregated: bool):
        self.ns, self.aggregated, self.block = ns, aggregated, 0
        self.xp = _compiled(ns)

    def q(self, name):
        return f"{{{self.ns}}}{name}"

    def find(self, el, path):
        return el.find("/".join(self.q(p) for p in path.split("/")))

    def header(self, el, doc: Document) -> None:
        inst = self.find(el, "InstanceDocument")
        where = el.tag.split("}")[1] + "/InstanceDocument"
        if inst is None:
            raise Located("the header has no InstanceDocument", el.sourceline, where)
        created = self.find(inst, "Creation")
        if created is not None:
            doc.created = check_created(parse_instant(created.text, "Creation",
                                                      created.sourceline, where + "/Creation"),
                                        created.sourceline, where + "/Creation")
        else:
            doc.notes.append("no Creation time: ordered as created at the import")
        status = self.find(inst, "Status")
        if status is not None:
            code = safexml.text(status)
            if code not in STATUS:
                raise Located(f"unknown document status {code!r}; known: 9 original, "
                              "5 replace, 1 cancel", status.sourceline, where + "/Status")
            doc.status = STATUS[code]

    def metering_data(self, el, doc: Document) -> list[Series]:
        where = f"MeteringData[{self.block}]"
        line = el.sourceline
        start, end = self._interval(el, where, line)
        code, direction, create = self._point(el, where, line)
        product = self.find(el, "Product")
        channel = "total"
        factor = 1.0
        if product is not None:
            pid_el = self.find(product, "ID")
            pid = safexml.text(pid_el)
            if pid not in PRODUCTS:
                doc.notes.append(f"{where}: product {pid or '(none)'} is not active energy "
                                 "(total, LEG local or residual): not stored")
                return []
            channel = PRODUCTS[pid]
            unit_el = self.find(product, "MeasureUnit")
            unit = safexml.text(unit_el).upper() if unit_el is not None else "KWH"
            if unit not in UNITS:
                raise Located(f"measure unit {unit!r}; SDAT energy is read in KWH or MWH",
                              unit_el.sourceline, where + "/Product/MeasureUnit")
            factor = UNITS[unit]
        seq, vols, cond_texts, cond_pairs, obs_lines = self._observations(el, where)
        n_obs = len(vols)
        res = self._resolution(el, where, line, start, end, n_obs)
        n = (end - start) // res
        if (end - start) % res or n_obs != n:
            raise Located(f"the interval {_iso(start)}..{_iso(end)} at {res // 60} MIN holds "
                          f"{(end - start) / res:g} observations; the block has {n_obs}",
                          line, where + "/Observation")
        if seq is not None:
            bad = np.flatnonzero((seq < 1) | (seq > n))
            if len(bad):
                i = int(bad[0])
                raise Located(f"Sequence {seq[i]} outside 1..{n}", obs_lines(i),
                              f"{where}/Observation[{i + 1}]/Position/Sequence")
            order = np.argsort(seq, kind="stable")
            dup = np.flatnonzero(seq[order][1:] == seq[order][:-1])
            if len(dup):
                i = int(order[dup[0] + 1])
                raise Located(f"Sequence {seq[i]} appears twice", obs_lines(i),
                              f"{where}/Observation[{i + 1}]/Position/Sequence")

        def place(i):
            return obs_lines(i), f"{where}/Observation[{i + 1}]/Volume"

        values = parse_numbers(vols, place)
        if factor != 1.0:
            values = values * factor
        units, rounded = to_units(values, place, texts=vols,
                                  exact=lambda i: decimal_of(vols[i], factor))
        doc.rounded += rounded
        flags = np.zeros(n, dtype=np.uint8)
        if cond_texts is not None:
            flags = _condition_flags(cond_texts, lambda i: (
                obs_lines(i), f"{where}/Observation[{i + 1}]/Condition"))
        for i, c in cond_pairs:
            if c not in CONDITIONS:
                raise _unknown_condition(c, obs_lines(i),
                                         f"{where}/Observation[{i + 1}]/Condition")
            flags[i] = CONDITIONS[c]
        if seq is None:                   # 1..n in order
            u, f = units, flags
        else:
            idx = seq - 1
            u = np.empty(n, dtype=np.int32)
            f = np.empty(n, dtype=np.uint8)
            u[idx], f[idx] = units, flags
        if res == 3600:
            u, f, _ = split_hourly(u, f)
        return [Series(code, direction, channel, start, u, f, None, where, line, create)]

    def _interval(self, el, where, line):
        iv = self.find(el, "Interval")
        if iv is None:
            raise Located("no Interval", line, where + "/Interval")
        out = []
        for name in ("StartDateTime", "EndDateTime"):
            t = self.find(iv, name)
            if t is None:
                raise Located(f"no {name}", iv.sourceline, f"{where}/Interval/{name}")
            dt = parse_instant(t.text, name, t.sourceline, f"{where}/Interval/{name}")
            out.append(grid_seconds(dt, name, t.sourceline, f"{where}/Interval/{name}"))
        if out[1] <= out[0]:
            raise Located("EndDateTime is not after StartDateTime", iv.sourceline,
                          where + "/Interval")
        return out

    def _resolution(self, el, where, line, start, end, n_obs) -> int:
        res = self.find(el, "Resolution")
        if res is None:
            if n_obs and (end - start) % n_obs == 0 and (end - start) // n_obs in (900, 3600):
                return (end - start) // n_obs
            raise Located("no Resolution", line, where + "/Resolution")
        inner = self.find(res, "Resolution")
        value = safexml.text(inner if inner is not None else res) if len(res) else \
            (res.text or "").strip()
        unit_el = self.find(res, "Unit")
        unit = safexml.text(unit_el).upper() if unit_el is not None else "MIN"
        minutes = {"MIN": 1, "HUR": 60, "H": 60}.get(unit)
        if minutes is None or not re.fullmatch(r"\d{1,4}", value or ""):
            raise Located(f"resolution {value!r} {unit!r}; expected 15 MIN or 60 MIN",
                          res.sourceline, where + "/Resolution")
        secs = int(value) * minutes * 60
        if secs not in (QUARTER, 3600):
            raise Located(f"resolution {value} {unit} is not supported: billdesk stores "
                          "15-minute values (60 MIN is split evenly)", res.sourceline,
                          where + "/Resolution")
        return secs

    def _point(self, el, where, line):
        if self.aggregated:
            comm = self.find(el, "Community/CommunityID")
            area = self.find(el, "MeteringGridArea")
            code = safexml.text(comm) if comm is not None else safexml.text(area)
            flow = self.find(el, "AggregationCriteria/FlowCharacteristic")
            if flow is None:
                flow = self.find(el, "FlowCharacteristic")
            fl = safexml.text(flow)
            if not code:
                raise Located("an aggregate needs a Community/CommunityID or a "
                              "MeteringGridArea", line, where)
            if fl not in FLOWS:
                raise Located(f"FlowCharacteristic {fl or '(none)'!r}; expected E17 "
                              "(consumption) or E18 (production)",
                              flow.sourceline if flow is not None else line,
                              where + "/AggregationCriteria/FlowCharacteristic")
            return code[:64], FLOWS[fl], True
        for name, direction in (("ConsumptionMeteringPoint", "consumption"),
                                ("ProductionMeteringPoint", "production")):
            mp = self.find(el, name)
            if mp is not None:
                code = safexml.text(mp)
                if not code or len(code) > 64:
                    raise Located(f"{name}: {'empty' if not code else 'too long'} metering "
                                  "point id", mp.sourceline, f"{where}/{name}")
                return code, direction, False
        raise Located("no ConsumptionMeteringPoint or ProductionMeteringPoint", line, where)

    def _observations(self, el, where):
        """(sequences, or None for 1..n in order; volume texts; the condition texts, one per
        observation, or None; [(index, condition)] of the others; line-of(i)) of a block, in
        bulk; an irregular block is walked to name the fault."""
        xp = self.xp
        n = int(xp["n"](el))
        seqs = xp["seqs"](el)
        vols = xp["vols"](el)

        def obs_lines(i):   # only asked for when something is wrong
            obs = xp["obs"](el)
            return obs[i].sourceline if 0 <= i < len(obs) else el.sourceline

        # One pass per list, no per-observation predicate: when no observation repeats a
        # Position, Volume or Condition and no child of one holds two nodes ("single"), each
        # observation gives at most one text to each list, so n texts are one per
        # observation, in document order (libxml2 merges adjacent text, CDATA included).
        single = int(xp["single"](el)) == 0
        if not (single and len(seqs) == len(vols) == n) and not (
                len(seqs) == len(vols) == n == int(xp["n_seq"](el)) == int(xp["n_vol"](el))
                and int(xp["lacking"](el)) == 0):
            self._locate_irregular(el, where)
        seq = None
        if seqs != _in_order(n):          # the usual 1..n needs no number parsing
            seq = parse_numbers(seqs, lambda i: (obs_lines(i), f"{where}/Observation[{i + 1}]/"
                                                               "Position/Sequence"))
            if n and (seq != np.round(seq)).any():
                i = int(np.flatnonzero(seq != np.round(seq))[0])
                raise Located(f"Sequence {seqs[i].strip()!r} is not a whole number",
                              obs_lines(i), f"{where}/Observation[{i + 1}]/Position/Sequence")
            seq = np.where(np.abs(seq) < 2.0 ** 40, seq, -1).astype(np.int64)
        texts = xp["cond_texts"](el)
        if single and len(seqs) == len(vols) == len(texts) == n:
            return seq, vols, texts, [], obs_lines      # one code on every observation
        pairs: list = []
        n_cond = int(xp["n_cond"](el))
        if n_cond:
            if n_cond == n and not int(xp["no_cond"](el)):   # one on every observation
                if len(texts) != n:                   # codes inside a child element
                    texts = xp["cond_all_texts"](el)
                if len(texts) == n:
                    return seq, vols, texts, [], obs_lines
            index = {o: i for i, o in enumerate(xp["obs"](el))}
            pairs = [(index[c.getparent()], safexml.text(c)) for c in xp["conds"](el)]
            if len({i for i, _c in pairs}) != len(pairs):
                self._locate_irregular(el, where)
        return seq, vols, None, pairs, obs_lines

    def _locate_irregular(self, el, where):
        for i, o in enumerate(el.iterfind(self.q("Observation"))):
            p = f"{where}/Observation[{i + 1}]"
            seqs = o.findall(f"{self.q('Position')}/{self.q('Sequence')}")
            vols = o.findall(self.q("Volume"))
            if len(seqs) != 1 or not (seqs[0].text or "").strip():
                raise Located("an Observation needs exactly one Position/Sequence",
                              o.sourceline, p + "/Position/Sequence")
            if len(vols) != 1 or not (vols[0].text or "").strip():
                raise Located("an Observation needs exactly one Volume", o.sourceline,
                              p + "/Volume")
            if len(o.findall(self.q("Condition"))) > 1:
                raise Located("an Observation has at most one Condition", o.sourceline,
                              p + "/Condition")
        raise Located("irregular Observation elements", el.sourceline, where)


_ORDERED: dict[int, list[str]] = {}


def _in_order(n: int) -> list[str]:
    """["1", "2", ..., str(n)]: the Sequence texts of a block written in order."""
    if n not in _ORDERED:
        if len(_ORDERED) > 16:
            _ORDERED.clear()
        _ORDERED[n] = [str(i) for i in range(1, n + 1)]
    return _ORDERED[n]


def _unknown_condition(code: str, line, where) -> Located:
    return Located(f"unknown Condition code {code!r}; known: "
                   f"{', '.join(sorted(CONDITIONS))} (none = measured)", line, where)


def _condition_flags(texts: list[str], place) -> np.ndarray:
    """Quality flags of one condition text per observation (mapped once per distinct
    text); the first unknown code, in document order, is refused with its place."""
    table = {}
    for t in set(texts):
        code = t.strip()
        table[t] = CONDITIONS.get(code, -1)
    if min(table.values()) < 0:
        i = next(i for i, t in enumerate(texts) if table[t] < 0)
        raise _unknown_condition(texts[i].strip(), *place(i))
    if len(table) == 1:
        return np.full(len(texts), next(iter(table.values())), dtype=np.uint8)
    return np.fromiter(map(table.__getitem__, texts), dtype=np.uint8, count=len(texts))


def _iso(secs: int) -> str:
    from datetime import datetime, timezone

    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=secs)) \
        .strftime("%Y-%m-%dT%H:%MZ")
