"""The core runs with Qt unavailable: everything but billdesk.gui, end to end in a subprocess
whose import system refuses PySide6 and pyqtgraph (the import-linter contract checks the
static imports; this checks what actually happens at run time)."""

import json
import subprocess
import sys

SCRIPT = r'''
import importlib.abc, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
            raise ImportError(f"{name} is blocked: the core must not need Qt")
        return None

sys.meta_path.insert(0, NoQt())
import json
from billdesk.cli import main
from billdesk.runs.export import export_pdfs
from billdesk.store import db

url = sys.argv[1]
assert main(["--db", url, "demo", "--accounts", "20", "--months", "1", "--end", "2025-11"]) == 0
assert main(["--db", url, "run", "create", "--period", "2025-10", "--target", "all"]) == 0
assert main(["--db", url, "run", "start", "1", "--quiet"]) == 0
assert main(["--db", url, "run", "finalize", "1"]) == 0
f = db.session_factory(db.make_engine(url))
report = export_pdfs(f, sys.argv[2], run_id=1, workers=0)
# e-mail dispatch and the print batch need no Qt either (a local aiosmtpd server)
from aiosmtpd.controller import Controller

class Sink:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.n += 1
        return "250 OK"

import socket
with socket.socket() as sock:
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
ctl = Controller(Sink(), hostname="127.0.0.1", port=port)
ctl.start()
for k, v in (("pdf_folder", sys.argv[2]), ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)),
             ("smtp.security", "none")):
    assert main(["--db", url, "settings", "set", k, v]) == 0
assert main(["--db", url, "send", "--run", "1", "--quiet"]) == 0
assert main(["--db", url, "export", "print", "--run", "1", "--all", "--workers", "0",
             "--out", sys.argv[2] + "/print.pdf"]) == 0
ctl.stop()
print(json.dumps({"pdfs": len(report.written), "mails": Sink.n,
                  "qt": [m for m in sys.modules if m.startswith(("PySide6", "pyqtgraph"))]}))
'''


def test_core_runs_without_qt(tmp_path):
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "noqt.sqlite"),
                        str(tmp_path / "pdf")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["pdfs"] > 10 and out["mails"] > 10 and out["qt"] == []
