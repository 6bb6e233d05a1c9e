"""Tariff versions and their components (see docs/formats.md and the JSON Schema in
resources/schemas/tariff.schema.json).

Parsing from a dict is pure: ``TariffVersion.from_dict`` raises ``FieldError`` naming the
JSON field that is wrong.

One job, kept whole (~410 lines): the tariff model and its parsing from JSON, each field's
check next to its type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from billdesk.domain.period import zone
from billdesk.domain.values import control_character, parse_date, parse_decimal


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class ComponentType(StrEnum):
    BASE_FEE = "base_fee"
    ENERGY = "energy"
    GRID = "grid"
    POWER = "power"
    LEVY = "levy"
    FEED_IN = "feed_in"
    COMMUNITY_ENERGY = "community_energy"


class Pricing(StrEnum):
    FLAT = "flat"
    TOU = "tou"
    DYNAMIC = "dynamic"


DAY_KINDS = ("weekday", "saturday", "sunday", "weekend", "holiday", "all")


@dataclass(frozen=True)
class ScheduleRule:
    days: tuple[str, ...]  # any of DAY_KINDS; a public holiday is a 'holiday', not a weekday
    start: time            # local time, inclusive
    end: time              # local time, exclusive; 00:00 means midnight at the day's end
    period: str


@dataclass(frozen=True)
class Schedule:
    """Named time-of-use periods: the first matching rule wins, else ``default``."""

    rules: tuple[ScheduleRule, ...]
    default: str

    @property
    def period_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([r.period for r in self.rules] + [self.default]))

    def produced(self) -> tuple[set[str], list[int]]:
        """(the periods some interval can fall in, the indexes of rules that never apply).

        Exact over every kind of day (weekday, Saturday, Sunday, each also as a public
        holiday) and every quarter-hour of the day: a rule never applies when each slot it
        covers is already matched by an earlier rule.
        """
        slots = [(k, m) for k in _DAY_TYPES for m in range(0, 24 * 60, 15)]
        taken: dict[tuple, str] = {}
        dead = []
        for i, r in enumerate(self.rules):
            hit = False
            for k, m in slots:
                if (k, m) not in taken and set(r.days) & k and _in_window(r, m):
                    taken[(k, m)] = r.period
                    hit = True
            if not hit:
                dead.append(i)
        periods = set(taken.values())
        if len(taken) < len(slots):
            periods.add(self.default)
        return periods, dead


# every combination of day kinds a local day can have
_DAY_TYPES = tuple(frozenset(k) for k in (
    {"all", "weekday"}, {"all", "saturday", "weekend"}, {"all", "sunday", "weekend"},
    {"all", "holiday"}, {"all", "saturday", "weekend", "holiday"},
    {"all", "sunday", "weekend", "holiday"}))


def _in_window(r: ScheduleRule, minute: int) -> bool:
    s = r.start.hour * 60 + r.start.minute
    e = r.end.hour * 60 + r.end.minute or 24 * 60   # 00:00 = midnight at the day's end
    return s <= minute < e if s < e else (minute >= s or minute < e)


@dataclass(frozen=True)
class Component:
    type: ComponentType
    pricing: Pricing
    label: str
    vat_rate: Decimal                      # percent, e.g. Decimal("8.1")
    price: Decimal | None = None           # flat: per kWh, per month (base_fee), per kW (power)
    prices: dict[str, Decimal] = field(default_factory=dict)  # tou: period -> price
    schedule: Schedule | None = None       # tou: overrides the tariff's schedule
    series: str | None = None              # dynamic: index price series code
    multiplier: Decimal = Decimal(1)
    offset: Decimal = Decimal(0)
    windows: tuple[str, ...] = ()          # power: only peaks inside these tou periods
    # the label in other languages: ((language, text), …) in the order given; ``label`` is the
    # first of them (what bill lines store); invoices print the customer's language
    labels: tuple[tuple[str, str], ...] = ()

    def __hash__(self):
        return hash((self.type, self.pricing, self.label))

    def label_for(self, language: str) -> str:
        """The label in ``language`` when the tariff gives it, else the default label."""
        for lang, text in self.labels:
            if lang == language:
                return text
        return self.label


@dataclass(frozen=True)
class TariffVersion:
    code: str
    name: str
    currency: str
    timezone: str
    valid_from: date
    components: tuple[Component, ...]
    schedule: Schedule | None = None
    holidays_country: str = "CH"
    holidays_subdiv: str | None = None

    def schedule_for(self, c: Component) -> Schedule | None:
        return c.schedule or self.schedule

    @classmethod
    def from_dict(cls, d: dict) -> "TariffVersion":
        return parse_tariff(d)

    def to_dict(self) -> dict:
        """The billing-relevant definition (labels as their default text)."""
        return tariff_to_dict(self)

    def to_json(self) -> dict:
        """The full definition, translated labels included (stored in the database)."""
        return tariff_to_dict(self, translations=True)


# --- parsing --------------------------------------------------------------------------

def _req(d: dict, key: str, path: str):
    if not isinstance(d, dict):
        raise FieldError(path or "(top)", "expected an object")
    if key not in d or d[key] in (None, ""):
        raise FieldError(f"{path}{key}", "is required")
    return d[key]


def _dec(value, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise FieldError(path, f"expected a decimal number, got {_shown(value)}")
    if isinstance(value, float):
        value = repr(value)
    try:
        return parse_decimal(value)
    except (ValueError, InvalidOperation) as exc:
        raise FieldError(path, str(exc)) from None


def _shown(value) -> str:
    """A JSON value as the user wrote it (a number without Decimal('…'))."""
    if isinstance(value, Decimal):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _time(value, path: str) -> time:
    if value in ("24:00", "24:00:00"):
        return time(0)
    text = str(value)
    try:
        if not (len(text) in (5, 8) and text[2] == ":"):
            raise ValueError
        t = time.fromisoformat(text)
    except (ValueError, IndexError):
        raise FieldError(path, f"malformed time {_shown(value)}; expected HH:MM") from None
    if t.minute % 15 or t.second:
        raise FieldError(path, f"time {text} is not on the 15-minute grid of the interval "
                         "data (use :00, :15, :30 or :45)")
    return t


def _schedule(d, path: str) -> Schedule:
    if not isinstance(d, dict):
        raise FieldError(path, "expected an object with 'rules' and 'default'")
    rules_raw = d.get("rules", [])
    if not isinstance(rules_raw, list):
        raise FieldError(f"{path}.rules", "expected a list")
    rules = []
    for i, r in enumerate(rules_raw):
        p = f"{path}.rules[{i}]."
        days = _req(r, "days", p)
        if isinstance(days, str):
            days = [days]
        if not isinstance(days, list) or not days:
            raise FieldError(f"{p}days", "expected a day kind or a non-empty list of them")
        for day in days:
            if not isinstance(day, str) or day not in DAY_KINDS:
                raise FieldError(f"{p}days", f"unknown day kind {_shown(day)}; expected one "
                                 "of " + ", ".join(DAY_KINDS))
        start = _time(_req(r, "from", p), f"{p}from")
        end = _time(_req(r, "to", p), f"{p}to")
        if start == end and start != time(0):
            raise FieldError(f"{p}to", f"'from' equals 'to' ({start:%H:%M}): an empty or "
                             "ambiguous window; for a whole day use from 00:00 to 24:00")
        rules.append(ScheduleRule(tuple(days), start, end, _name(_req(r, "period", p),
                                                                  f"{p}period")))
    sched = Schedule(tuple(rules), _name(_req(d, "default", f"{path}."), f"{path}.default"))
    _produced, dead = sched.produced()
    if dead:
        i = dead[0]
        raise FieldError(f"{path}.rules[{i}]", f"rule {i + 1} (period "
                         f"{sched.rules[i].period!r}) never applies: every interval it covers "
                         "is matched by an earlier rule; reorder or remove it")
    return sched


def _name(value, path: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 64 or \
            control_character(value) or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise FieldError(path, f"expected a period name (printable text, at most 64 "
                         f"characters), got {_shown(value)}")
    return value


LABEL_LANGUAGES = ("de", "fr", "it", "en")


def _label(value, ctype: "ComponentType", path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A component label: a text, or an object of texts by language ({"de": …, "fr": …});
    the default is the object's first text."""
    if value is None or value == "":
        return ctype.value.replace("_", " ").title(), ()
    if isinstance(value, dict):
        if not value:
            raise FieldError(path, "expected at least one language, e.g. {\"de\": \"Energie\"}")
        pairs = []
        for lang, text in value.items():
            if lang not in LABEL_LANGUAGES:
                raise FieldError(f"{path}.{lang}", f"unknown language {lang!r}; expected "
                                 + ", ".join(LABEL_LANGUAGES))
            if not isinstance(text, str) or not text.strip():
                raise FieldError(f"{path}.{lang}", "expected a non-empty text")
            pairs.append((lang, text.strip()))
        return pairs[0][1], tuple(pairs)
    if not isinstance(value, str):
        raise FieldError(path, f"expected a text or an object of texts by language, got "
                         f"{value!r}")
    return value.strip() or ctype.value.replace("_", " ").title(), ()


