"""The code's comments and docstrings cite only documents the repository has."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"(?<![\w/.])((?:docs|resources|db|bench|tests)/[\w./-]+|[A-Z][A-Z_]+\.md)\b")


def test_cited_documents_exist():
    missing = []
    for folder in ("billdesk", "db", "bench", "tests", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                for ref in CITED.findall(line):
                    ref = ref.rstrip(".,;:)")
                    if not (ROOT / ref).exists() and not list(ROOT.glob(f"**/{ref}")):
                        missing.append(f"{path.relative_to(ROOT)}:{n}: {ref}")
    assert missing == []
