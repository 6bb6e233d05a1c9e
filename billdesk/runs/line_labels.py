"""Invoice line labels in the customer's language (issue 14): lines store the component's
default label; the tariff version valid for the bill's period names it in the other
languages. Applied when a document is frozen at issue (billdesk.runs.freeze), so an issued
document keeps the words it was issued with."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from billdesk.pdf.details import localize_label

#: labels the engine gives lines of its own (not from a tariff component), by language
ENGINE_LABELS = {"Local energy": {"de": "Lokalstrom", "fr": "Électricité locale",
                                  "it": "Elettricità locale", "en": "Local energy"}}


ON_LOCAL = " (local energy)"     # e.g. "Netznutzung (local energy)": a LEG's grid usage


class LineLabels:
    """A bill line's label in the customer's language.

    Lines store the component's default label (the first text of the tariff's label
    object); the tariff version valid for the bill's period says what it is in the other
    languages. A label the tariff does not translate is printed as stored."""

    def __init__(self, session, tariff_codes):    # a Session or a Connection
        from billdesk.store.models import Tariff, TariffVersionRow

        self.versions: dict[str, list[tuple[date, dict]]] = defaultdict(list)
        codes = sorted({c for c in tariff_codes if c})
        for code, vf, definition in session.execute(
                select(Tariff.code, TariffVersionRow.valid_from, TariffVersionRow.definition)
                .join(TariffVersionRow, TariffVersionRow.tariff_id == Tariff.id)
                .where(Tariff.code.in_(codes)).order_by(TariffVersionRow.valid_from)):
            table: dict = {}
            for comp in (definition or {}).get("components", ()):
                lab = comp.get("label")
                if isinstance(lab, dict) and lab:
                    table[(comp.get("type"), next(iter(lab.values())))] = lab
            self.versions[code].append((vf, table))

    def get(self, tariff_code: str, period_start: date, component: str, label: str,
            language: str) -> str:
        if label.endswith(ON_LOCAL):     # a community's line on a tariff component (issue 17)
            base = self.get(tariff_code, period_start, component, label[:-len(ON_LOCAL)],
                            language)
            return localize_label(base + ON_LOCAL, language)
        table = None
        for vf, t in self.versions.get(tariff_code, ()):
            if vf <= period_start or table is None:
                table = t
        names = (table or {}).get((component, label)) or ENGINE_LABELS.get(label)
        if not names:
            return localize_label(label, language)    # a community's own lines (issue 17)
        return names.get(language) or label
