"""Where the CPU of one SDAT-CH monthly file goes (issue 11; a plain script, prints a table).

Parses the year benchmark's monthly files (``bench_meterdata.py`` writes them into
$BENCH_DIR; this script writes ``--meters`` meters' worth if they are missing) and reports
CPU milliseconds per file, best of ``--repeat``: the lxml parse into a tree, freeing it, the
observation XPaths of ``sdat._Reader._observations``, the whole ``sdat.parse`` and the
whole per-file step of a folder import (``batch.parse_file``: detection, SHA-256, parse).

    .venv/bin/python bench/bench_sdat_parse.py [--files 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from bench.bench_meterdata import WORK, make_year  # noqa: E402
from billdesk.store.meterdata import safexml, sdat  # noqa: E402
from billdesk.store.meterdata.batch import parse_file  # noqa: E402


def cpu_per_file(fn, items, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for it in items:
            fn(it)
        best = min(best, (time.process_time() - t) / len(items))
    return best * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    folder = WORK / "sdat_year_1000"
    if not (folder / ".done").exists():
        folder = WORK / "sdat_year_50"
        make_year(folder, 50)
    files = sorted(folder.glob("*.xml"))[:args.files]
    datas = [f.read_bytes() for f in files]
    reader = sdat._Reader(sdat.NAMESPACE, False)

    def trees():
        return [etree.fromstring(d, etree.XMLParser(**safexml._OPTS)) for d in datas]

    def parse_only(d):
        etree.fromstring(d, safexml._parser())

    rows = [("lxml parse + free", cpu_per_file(parse_only, datas, args.repeat))]
    best_xp, best_free = float("inf"), float("inf")
    for _ in range(args.repeat):
        roots = trees()
        blocks = [r.find(f"{{{sdat.NAMESPACE}}}MeteringData") for r in roots]
        t = time.process_time()
        for b in blocks:
            reader._observations(b, "MeteringData[1]")
        best_xp = min(best_xp, (time.process_time() - t) / len(files))
        t = time.process_time()
        del blocks, roots
        best_free = min(best_free, (time.process_time() - t) / len(files))
    rows += [("  of which freeing the tree", best_free * 1000),
             ("observation XPaths (_observations)", best_xp * 1000),
             ("sdat.parse (whole file)", cpu_per_file(
                 lambda f: (safexml._root_of.cache_clear(), sdat.parse(f)), files,
                 args.repeat)),
             ("batch.parse_file (detect + SHA-256 + parse)", cpu_per_file(
                 lambda f: (safexml._root_of.cache_clear(),
                            parse_file((str(f), None, "Europe/Zurich"))), files,
                 args.repeat))]
    size = sum(len(d) for d in datas) / len(datas) / 1000
    print(f"{len(files)} files of {size:,.0f} kB, CPU ms per file, best of {args.repeat}")
    for name, ms in rows:
        print(f"  {name:45s} {ms:6.2f}")


if __name__ == "__main__":
    main()
