"""Meter-data import figures of issue 11 (a plain script; prints a table, optionally JSON):

1. a daily delivery: a folder of 1,500 SDAT-CH files, one meter and one day (96 values) each,
   into a database that already holds the month (the cron case: one new version per
   point-month), and the same folder again (re-sent: nothing written)
2. a month of daily files: 50 meters x 30 days = 1,500 files merged into one version each
3. one year of 15-minute values for 1,000 meters as SDAT-CH files, one file per meter and
   month (12,000 files, 35 M values, ~4 GB of XML): how an operator exports a year

Files are generated once in $BENCH_DIR (default /tmp/billdesk-bench) and imported with
``billdesk import readings FOLDER --json`` in a subprocess (wall time, best of --repeat).

    .venv/bin/python bench/bench_meterdata.py [--year-meters 1000] [--repeat 3] [--skip-year]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_store import machine  # noqa: E402
from billdesk.domain.period import local_midnight_utc, zone  # noqa: E402
from billdesk.store import db  # noqa: E402
from billdesk.store.models import MeteringPoint  # noqa: E402

WORK = Path(os.environ.get("BENCH_DIR", "/tmp/billdesk-bench"))
ZRH = zone("Europe/Zurich")
Q = timedelta(minutes=15)


def code(i: int) -> str:
    return f"CH1011101234500000000000{i:09d}"


def sdat_file(point: str, start: datetime, values: np.ndarray, created: str) -> str:
    """ValidatedMeteredData_16 laid out as operators send it: one element per line."""
    end = start + Q * len(values)
    z = "%Y-%m-%dT%H:%M:%SZ"
    obs = "".join(f"    <rsm:Observation>\n      <rsm:Position><rsm:Sequence>{i + 1}"
                  f"</rsm:Sequence></rsm:Position>\n      <rsm:Volume>{v:.3f}</rsm:Volume>\n"
                  f"      <rsm:Condition>21</rsm:Condition>\n    </rsm:Observation>\n"
                  for i, v in enumerate(values))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rsm:ValidatedMeteredData_16 xmlns:rsm="http://www.strom.ch">\n'
            '  <rsm:ValidatedMeteredData_HeaderInformation>\n'
            '    <rsm:HeaderVersion>1.0</rsm:HeaderVersion>\n'
            '    <rsm:InstanceDocument>\n      <rsm:DocumentID>BENCH</rsm:DocumentID>\n'
            '      <rsm:DocumentType><rsm:ebIXCode>E66</rsm:ebIXCode></rsm:DocumentType>\n'
            f'      <rsm:Creation>{created}</rsm:Creation>\n'
            '      <rsm:Status><rsm:ebIXCode>9</rsm:ebIXCode></rsm:Status>\n'
            '    </rsm:InstanceDocument>\n'
            '  </rsm:ValidatedMeteredData_HeaderInformation>\n  <rsm:MeteringData>\n'
            f'    <rsm:Interval><rsm:StartDateTime>{start.strftime(z)}</rsm:StartDateTime>'
            f'<rsm:EndDateTime>{end.strftime(z)}</rsm:EndDateTime></rsm:Interval>\n'
            '    <rsm:Resolution><rsm:Resolution>15</rsm:Resolution><rsm:Unit>MIN</rsm:Unit>'
            '</rsm:Resolution>\n'
            f'    <rsm:ConsumptionMeteringPoint><rsm:VSENationalID>{point}</rsm:VSENationalID>'
            '</rsm:ConsumptionMeteringPoint>\n'
            '    <rsm:Product><rsm:ID><rsm:ebIXCode>8716867000030</rsm:ebIXCode></rsm:ID>'
            '<rsm:MeasureUnit>KWH</rsm:MeasureUnit></rsm:Product>\n'
            + obs + '  </rsm:MeteringData>\n</rsm:ValidatedMeteredData_16>\n')


def day_bounds(d: date):
    return local_midnight_utc(d, ZRH), local_midnight_utc(d + timedelta(days=1), ZRH)


def make_daily(folder: Path, meters: int, days: list[date], seed: int) -> int:
    if (folder / ".done").exists():
        return len(list(folder.rglob("*.xml")))
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = 0
    for d in days:
        a, b = day_bounds(d)
        k = int((b - a) / Q)
        created = (datetime.combine(d + timedelta(days=1), datetime.min.time())
                   .replace(hour=6, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for m in range(meters):
            (folder / f"{d:%Y%m%d}_E66_{m:05d}.xml").write_text(
                sdat_file(code(m), a, np.round(rng.random(k) * 0.4, 3), created))
            n += 1
    (folder / ".done").write_text("ok")
    return n


def make_year(folder: Path, meters: int, year: int = 2025) -> int:
    if (folder / ".done").exists():
        return len(list(folder.glob("*.xml")))
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    for month in range(1, 13):
        a = local_midnight_utc(date(year, month, 1), ZRH)
        b = local_midnight_utc(date(year + month // 12, month % 12 + 1, 1), ZRH)
        k = int((b - a) / Q)
        created = f"{year + month // 12}-{month % 12 + 1:02d}-03T06:00:00Z"
        for m in range(meters):
            (folder / f"{year}{month:02d}_E66_{m:05d}.xml").write_text(
                sdat_file(code(m), a, np.round(rng.random(k) * 0.4, 3), created))
    (folder / ".done").write_text("ok")
    return 12 * meters


def fresh_db(name: str, meters: int) -> Path:
    path = WORK / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    engine = db.make_engine(path)
    db.prepare(engine)
    with db.transaction(db.session_factory(engine)) as s:
        s.add_all(MeteringPoint(code=code(m), kind="consumption") for m in range(meters))
    engine.dispose()
    return path


def import_folder(dbpath: Path, folder: Path) -> tuple[float, dict]:
    """Wall seconds and the report; ``rep['cpu_seconds']`` is the CPU time of the import
    and its parser processes (what an idle machine would need, spread over its cores)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "billdesk.cli", "--db", str(dbpath), "import",
                          "readings", str(folder), "--json"], capture_output=True, text=True)
    secs = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"import failed ({out.returncode}): {out.stderr[-2000:]}")
    rep = json.loads(out.stdout)
    rep.pop("files")
    rep["cpu_seconds"] = round(after.ru_utime - before.ru_utime + after.ru_stime
                               - before.ru_stime, 1)
    return secs, rep


