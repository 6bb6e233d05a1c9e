import pickle
from dataclasses import FrozenInstanceError, fields
from datetime import date
from decimal import Decimal as D

import pytest

from billdesk.domain.bill import BillDraft, BillLine, VatAmount
from billdesk.domain.quality import QualityCounts
from billdesk.engine.records import maker

LINE = ("energy", "Energy", D("1.234"), "kWh", D("0.2741"), D("0.34"), D("8.1"), None, None,
        "high")


@pytest.mark.parametrize("cls, values", [
    (BillLine, LINE),
    (VatAmount, (D("8.1"), D("0.34"), D("0.03"), False)),
    (VatAmount, (D("0"), D("-2.50"), D("0.00"), True)),
    (QualityCounts, (1, 2, 3, 4)),
    (BillDraft, ("A1", date(2025, 3, 1), date(2025, 4, 1), "CHF", (BillLine(*LINE),),
                 D("0.34"), (VatAmount(D("8.1"), D("0.34"), D("0.03")),), D("0.03"),
                 D("0.37"), D("0"), QualityCounts(1, 0, 0, 0), "fp", D("1.234"), D("0.000"),
                 D("1.234"), D("0.000"), "T", D("1.05"))),
])
def test_made_records_are_the_records(cls, values):
    made, built = maker(cls)(*values), cls(*values)
    assert type(made) is cls and made == built and repr(made) == repr(built)
    assert hash(made) == hash(built)
    assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(FrozenInstanceError):
        setattr(made, fields(cls)[0].name, None)
    with pytest.raises(TypeError):
        maker(cls)(*values[:-1])            # every field, always: a new field cannot be missed
