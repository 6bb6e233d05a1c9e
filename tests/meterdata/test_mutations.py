"""Property: a mutated meter-data file is imported (exit 0) or refused with a located error
and an unchanged database (exit 2) — never a traceback. Each format, SQLite and PostgreSQL."""

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.meterdata.builders import eda, local_day, mscons, portal, sdat, sdat_e31
from tests.meterdata.conftest import run, state

A, _B = local_day(date(2025, 3, 30))      # a 92-interval day
N = 92
SEEDS = {
    "sdat": sdat("CH1", A, [f"0.{i % 9}05" for i in range(N)], conditions={3: "21", 9: "56"},
                 blocks=[("2404050010123", ["0.100"] * N, "21")]),
    "sdat_e31": sdat_e31("LEG-1", A, ["1.000"] * N),
    "eda": eda("AT1", A, {"1-1:1.9.0 G.01": [0.1] * N, "1-1:2.9.0 G.03": [0.05] * N},
               methods={2: "L2"}),
    "mscons": mscons("DE1", A, [0.2] * N, quals={4: "67"}, sts={4: "Z32++Z88"}),
    "portal": portal("PT1", {date(2025, 3, 30): [0.3] * N, date(2025, 3, 31): [0.3] * 96},
                     width=100, total=True),
}
CHARS = list("<>/&;:+'?\"=,.-0123456789 \n\x00") + ["]]>", "<!DOCTYPE x>", "UNT+1+1'",
                                                    "1e308", "NaN", "é", "\ufeff"]
mutation = st.tuples(st.sampled_from(["replace", "insert", "delete", "duplicate",
                                      "truncate"]),
                     st.floats(0, 1), st.integers(1, 40), st.sampled_from(CHARS))


def mutate(text: str, ops) -> str:
    for op, where, size, ch in ops:
        i = int(where * len(text))
        if op == "replace":
            text = text[:i] + ch + text[i + 1:]
        elif op == "insert":
            text = text[:i] + ch + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + size:]
        elif op == "duplicate":
            text = text[:i + size] + text[i:]
        else:
            text = text[:i]
    return text


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_mutated_files_import_or_are_refused_located(mdb, tmp_path, fmt):
    folder = tmp_path / "m"
    folder.mkdir()
    target = folder / f"file.{'xml' if fmt in ('sdat', 'sdat_e31', 'eda') else 'txt'}"

    @settings(max_examples=int(os.environ.get("BILLDESK_MUTATIONS", "100")), deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.lists(mutation, min_size=1, max_size=3))
    def check(ops):
        target.write_text(mutate(SEEDS[fmt], ops), encoding="utf-8", errors="surrogatepass")
        before = state(mdb)
        rep = run(mdb, target)                    # raises on a bug: the test fails
        f = rep.files[0]
        if f.status == "refused":
            assert rep.exit_code == 2
            assert f.error["file"] == str(target) and f.error["message"]
            assert "unexpected" not in f.error["message"], f.error
            assert state(mdb) == before
        else:
            assert rep.exit_code == 0

    check()
