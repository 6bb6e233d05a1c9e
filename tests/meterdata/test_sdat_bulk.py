"""SDAT observations are read in bulk (a few XPath passes per block, docs/performance.md);
whatever the shape of the observations, the bulk reading must give what reading them one
by one gives, or refuse the block with the place of the fault — never values shifted onto
the wrong interval."""

import random
from datetime import date

import numpy as np
import pytest
from lxml import etree

from billdesk.domain.quality import Quality
from billdesk.store.meterdata import safexml, sdat
from billdesk.store.meterdata.series import Located
from billdesk.store.intervals import SCALE
from tests.meterdata.builders import local_day
from tests.meterdata.builders import sdat as sdat_file

A, _B = local_day(date(2025, 3, 30))          # 92 intervals
N = 92
NS = "{http://www.strom.ch}"
VALUES = [f"0.{i % 9}05" for i in range(N)]


def one_by_one(path):
    """Reference: each Observation's Position/Sequence, Volume and Condition read element
    by element (string values), or None unless every observation has exactly one
    Position/Sequence and one Volume and at most one Condition."""
    root = etree.fromstring(path.read_bytes(), etree.XMLParser(**safexml._OPTS))
    out = []
    for block in root.iter(NS + "MeteringData"):
        units = np.zeros(N, dtype=np.int64)
        flags = np.zeros(N, dtype=np.uint8)
        for o in block.iterfind(NS + "Observation"):
            pos = o.findall(f"{NS}Position/{NS}Sequence")
            vol, cond = o.findall(NS + "Volume"), o.findall(NS + "Condition")
            if len(pos) != 1 or len(vol) != 1 or len(cond) > 1:
                return None
            try:
                seq = int(pos[0].xpath("string()"))
                units[seq - 1] = round(float(vol[0].xpath("string()")) * SCALE)
            except ValueError:
                return None
            if cond:
                flags[seq - 1] = sdat.CONDITIONS[cond[0].xpath("string()").strip()]
        out.append((units.tolist(), flags.tolist()))
    return out


def parsed(path):
    doc = sdat.parse(path)
    return [(s.units.tolist(), s.flags.tolist()) for s in doc.series]


EDITS = [
    ("<rsm:Volume>0.", "<rsm:Volume>0.<!-- checked -->"),             # comment inside
    ("<rsm:Volume>0.", "<rsm:Volume><![CDATA[0.]]>"),                 # CDATA inside
    ("<rsm:Volume>0.", "<rsm:Volume>&#48;."),                         # character reference
    ("<rsm:Volume>0.", "<rsm:Volume>0.<rsm:X/>"),                     # mixed content
    ("<rsm:Volume>0.105</rsm:Volume>", "<rsm:Volume/>"),              # empty volume
    ("</rsm:Volume>", "</rsm:Volume><rsm:Volume>0.2</rsm:Volume>"),   # a second volume
    ("<rsm:Volume>0.305</rsm:Volume>", ""),                           # no volume
    ("<rsm:Position>", "<rsm:Position/><rsm:Position>"),              # an empty position
    ("</rsm:Position>", "</rsm:Position><rsm:Position><rsm:Sequence>9</rsm:Sequence>"
                        "</rsm:Position>"),                           # a second position
    ("<rsm:Condition>21</rsm:Condition>", ""),                        # one condition less
    ("<rsm:Condition>21</rsm:Condition>",
     "<rsm:Condition><rsm:ebIXCode>21</rsm:ebIXCode></rsm:Condition>"),  # code in a child
    ("<rsm:Condition>21</rsm:Condition>",
     "<rsm:Condition>21</rsm:Condition><rsm:Condition>56</rsm:Condition>"),
]


def _swap_first_two(text):
    """The first two observations written in reverse order (sequences still 1..n)."""
    a = text.index("<rsm:Observation>")
    b = text.index("<rsm:Observation>", a + 1)
    c = text.index("<rsm:Observation>", b + 1)
    return text[:a] + text[b:c] + text[a:b] + text[c:]


@pytest.mark.parametrize("indent", [True, False])
def test_bulk_reading_equals_one_by_one_or_refuses(tmp_path, indent):
    rng = random.Random(11)
    base = sdat_file("CH1", A, VALUES, conditions={i: ("56" if i % 7 else "21")
                                                   for i in range(N)}, indent=indent)
    cases = [base, _swap_first_two(base)]
    for _ in range(150):
        text = base if rng.random() < 0.8 else _swap_first_two(base)
        for _ in range(rng.randint(1, 3)):
            old, new = rng.choice(EDITS)
            spots = [i for i in range(len(text)) if text.startswith(old, i)]
            if spots:
                i = rng.choice(spots)
                text = text[:i] + new + text[i + len(old):]
        cases.append(text)
    accepted = refused = 0
    for k, text in enumerate(cases):
        path = tmp_path / f"c{k}.xml"
        path.write_text(text)
        ref = one_by_one(path)
        try:
            got = parsed(path)
        except Located as exc:
            refused += 1
            assert "MeteringData[1]" in (exc.field or ""), (k, exc.message, exc.field)
            assert exc.line is not None
            continue
        accepted += 1
        # accepted: exactly what reading the observations one by one gives
        assert ref is not None, (k, "accepted an irregular block")
        assert got == ref, k
    assert accepted > 20 and refused > 20


def test_regular_block_is_read_without_per_observation_work(tmp_path):
    """The usual layout: Sequence 1..n in order, a condition on every observation."""
    path = tmp_path / "a.xml"
    path.write_text(sdat_file("CH1", A, VALUES, conditions={i: "21" for i in range(N)}))
    (s,) = sdat.parse(path).series
    assert s.units.tolist() == [round(float(v) * SCALE) for v in VALUES]
    assert set(s.flags.tolist()) == {Quality.ESTIMATED}


def test_first_unknown_condition_in_document_order_is_named(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(sdat_file("CH1", A, VALUES, conditions={i: "21" for i in range(N)})
                    .replace("<rsm:Condition>21", "<rsm:Condition>99", 5)
                    .replace("<rsm:Condition>21", "<rsm:Condition>77", 1))
    with pytest.raises(Located) as err:
        sdat.parse(path)
    assert "unknown Condition code '99'" in err.value.message
    assert err.value.field == "MeteringData[1]/Observation[1]/Condition"
