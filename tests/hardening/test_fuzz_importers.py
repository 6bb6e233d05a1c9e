"""Property tests: every importer, fed random mutations of a valid file, exits 0 or exits 2
with a located message and an unchanged database — never a traceback (SQLite and PostgreSQL).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.mutations import fuzz_importer

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = int(__import__("os").environ.get("BILLDESK_FUZZ_EXAMPLES", "30"))


def readings_sample() -> bytes:
    rows = ["metering_point,start,kwh,quality"]
    for k in range(24):
        h, m = divmod(k * 15, 60)
        rows.append(f"MP1,2025-03-02T{h:02d}:{m:02d}:00Z,0.{k:03d}{k % 10},measured")
    rows += ["MP2,2025-03-02T00:00:00+01:00,1.25,substituted",
             "MP2,2025-03-02T00:15:00+01:00,,missing",
             "PV2,2025-03-02T12:00:00Z,2.5,estimated"]
    return ("\n".join(rows) + "\n").encode()


SAMPLES = {
    "accounts": lambda: (DATA / "accounts.csv").read_bytes(),
    "readings": readings_sample,
    "tariffs": lambda: (DATA / "tariffs.json").read_bytes(),
    "prices": lambda: (DATA / "prices.csv").read_bytes(),
    "communities": lambda: (DATA / "community.json").read_bytes(),
}


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_importer_survives_mutations(kind, base_url, tmp_path):
    seen = fuzz_importer(kind, SAMPLES[kind](), base_url, tmp_path, examples=EXAMPLES)
    assert set(seen) <= {0, 2}