def _component(d: dict, i: int, sched: Schedule | None) -> Component:
    p = f"components[{i}]."
    try:
        ctype = ComponentType(_req(d, "type", p))
    except ValueError:
        raise FieldError(f"{p}type", f"unknown component type {d.get('type')!r}; expected "
                         + ", ".join(t.value for t in ComponentType)) from None
    try:
        pricing = Pricing(d.get("pricing", "flat"))
    except ValueError:
        raise FieldError(f"{p}pricing", f"unknown pricing {d.get('pricing')!r}; expected "
                         "flat, tou or dynamic") from None
    label, labels = _label(d.get("label"), ctype, f"{p}label")
    vat = _dec(d.get("vat_rate", "0"), f"{p}vat_rate")
    if not (Decimal(0) <= vat < Decimal(100)):
        raise FieldError(f"{p}vat_rate", f"VAT rate {vat} must be a percentage 0..100")
    kwargs: dict = {}
    own_sched = _schedule(d["schedule"], f"{p}schedule") if d.get("schedule") else None
    if pricing is Pricing.FLAT:
        kwargs["price"] = _dec(_req(d, "price", p), f"{p}price")
    elif pricing is Pricing.TOU:
        if ctype in (ComponentType.BASE_FEE, ComponentType.POWER):
            raise FieldError(f"{p}pricing", f"{ctype.value} cannot be priced 'tou'")
        prices = _req(d, "prices", p)
        if not isinstance(prices, dict) or not prices:
            raise FieldError(f"{p}prices", "expected an object of period name -> price")
        kwargs["prices"] = {str(k): _dec(v, f"{p}prices.{k}") for k, v in prices.items()}
        s = own_sched or sched
        if s is None:
            raise FieldError(f"{p}schedule", "a 'tou' component needs a schedule (its own "
                             "or the tariff's)")
        produced, _dead = s.produced()
        missing = produced - set(kwargs["prices"])
        if missing:
            raise FieldError(f"{p}prices", "no price for period(s) " + ", ".join(sorted(missing)))
        unused = [k for k in kwargs["prices"] if k not in produced]
        if unused:
            raise FieldError(f"{p}prices.{unused[0]}", f"a price for period {unused[0]!r}, "
                             "which the schedule never produces (periods: "
                             + ", ".join(sorted(produced)) + ")")
    else:
        if ctype not in (ComponentType.ENERGY, ComponentType.FEED_IN, ComponentType.GRID):
            raise FieldError(f"{p}pricing", f"{ctype.value} cannot be priced 'dynamic'")
        kwargs["series"] = str(_req(d, "series", p))
        kwargs["multiplier"] = _dec(d.get("multiplier", "1"), f"{p}multiplier")
        kwargs["offset"] = _dec(d.get("offset", "0"), f"{p}offset")
    if ctype is ComponentType.POWER:
        windows = d.get("windows") or ()
        if isinstance(windows, str):
            windows = [windows]
        if windows:
            s = own_sched or sched
            if s is None:
                raise FieldError(f"{p}windows", "power windows need a schedule")
            unknown = set(map(str, windows)) - s.produced()[0]
            if unknown:
                raise FieldError(f"{p}windows", "period(s) the schedule never produces: "
                                 + ", ".join(sorted(unknown)))
        kwargs["windows"] = tuple(windows)
    return Component(ctype, pricing, label, vat, schedule=own_sched, labels=labels, **kwargs)