def best(fn, repeat: int):
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r[0]), [round(r[0], 2) for r in runs]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year-meters", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-year", action="store_true")
    ap.add_argument("--only-year", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    if args.only_year:
        args.repeat = 0
    # 1. the daily delivery of 1,500 meters into a month already stored
    month_days = [date(2025, 10, d) for d in range(1, 31)]
    hist = WORK / "sdat_hist_1500x5"
    make_daily(hist, 1500, month_days[:5], seed=1)
    daily = WORK / "sdat_daily_1500"
    make_daily(daily, 1500, [month_days[5]], seed=2)

    def daily_run():
        dbp = fresh_db("md_daily.sqlite", 1500)
        import_folder(dbp, hist)                       # five earlier days (not timed)
        secs, rep = import_folder(dbp, daily)
        again, rep2 = import_folder(dbp, daily)
        return secs, rep, again, rep2

    if args.repeat:
        (secs, rep, again, rep2), all_runs = best(daily_run, args.repeat)
        rows.append({"figure": "daily delivery: 1,500 SDAT files x 96 values into a stored "
                               "month", "seconds": round(secs, 2), "limit": 15,
                     "runs": all_runs, "rate": f"{rep['rows'] / secs:,.0f} values/s",
                     "detail": f"{rep['imported']} imported, CPU {rep['cpu_seconds']} s; "
                               f"re-sent folder {again:.2f} s, "
                               f"{rep2['unchanged']} unchanged"})
    # 2. a month of daily files for 50 meters, merged
    merged = WORK / "sdat_50x30"
    make_daily(merged, 50, month_days, seed=3)

    def merged_run():
        dbp = fresh_db("md_merged.sqlite", 50)
        return import_folder(dbp, merged)

    if args.repeat:
        (secs, rep), all_runs = best(merged_run, args.repeat)
        rows.append({"figure": "1,500 daily SDAT files (50 meters x 30 days), merged per "
                               "point-month", "seconds": round(secs, 2), "limit": 15,
                     "runs": all_runs, "rate": f"{rep['rows'] / secs:,.0f} values/s",
                     "detail": f"{rep['imported']} imported"})
    # 3. a year for 1,000 meters, monthly files
    if not args.skip_year:
        year = WORK / f"sdat_year_{args.year_meters}"
        t = time.perf_counter()
        n = make_year(year, args.year_meters)
        gen = time.perf_counter() - t
        size = sum(p.stat().st_size for p in year.glob("*.xml")) / 1e9

        def year_run():
            dbp = fresh_db("md_year.sqlite", args.year_meters)
            return import_folder(dbp, year)

        (secs, rep), all_runs = best(year_run, 1)
        rows.append({"figure": f"one year x {args.year_meters:,} meters as SDAT files "
                               f"(one per meter and month: {n:,} files, {size:.1f} GB)",
                     "seconds": round(secs, 1), "limit": 180, "runs": all_runs,
                     "rate": f"{rep['rows'] / secs:,.0f} values/s",
                     "detail": f"{rep['rows']:,} values, CPU {rep['cpu_seconds']} s "
                               f"(import + parser processes); files generated in {gen:.0f} s"})
    if args.json:
        print(json.dumps({"machine": machine(), "figures": rows}, indent=2))
        return
    print(f"machine: {machine()}")
    for r in rows:
        ok = "ok" if r["seconds"] <= r["limit"] else "OVER"
        print(f"{r['figure']}: {r['seconds']} s (limit {r['limit']} s, {ok}); {r['rate']}; "
              f"{r['detail']}; runs {r['runs']}")


if __name__ == "__main__":
    main()
