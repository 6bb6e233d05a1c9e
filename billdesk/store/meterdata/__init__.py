"""Meter data as operators deliver it: SDAT-CH, EDA ConsumptionRecord, MSCONS, portal CSV
exports and billdesk's own readings CSV, from files and folders (docs/formats.md)."""

from billdesk.store.meterdata.batch import FileReport, ImportReport, import_paths
from billdesk.store.meterdata.detect import FORMATS, NAMES, detect

__all__ = ["FORMATS", "NAMES", "FileReport", "ImportReport", "detect", "import_paths"]