def parse_tariff(d: dict, default_timezone: str = "Europe/Zurich") -> TariffVersion:
    if not isinstance(d, dict):
        raise FieldError("(top)", "expected a tariff object")
    code = str(_req(d, "code", "")).strip()
    currency = str(_req(d, "currency", "")).strip().upper()
    if not _is_currency(currency):
        raise FieldError("currency", f"expected an ISO 4217 code such as CHF, got "
                         f"{_shown(d.get('currency'))}")
    tzname = str(d.get("timezone") or default_timezone)
    try:
        zone(tzname)
    except ValueError as exc:
        raise FieldError("timezone", str(exc)) from None
    try:
        valid_from = parse_date(str(_req(d, "valid_from", "")))
    except ValueError as exc:
        raise FieldError("valid_from", str(exc)) from None
    sched = _schedule(d["schedule"], "schedule") if d.get("schedule") else None
    comps_raw = _req(d, "components", "")
    if not isinstance(comps_raw, list) or not comps_raw:
        raise FieldError("components", "expected a non-empty list")
    comps = tuple(_component(c, i, sched) for i, c in enumerate(comps_raw))
    hol = d.get("holidays") or {}
    if not isinstance(hol, dict):
        raise FieldError("holidays", "expected an object with 'country' and optional 'subdiv'")
    country = str(hol.get("country", "CH"))
    subdiv = hol.get("subdiv")
    if subdiv is not None and not isinstance(subdiv, str):
        raise FieldError("holidays.subdiv", f"expected a region code, got {_shown(subdiv)}")
    try:
        from billdesk.domain.holiday_calendars import country_holidays

        country_holidays(country, subdiv=subdiv, years=valid_from.year)
    except NotImplementedError:
        raise FieldError("holidays.country", f"unknown holiday country {country!r}") from None
    except Exception as exc:  # holidays raises several types for a bad subdivision
        raise FieldError("holidays.subdiv", f"unknown holiday region {subdiv!r}: {exc}") from None
    return TariffVersion(code, str(d.get("name") or code), currency, tzname, valid_from, comps,
                         sched, country, subdiv)


