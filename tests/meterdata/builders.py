"""Meter-data files written from the format descriptions (our own fixtures, no copies).

Each builder returns the file's text for one metering point and one stretch of time, with
values in kWh and quality codes of the format. Times are UTC datetimes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
ZRH = ZoneInfo("Europe/Zurich")
Q = timedelta(minutes=15)


def local_day(day: date, tz=ZRH) -> tuple[datetime, datetime]:
    a = datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)
    nxt = day + timedelta(days=1)
    b = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz).astimezone(UTC)
    return a, b


def n_quarters(a: datetime, b: datetime) -> int:
    return int((b - a) / Q)


def z(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ SDAT-CH
def sdat(point: str, start: datetime, values, *, version: int = 16, direction="consumption",
         created="2025-01-02T06:00:00Z", status: str | None = "9", conditions=None,
         product="8716867000030", resolution=15, blocks=None, ns="http://www.strom.ch",
         doc_id="DOC-1", indent=True) -> str:
    """ValidatedMeteredData_<version>; ``blocks`` adds more (product, values) blocks."""
    nl = "\n" if indent else ""
    head = (f'<?xml version="1.0" encoding="UTF-8"?>{nl}'
            f'<rsm:ValidatedMeteredData_{version} xmlns:rsm="{ns}" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{nl}'
            f'<rsm:ValidatedMeteredData_HeaderInformation>{nl}'
            f'<rsm:HeaderVersion>1.0</rsm:HeaderVersion>{nl}'
            f'<rsm:Sender><rsm:ID><rsm:EICID schemeAgencyID="305">12X-0000000001-A</rsm:EICID>'
            f'</rsm:ID><rsm:Role><rsm:ebIXCode>DDM</rsm:ebIXCode></rsm:Role></rsm:Sender>{nl}'
            f'<rsm:Receiver><rsm:ID><rsm:EICID schemeAgencyID="305">12X-0000000002-B'
            f'</rsm:EICID></rsm:ID><rsm:Role><rsm:ebIXCode>DDQ</rsm:ebIXCode></rsm:Role>'
            f'</rsm:Receiver>{nl}'
            f'<rsm:InstanceDocument><rsm:DictionaryAgencyID>260</rsm:DictionaryAgencyID>'
            f'<rsm:VersionID>{version}</rsm:VersionID><rsm:DocumentID>{doc_id}</rsm:DocumentID>'
            f'<rsm:DocumentType><rsm:ebIXCode>E66</rsm:ebIXCode></rsm:DocumentType>'
            + (f'<rsm:Creation>{created}</rsm:Creation>' if created else "")
            + (f'<rsm:Status><rsm:ebIXCode>{status}</rsm:ebIXCode></rsm:Status>'
               if status else "")
            + f'</rsm:InstanceDocument>{nl}'
            f'<rsm:BusinessScopeProcess><rsm:BusinessReasonType><rsm:ebIXCode>C26'
            f'</rsm:ebIXCode></rsm:BusinessReasonType></rsm:BusinessScopeProcess>{nl}'
            f'</rsm:ValidatedMeteredData_HeaderInformation>{nl}')
    body = []
    for prod, vals, conds in [(product, values, conditions)] + list(blocks or []):
        body.append(_block(point, start, vals, conds, prod, direction, resolution, nl))
    return head + "".join(body) + f"</rsm:ValidatedMeteredData_{version}>{nl}"


def _block(point, start, values, conditions, product, direction, resolution, nl) -> str:
    end = start + timedelta(minutes=resolution) * len(values)
    mp = "ConsumptionMeteringPoint" if direction == "consumption" else "ProductionMeteringPoint"
    prod = ""
    if product:
        tag = "ebIXCode" if product.startswith("8716") else "VSENationalCode"
        prod = (f'<rsm:Product><rsm:ID><rsm:{tag}>{product}</rsm:{tag}></rsm:ID>'
                f'<rsm:MeasureUnit>KWH</rsm:MeasureUnit></rsm:Product>{nl}')
    obs = []
    for i, v in enumerate(values):
        c = (conditions or {}).get(i) if isinstance(conditions, dict) else conditions
        obs.append(f'<rsm:Observation><rsm:Position><rsm:Sequence>{i + 1}</rsm:Sequence>'
                   f'</rsm:Position><rsm:Volume>{v}</rsm:Volume>'
                   + (f'<rsm:Condition>{c}</rsm:Condition>' if c else "")
                   + f'</rsm:Observation>{nl}')
    return (f'<rsm:MeteringData>{nl}'
            f'<rsm:Interval><rsm:StartDateTime>{z(start)}</rsm:StartDateTime>'
            f'<rsm:EndDateTime>{z(end)}</rsm:EndDateTime></rsm:Interval>{nl}'
            f'<rsm:Resolution><rsm:Resolution>{resolution}</rsm:Resolution>'
            f'<rsm:Unit>MIN</rsm:Unit></rsm:Resolution>{nl}'
            f'<rsm:{mp}><rsm:VSENationalID>{point}</rsm:VSENationalID></rsm:{mp}>{nl}'
            + prod + "".join(obs) + f'</rsm:MeteringData>{nl}')


def sdat_e31(community: str, start: datetime, values, flow="E18",
             product="2404050010123", created="2025-01-02T06:00:00Z") -> str:
    end = start + Q * len(values)
    tag = "ebIXCode" if product.startswith("8716") else "VSENationalCode"
    obs = "".join(f'<rsm:Observation><rsm:Position><rsm:Sequence>{i + 1}</rsm:Sequence>'
                  f'</rsm:Position><rsm:Volume>{v}</rsm:Volume></rsm:Observation>\n'
                  for i, v in enumerate(values))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rsm:AggregatedMeteredData_13 xmlns:rsm="http://www.strom.ch">\n'
            '<rsm:AggregatedMeteredData_HeaderInformation><rsm:InstanceDocument>'
            '<rsm:DocumentID>AGG-1</rsm:DocumentID><rsm:DocumentType><rsm:ebIXCode>E31'
            f'</rsm:ebIXCode></rsm:DocumentType><rsm:Creation>{created}</rsm:Creation>'
            '<rsm:Status><rsm:ebIXCode>9</rsm:ebIXCode></rsm:Status></rsm:InstanceDocument>'
            '<rsm:BusinessScopeProcess><rsm:BusinessReasonType><rsm:VSENationalCode>C40'
            '</rsm:VSENationalCode></rsm:BusinessReasonType></rsm:BusinessScopeProcess>'
            '</rsm:AggregatedMeteredData_HeaderInformation>\n<rsm:MeteringData>\n'
            f'<rsm:Interval><rsm:StartDateTime>{z(start)}</rsm:StartDateTime>'
            f'<rsm:EndDateTime>{z(end)}</rsm:EndDateTime></rsm:Interval>'
            '<rsm:Resolution><rsm:Resolution>15</rsm:Resolution><rsm:Unit>MIN</rsm:Unit>'
            '</rsm:Resolution><rsm:MeteringGridArea><rsm:EICID>12Y-0000000001-A</rsm:EICID>'
            f'</rsm:MeteringGridArea><rsm:Product><rsm:ID><rsm:{tag}>{product}</rsm:{tag}>'
            '</rsm:ID><rsm:MeasureUnit>KWH</rsm:MeasureUnit></rsm:Product>'
            f'<rsm:AggregationCriteria><rsm:FlowCharacteristic>{flow}</rsm:FlowCharacteristic>'
            '</rsm:AggregationCriteria>'
            f'<rsm:Community><rsm:CommunityID>{community}</rsm:CommunityID></rsm:Community>\n'
            + obs + '</rsm:MeteringData>\n</rsm:AggregatedMeteredData_13>\n')


# ------------------------------------------------------------------ EDA
def eda(point: str, start: datetime, series: dict, *, version="01p41",
        created="2025-01-02T06:00:00+01:00", interval="QH", mode="PROD", methods=None) -> str:
    """``series``: MeterCode -> list of kWh; ``methods``: index -> MM (default L1)."""
    step = Q if interval == "QH" else timedelta(hours=1)
    n = len(next(iter(series.values())))
    end = start + step * n
    cet = timezone(timedelta(hours=1))

    def t(x):   # the schema's DateTimeU: local offset +01:00/+02:00, seconds 00
        return x.astimezone(ZRH).isoformat(timespec="seconds") if x.tzinfo else x

    data = []
    for code, vals in series.items():
        eps = "".join(f"<cp:EP><cp:DTF>{t(start + i * step)}</cp:DTF>"
                      f"<cp:DTT>{t(start + (i + 1) * step)}</cp:DTT>"
                      f"<cp:MM>{(methods or {}).get(i, 'L1')}</cp:MM><cp:BQ>{v}</cp:BQ></cp:EP>\n"
                      for i, v in enumerate(vals))
        data.append(f'<cp:EnergyData MeterCode="{code}" UOM="KWH">\n{eps}</cp:EnergyData>\n')
    del cet
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<cp:ConsumptionRecord xmlns:cp="http://www.ebutilities.at/schemata/'
            f'customerprocesses/consumptionrecord/{version}" xmlns:ct="http://www.ebutilities'
            '.at/schemata/customerprocesses/common/types/01p20">\n'
            f'<cp:MarketParticipantDirectory DocumentMode="{mode}" Duplicate="false" '
            f'SchemaVersion="{version[:2]}.{version[3:]}">\n'
            '<ct:RoutingHeader><ct:Sender AddressType="ECNumber"><ct:MessageAddress>AT003000'
            '</ct:MessageAddress></ct:Sender><ct:Receiver AddressType="ECNumber">'
            '<ct:MessageAddress>RC100001</ct:MessageAddress></ct:Receiver>'
            f'<ct:DocumentCreationDateTime>{created}</ct:DocumentCreationDateTime>'
            '</ct:RoutingHeader>\n<ct:Sector>01</ct:Sector>\n'
            '<cp:MessageCode>DATEN_CRMSG</cp:MessageCode>\n</cp:MarketParticipantDirectory>\n'
            '<cp:ProcessDirectory>\n<ct:MessageId>AT003000202501020000000000000001</ct:MessageId>'
            '<ct:ConversationId>AT003000202501020000000000000001</ct:ConversationId>'
            '<ct:ProcessDate>2025-01-02</ct:ProcessDate>'
            f'<ct:MeteringPoint>{point}</ct:MeteringPoint>\n'
            '<cp:ECID>RC100001</cp:ECID>\n<cp:Energy>\n<cp:MeteringReason>00</cp:MeteringReason>'
            f'<cp:MeteringPeriodStart>{t(start)}</cp:MeteringPeriodStart>'
            f'<cp:MeteringPeriodEnd>{t(end)}</cp:MeteringPeriodEnd>'
            f'<cp:MeteringIntervall>{interval}</cp:MeteringIntervall>'
            f'<cp:NumberOfMeteringIntervall>{n}</cp:NumberOfMeteringIntervall>\n'
            + "".join(data) + '</cp:Energy>\n</cp:ProcessDirectory>\n</cp:ConsumptionRecord>\n')


# ------------------------------------------------------------------ MSCONS
def _edi_time(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y%m%d%H%M") + "?+00"


def mscons(point: str, start: datetime, values, *, obis="1-1?:1.29.0", quals=None, sts=None,
           created=datetime(2025, 1, 2, 5, 0, tzinfo=UTC), function="9", unt_delta=0,
           newline=True) -> str:
    """One interchange, one message, one position; ``quals``: index -> QTY qualifier."""
    nl = "\n" if newline else ""
    msg = ["UNH+1+MSCONS:D:04B:UN:2.4c'", f"BGM+7+MSCONS0001+{function}'",
           f"DTM+137:{_edi_time(created)}:303'", "RFF+Z13:13025'",
           "NAD+MS+9900000000001::293'", "NAD+MR+9900000000002::293'", "UNS+D'", "NAD+DP'",
           f"LOC+172+{point}'",
           f"DTM+163:{_edi_time(start)}:303'",
           f"DTM+164:{_edi_time(start + Q * len(values))}:303'", "LIN+1'",
           f"PIA+5+{obis}:SRW'"]
    for i, v in enumerate(values):
        msg.append(f"QTY+{(quals or {}).get(i, '220')}:{v}:KWH'")
        msg.append(f"DTM+163:{_edi_time(start + i * Q)}:303'")
        msg.append(f"DTM+164:{_edi_time(start + (i + 1) * Q)}:303'")
        if sts and i in sts:
            msg.append(f"STS+{sts[i]}'")
    msg.append(f"UNT+{len(msg) + 1 + unt_delta}+1'")
    return nl.join(["UNA:+.? '",
                    "UNB+UNOC:3+9900000000001:500+9900000000002:500+250102:0500+REF0001++TL'"]
                   + msg + ["UNZ+1+REF0001'"]) + nl


# ------------------------------------------------------------------ portal
def portal(point: str | None, days: dict, *, sep=";", comma=True, header=True, width=None,
           meta=None, total=False, tz=None) -> str:
    """``days``: date -> list of kWh (92/96/100 values); ``width`` pads rows to a fixed
    number of time columns (100 covers DST days)."""
    def num(v):
        s = f"{v:.3f}"
        return s.replace(".", ",") if comma else s

    lines = []
    if point:
        lines.append(f"Zählpunkt{sep}{point}")
    for k, v in (meta or {}).items():
        lines.append(f"{k}{sep}{v}")
    if tz:
        lines.append(f"Zeitzone{sep}{tz}")
    lines.append("")
    ncols = width or 96
    if header:
        labels = [f"{(j * 15) // 60 % 24:02d}:{(j * 15) % 60:02d}" for j in range(ncols)]
        lines.append(sep.join(["Datum"] + labels + (["Summe"] if total else [])))
    for day, vals in days.items():
        cells = [num(v) if v is not None else "" for v in vals]
        cells += [""] * max(0, ncols - len(cells)) if width else []
        if total:
            cells.append(num(sum(v for v in vals if v is not None)))
        lines.append(sep.join([day.strftime("%d.%m.%Y")] + cells))
    return "\n".join(lines) + "\n"
