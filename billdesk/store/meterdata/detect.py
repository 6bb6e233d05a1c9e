"""Which format a file holds, from its content (never its name): docs/formats.md."""

from __future__ import annotations

from pathlib import Path

from billdesk.store.meterdata import eda, mscons, portal, safexml, sdat
from billdesk.store.meterdata.series import Located

FORMATS = ("csv", "sdat", "eda", "mscons", "portal")
NAMES = {"csv": "billdesk readings CSV", "sdat": "SDAT-CH XML", "eda": "EDA ConsumptionRecord",
         "mscons": "MSCONS (EDIFACT)", "portal": "portal export (CSV, a day per row)"}


def detect(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if not head.strip():
        raise Located("the file is empty (no data on line 1)", 1)
    nul = head.find(b"\x00")
    if nul >= 0:
        # NUL in the first line: binary; later, the format's own parser locates it
        line = head.count(b"\n", 0, nul) + 1
        if line == 1:
            raise Located("binary data (NUL bytes): not a meter-data file", 1)
        head = head[:nul]
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        ns, name, line = safexml.root_of(path)
        if sdat.detect(ns, name):
            return "sdat"
        if eda.detect(ns, name):
            return "eda"
        raise Located(f"unknown XML document <{name}> (namespace {ns or 'none'}); billdesk "
                      "reads SDAT-CH ValidatedMeteredData / AggregatedMeteredData and EDA "
                      "ConsumptionRecord", line, name)
    if mscons.detect_text(text):
        return "mscons"
    if text.startswith(("UNA", "UNB", "UNH")):
        raise Located("an EDIFACT interchange without an MSCONS message; billdesk reads "
                      "MSCONS load profiles", 1)
    first = text.splitlines()[0].lower().replace('"', "") if text else ""
    if "metering_point" in first and "kwh" in first:
        return "csv"
    if portal.looks_like(text):
        return "portal"
    raise Located("unrecognised content: not a billdesk readings CSV, SDAT-CH or EDA XML, "
                  "MSCONS or a portal export with a day per row (use --format to force one)",
                  1)