def _is_currency(code: str) -> bool:
    from babel.numbers import list_currencies

    return len(code) == 3 and code.isascii() and code in list_currencies()


# --- back to JSON ---------------------------------------------------------------------

def _sched_dict(s: Schedule) -> dict:
    return {"default": s.default,
            "rules": [{"days": list(r.days), "from": r.start.strftime("%H:%M"),
                       "to": "24:00" if r.end == time(0) else r.end.strftime("%H:%M"),
                       "period": r.period} for r in s.rules]}


def tariff_to_dict(t: TariffVersion, translations: bool = False) -> dict:
    """The version as tariff JSON. Without ``translations`` (what fingerprints hash) a label is
    its default text, so translating a label does not make every bill look changed; with
    them (what the database stores) a translated label is an object by language."""
    comps = []
    for c in t.components:
        label = dict(c.labels) if translations and c.labels else c.label
        cd: dict = {"type": c.type.value, "pricing": c.pricing.value, "label": label,
                    "vat_rate": str(c.vat_rate)}
        if c.price is not None:
            cd["price"] = str(c.price)
        if c.prices:
            cd["prices"] = {k: str(v) for k, v in c.prices.items()}
        if c.schedule:
            cd["schedule"] = _sched_dict(c.schedule)
        if c.series:
            cd.update(series=c.series, multiplier=str(c.multiplier), offset=str(c.offset))
        if c.windows:
            cd["windows"] = list(c.windows)
        comps.append(cd)
    d = {"code": t.code, "name": t.name, "currency": t.currency, "timezone": t.timezone,
         "valid_from": t.valid_from.isoformat(), "components": comps,
         "holidays": {"country": t.holidays_country, "subdiv": t.holidays_subdiv}}
    if t.schedule:
        d["schedule"] = _sched_dict(t.schedule)
    return d
