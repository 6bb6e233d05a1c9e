import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import numpy as np

from billdesk.domain.period import Period
from conftest import flat, run, tariff

P = Period(date(2025, 6, 2), date(2025, 6, 3))
DYN = tariff([{"type": "energy", "pricing": "dynamic", "series": "S", "vat_rate": "0"},
              flat("feed_in", "0.1")])
PRICES = {"S": np.linspace(0.1, 0.2, 96)}


def fp(**kw):
    args = dict(prices=PRICES, token="v1", export=np.full(96, 0.1), local=np.zeros(96),
                local_price=D("0.1"))
    args.update(kw)
    (o,) = run(P, DYN, np.ones(96), **args)
    return o.fingerprint


def test_fingerprint_changes_with_each_input():
    base = fp()
    assert len(base) == 64 and base == fp()
    assert fp(token="v2") != base
    assert fp(prices={"S": PRICES["S"] + 1e-9}) != base
    assert fp(export=np.full(96, 0.11)) != base
    assert fp(local=np.full(96, 0.5)) != base
    assert fp(local_price=D("0.11")) != base
    other = tariff([{"type": "energy", "pricing": "dynamic", "series": "S", "vat_rate": "8.1"},
                    flat("feed_in", "0.1")])
    (o,) = run(P, other, np.ones(96), prices=PRICES, token="v1", export=np.full(96, 0.1))
    assert o.fingerprint != base


def test_fingerprint_same_in_another_process():
    code = (
        "import sys, numpy as np; sys.path.insert(0, %r)\n"
        "from test_fingerprint import fp; print(fp())\n" % str(Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert out.stdout.strip() == fp()


def test_fingerprint_is_stable_across_versions():
    """Bills in a database keep the fingerprint they were issued with: a change here would
    make every create-and-correct run see all inputs as changed."""
    assert fp() == "d37d12a4d6f47d65defe7ebfd3390fb1d44898e374a7d8adabf9ab5ad5da7bf4"


def test_encoded_parts_give_the_same_fingerprint():
    from billdesk.engine.fingerprint import bill_fingerprint, encode, fingerprint_encoded

    parts = {"account": "Ä\"x\\\n\u2028 ß", "data": "c=2025-03:1;p=2025-03:2",
             "period": ["2025-03-01", None], "prices": {"S@2025-03-01": "ab", "A@x": "absent"},
             "round_payable": True, "local_price": None, "local": "", "n": 1.5}
    assert fingerprint_encoded({k: encode(v) for k, v in parts.items()}) == \
        bill_fingerprint(parts)
