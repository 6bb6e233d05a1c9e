"""The billing engine's per-account messages in the user's language.

The engine and the run services stay free of Qt and write their messages in English (they are
stored with each attempt, shown by the CLI and in JSON). The GUI translates them for display
with the table below: each entry is one of their message templates, word for word, with its
variable parts as ``{fields}``. A message is matched against the templates (its fields
recognised by their kind, see ``_KINDS``), and shown as the translated template with its
fields formatted for the user's locale: counts and percentages in the locale's number format,
periods with their last day included, quality names translated, and a field holding another
message (``{msg}``, ``{doc}``, ``{what}``) translated in turn. Messages joined with "; " (a
failure's reasons, then the hint what to do) are translated part by part.

A message that no template matches is shown as it is; ``translate_message`` says whether
every part was matched (the tests run real failures through it on the German screen).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "AttemptMessage"

#: every template of the engine's and the run services' attempt messages (billdesk.engine,
#: billdesk.runs, billdesk.domain.quality): the English source is the template itself
TEMPLATES = (
    # billdesk.engine.batch
    QT_TRANSLATE_NOOP("AttemptMessage", "{n} missing interval(s) filled (estimated)"),
    QT_TRANSLATE_NOOP("AttemptMessage", "all {n} intervals of the supplied period are missing"),
    QT_TRANSLATE_NOOP("AttemptMessage", "allocated local energy is unknown, negative or more "
                                        "than the consumption in some interval(s)"),
    QT_TRANSLATE_NOOP("AttemptMessage", "exported energy is unknown or negative"),
    QT_TRANSLATE_NOOP("AttemptMessage", "price series {series} has no price for {n} "
                                        "interval(s) of {range}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "community energy allocated but no local price is "
                                        "known"),
    QT_TRANSLATE_NOOP("AttemptMessage", "fingerprint: {detail}"),
    # billdesk.engine.segments
    QT_TRANSLATE_NOOP("AttemptMessage", "supply {range} is outside the period {period}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "the account has no tariff"),
    QT_TRANSLATE_NOOP("AttemptMessage", "no version of tariff {code} in force on {day} (first "
                                        "valid from {day2})"),
    QT_TRANSLATE_NOOP("AttemptMessage", "tariff currency changes inside the period ({list})"),
    # billdesk.domain.quality.Thresholds.check
    QT_TRANSLATE_NOOP("AttemptMessage", "{n} interval(s) worse than {q} (worst: {q2})"),
    QT_TRANSLATE_NOOP("AttemptMessage", "measured share {pct} below minimum {pct2}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{n} missing interval(s), at most {n2} allowed"),
    # billdesk.engine.community
    QT_TRANSLATE_NOOP("AttemptMessage", "community {name} has time-of-use local prices but "
                                        "tariff {code} has no time-of-use schedule"),
    QT_TRANSLATE_NOOP("AttemptMessage", "community {name} has no local price for period "
                                        "{tou} of tariff {code}'s schedule (it has {list})"),
    # billdesk.engine.allocation
    QT_TRANSLATE_NOOP("AttemptMessage", "shapes do not fit: consumption {shape}, production "
                                        "{shape2}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "active mask {shape} does not match consumption "
                                        "{shape2}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "consumption or production has unknown (NaN) values"),
    QT_TRANSLATE_NOOP("AttemptMessage", "consumption and production must not be negative"),
    QT_TRANSLATE_NOOP("AttemptMessage", "static allocation needs shares"),
    QT_TRANSLATE_NOOP("AttemptMessage", "shares must be {n} values >= 0"),
    QT_TRANSLATE_NOOP("AttemptMessage", "shares add up to {x} > 1"),
    QT_TRANSLATE_NOOP("AttemptMessage", "shapes do not fit: local {shape}, consumption "
                                        "{shape2}, production {shape3}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "the local-energy series of member {code} was not "
                                        "delivered for {n} interval(s) of its membership, "
                                        "first {when}; import the grid operator's 'local' "
                                        "series for it"),
    QT_TRANSLATE_NOOP("AttemptMessage", "local energy of member {code} is unknown or negative "
                                        "in {when}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "local energy of member {code} ({x} kWh) exceeds its "
                                        "consumption ({x2} kWh) in {when}"),
    # billdesk.runs.inputs
    QT_TRANSLATE_NOOP("AttemptMessage", "tariff {code} cannot be read: {detail}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "tariff {code} is for time zone {zone}, the utility's "
                                        "is {zone2}; re-import it with \"timezone\": "
                                        "\"{zone3}\""),
    QT_TRANSLATE_NOOP("AttemptMessage", "account {code} has no consumption metering point; "
                                        "add one in the accounts file and import it"),
    QT_TRANSLATE_NOOP("AttemptMessage", "account {code} has no tariff"),
    QT_TRANSLATE_NOOP("AttemptMessage", "tariff {code} of account {code2} is unknown; import "
                                        "it first"),
    QT_TRANSLATE_NOOP("AttemptMessage", "allocation of community {name} failed: {msg}; check "
                                        "{what}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "the grid operator's local-energy series"),
    QT_TRANSLATE_NOOP("AttemptMessage", "its members' shares and its production data"),
    QT_TRANSLATE_NOOP("AttemptMessage", "the local energy of member {code} cannot be priced: "
                                        "{msg}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "tariff {code} of member {code2} is unknown"),
    # billdesk.runs.decide
    QT_TRANSLATE_NOOP("AttemptMessage", "issued bill {number}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "draft bill {id} of run {id2}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "already billed for {period}: {doc}; use billing "
                                        "'create-and-correct' to correct an issued bill"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{doc} is not issued yet; finalize or cancel run {id} "
                                        "before correcting"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{doc} covers {range}, another period overlapping "
                                        "{period}; it cannot be corrected by this run"),
    QT_TRANSLATE_NOOP("AttemptMessage", "inputs unchanged since {doc}; nothing to correct"),
    QT_TRANSLATE_NOOP("AttemptMessage", "total {amount} {currency} is negative; check the "
                                        "meter data and the feed-in of this account"),
    QT_TRANSLATE_NOOP("AttemptMessage", "total {amount} {currency} deviates by more than "
                                        "{x}x from the previous bill {number} ({amount2} "
                                        "{currency2}); check the meter data"),
    QT_TRANSLATE_NOOP("AttemptMessage", "corrects {doc}: credit note and replacement "
                                        "invoice"),
    # billdesk.runs.producers
    QT_TRANSLATE_NOOP("AttemptMessage", "producer not paid: {msg}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{doc} already pays {code} for community {name}; "
                                        "finalize or cancel run {id} first"),
    QT_TRANSLATE_NOOP("AttemptMessage", "community {name}: already paid by {doc}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "community {name}: corrects {doc}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{n} self-billing credit note(s) for its production"),
    # billdesk.runs.billing
    QT_TRANSLATE_NOOP("AttemptMessage", "billing engine error ({error}: {detail}); report "
                                        "this to support"),
    QT_TRANSLATE_NOOP("AttemptMessage", "metering point {code}: {msg}; import its readings "
                                        "for {period}"),
    QT_TRANSLATE_NOOP("AttemptMessage", "{msg}; import corrected readings or lower the run's "
                                        "thresholds"),
    # billdesk.runs.quality (the quality check before a run: why an account would fail)
    QT_TRANSLATE_NOOP("AttemptMessage", "no consumption metering point"),
    QT_TRANSLATE_NOOP("AttemptMessage", "no meter data: all {n} intervals missing"),
    # an unexpected error in the engine (billdesk.engine.batch): its Python exception
    QT_TRANSLATE_NOOP("AttemptMessage", "{error}: {detail}"),
)

_DAY = r"\d{4}-\d{2}-\d{2}"
_QUALITY = ("measured", "substituted", "estimated", "missing")
#: field name (without a trailing digit) -> its pattern
_KINDS = {
    "n": r"-?\d+", "id": r"\d+", "pct": r"-?\d+(?:\.\d+)?%", "q": "|".join(_QUALITY),
    "x": r"-?\d+(?:\.\d+)?", "amount": r"-?\d+(?:\.\d+)?", "currency": r"[A-Z]{3}",
    "day": _DAY, "range": rf"{_DAY}\.\.(?:{_DAY})?",
    "period": rf"\d{{4}}-\d{{2}}|{_DAY}\.\.{_DAY}", "error": r"[A-Z]\w*(?:Error|Exception)",
    "shape": r"\([\d, ]*\)",
}
#: fields holding a message of their own (translated in turn)
_NESTED = ("msg", "doc", "what")
_FIELD = re.compile(r"\{(\w+)\}")


def _compile(template: str) -> re.Pattern:
    out, at = [], 0
    for m in _FIELD.finditer(template):
        out.append(re.escape(template[at:m.start()]))
        name = m.group(1)
        out.append(f"(?P<{name}>{_KINDS.get(name.rstrip('0123456789'), '.+?')})")
        at = m.end()
    out.append(re.escape(template[at:]))
    return re.compile("".join(out), re.DOTALL)


_COMPILED = [(t, _compile(t)) for t in TEMPLATES]
_cache: dict[str, tuple[str, bool]] = {}
_cache_language: list[str] = [""]


def tr_attempt_message(message: str | None) -> str:
    """``message`` (an attempt's, as stored) in the user's language."""
    return translate_message(message)[0]


def translate_message(message: str | None) -> tuple[str, bool]:
    """(``message`` in the user's language, whether every part of it was recognised)."""
    if not message:
        return "", True
    from billdesk.gui.i18n import current_language

    lang = current_language()
    if _cache_language[0] != lang:
        _cache.clear()
        _cache_language[0] = lang
    hit = _cache.get(message)
    if hit is None:
        hit = _translate(message, 0)
        if len(_cache) > 50_000:
            _cache.clear()
        _cache[message] = hit
    return hit


def _translate(text: str, depth: int) -> tuple[str, bool]:
    if depth > 6:
        return text, False
    one = _one(text, depth)
    if one is not None:
        return one
    parts = text.split("; ")
    if len(parts) == 1:
        return text, False
    # the fewest groups of consecutive parts that each are one message (a template may hold
    # "; " itself): best[i] = translation of parts[:i]
    best: list[list[str] | None] = [[]] + [None] * len(parts)
    for i in range(1, len(parts) + 1):
        for j in range(i - 1, -1, -1):
            if best[j] is None:
                continue
            done = _one("; ".join(parts[j:i]), depth)
            if done is not None and (best[i] is None or len(best[j]) + 1 < len(best[i])):
                best[i] = best[j] + [done[0]]
    if best[-1] is None:
        return text, False
    return "; ".join(best[-1]), True


def _one(text: str, depth: int) -> tuple[str, bool] | None:
    """``text`` as one message of the table, or None when no template matches it whole."""
    for template, rx in _COMPILED:
        m = rx.fullmatch(text)
        if m is None:
            continue
        fields = {}
        ok = True
        for name, value in m.groupdict().items():
            if name in _NESTED:
                value, ok = _translate(value, depth + 1)
                if not ok:
                    break
            fields[name] = _field(name.rstrip("0123456789"), value)
        if not ok:
            continue
        return QCoreApplication.translate(CONTEXT, template).format(**fields), True
    return None


def _field(kind: str, value: str) -> str:
    from billdesk.gui import formats

    try:
        if kind == "n":
            return formats.fmt_int(int(value))
        if kind == "pct":
            return formats.fmt_pct(float(value[:-1]) / 100.0, 2)
        if kind == "q":
            return formats.tr_quality(value)
        if kind in ("amount", "x"):
            d = Decimal(value)
            places = max(0, -d.as_tuple().exponent)
            return formats.fmt_num(d, places) if kind == "x" else formats.fmt_amount(d)
        if kind == "range":
            a, _, b = value.partition("..")
            if not b:
                return QCoreApplication.translate("AttemptMessage", "from {day}").format(
                    day=formats.fmt_date(date.fromisoformat(a)))
            return formats.fmt_period(date.fromisoformat(a), date.fromisoformat(b))
        if kind == "period" and ".." in value:
            a, _, b = value.partition("..")
            return formats.fmt_period(date.fromisoformat(a), date.fromisoformat(b))
    except (ValueError, InvalidOperation):
        return value
    return value


def tr_error_code(code: str | None) -> str:
    """An attempt's error code as a clerk reads it in the user's language (the code itself
    in English, as it always was; it stays the filter key)."""
    from billdesk.gui.i18n import current_language

    if not code or current_language() == "en":
        return code or ""
    names = {
        "NO_TARIFF": QCoreApplication.translate("AttemptMessage", "no tariff"),
        "NO_METER_DATA": QCoreApplication.translate("AttemptMessage", "no meter data"),
        "DATA_QUALITY": QCoreApplication.translate("AttemptMessage", "data quality"),
        "ALREADY_BILLED": QCoreApplication.translate("AttemptMessage", "already billed"),
        "UNCHANGED": QCoreApplication.translate("AttemptMessage", "unchanged"),
        "ALLOCATION_ERROR": QCoreApplication.translate("AttemptMessage", "allocation error"),
        "IMPLAUSIBLE_AMOUNT": QCoreApplication.translate("AttemptMessage", "implausible amount"),
        "INTERNAL": QCoreApplication.translate("AttemptMessage", "internal error"),
    }
    return names.get(code, code)


__all__ = ["TEMPLATES", "tr_attempt_message", "tr_error_code", "translate_message"]
