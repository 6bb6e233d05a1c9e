"""The frozen desktop build (dist/billdesk) starts on a fresh profile and bills.

.ci/run builds it with `make dist` and sets BILLDESK_FROZEN_APP; elsewhere the test is skipped
with that reason.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

APP = os.environ.get("BILLDESK_FROZEN_APP")

pytestmark = pytest.mark.skipif(not APP, reason="no frozen build: set BILLDESK_FROZEN_APP "
                                "(make dist; .ci/run does)")


def test_frozen_app_self_test(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BILLDESK_", "QT_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path / "home"), BILLDESK_HOME=str(tmp_path / "profile"),
               QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    r = subprocess.run([APP, "--self-test"], env=env, capture_output=True, text=True,
                       timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["ok"] and report["accounts"] > 0 and report["counts"]["succeeded"] > 0
    pdf = Path(report["pdf"])
    assert pdf.is_file() and pdf.stat().st_size > 10000
    assert (tmp_path / "profile" / "billdesk.sqlite").is_file()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert pdf.name.split("_")[0] in text
