"""Report of a run's timeline written by bench/timeline/sitecustomize.py: the steps of
every process on one clock (seconds from ``start_run``), per process and thread the count,
wall and CPU time of each step, the time spent waiting for SQLite's write lock (and how
much of it came after the holder's commit had ended: the busy handler's sleeps), and how
long each connection held the lock.

    .venv/bin/python bench/timeline_report.py TRACE_DIR
"""
import json, sys, glob, collections
d = sys.argv[1]
ev = []
for f in glob.glob(d + "/*.jsonl"):
    for line in open(f):
        ev.append(json.loads(line))
start = [e for e in ev if e["n"] == "start_run"]
T0 = min(e["t0"] for e in ev if e["n"] in ("start_run",)) if start else min(e["t0"] for e in ev)
pids = sorted({e["pid"] for e in ev})
def show(e):
    return f'{e["t0"]-T0:8.3f} {e["t1"]-e["t0"]:8.3f} cpu={e.get("cpu",0) or 0:6.3f} {e["pid"]} {e["th"][:22]:22} {e["n"]}'
big = [e for e in ev if e["n"] not in ("begin_immediate","commit","read_block","claim_batch","bill_accounts","write_txn","write_batch","writer_wait")]
for e in sorted(big, key=lambda e: e["t0"]):
    if e["t0"] >= T0 - 100:
        print(show(e))
# per-pid summary
for p in pids:
    es = [e for e in ev if e["pid"] == p]
    c = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0])
    for e in es:
        x = c[(e["th"][:22], e["n"])]; x[0] += 1; x[1] += e["t1"] - e["t0"]; x[2] += e.get("cpu") or 0; x[3] = max(x[3], e["t1"]-e["t0"])
    print("pid", p)
    for k, v in sorted(c.items()):
        print(f"   {k[0]:22} {k[1]:20} n={v[0]:4} wall={v[1]:8.3f} cpu={v[2]:7.3f} max={v[3]:.3f}")
# lock analysis: begin_immediate waits vs other process' commits
commits = sorted([(e["t1"], e["pid"], e["th"]) for e in ev if e["n"] == "commit"])
bi = [e for e in ev if e["n"] == "begin_immediate"]
tot_wait = tot_over = 0; nwait = 0
for e in bi:
    w = e["t1"] - e["t0"]
    if w < 0.002: continue
    nwait += 1; tot_wait += w
    # last commit by another (pid,thread) before acquisition
    rel = [c for c in commits if c[0] <= e["t1"] and (c[1], c[2]) != (e["pid"], e["th"]) and c[0] >= e["t0"]]
    if rel:
        tot_over += e["t1"] - rel[-1][0]
print(f"begin_immediate n={len(bi)} waited(>2ms)={nwait} total wait={tot_wait:.3f}s oversleep after last release={tot_over:.3f}s")
# lock held: from each begin_immediate end to the next commit end on the same (pid, thread)
by = collections.defaultdict(list)
for e in ev:
    if e["n"] in ("begin_immediate", "commit"):
        by[(e["pid"], e["th"])].append(e)
held = collections.defaultdict(float); cnt = collections.Counter()
for k, es in by.items():
    es.sort(key=lambda e: e["t0"])
    t_acq = None
    for e in es:
        if e["n"] == "begin_immediate":
            t_acq = e["t1"]
        elif t_acq is not None:
            held[k] += e["t1"] - t_acq; cnt[k] += 1; t_acq = None
for k in sorted(held):
    print(f"lock held {k[0]} {k[1][:22]:22} n={cnt[k]:3} {held[k]:7.3f}s  per txn {held[k]/max(cnt[k],1)*1000:6.1f} ms")
ws = [e for e in ev if e["n"] == "work"]
if ws:
    t_end = max(e["t1"] for e in ws); t_beg = min(e["t0"] for e in ws)
    print(f"work span {t_beg:.3f}-{t_end:.3f} = {t_end-t_beg:.3f}s; total lock held {sum(held.values()):.3f}s")
