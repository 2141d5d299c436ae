#!/usr/bin/env python3
"""Pools the ChanBench / SchedBench logs of benchmarks/run-chan.sh / run-sched.sh into one table (markdown).

Runs are split by the CPU other processes used while they ran (quiet.py's "others"): "quiet"
below QUIET cores (default 0.15, the anchors' threshold), "shared" otherwise. For every workload,
implementation and split: the median over ALL timed iterations of those runs, (min-max) over
them, the per-run medians, and golib/VT (ratio of the pooled medians); then the parked-memory
figures (one per process: median (min-max) over the processes); then "others" of each run.
Usage: benchmarks/chan_table.py <results dir>
"""
import glob, os, re, statistics, sys
from collections import defaultdict

d = sys.argv[1]
QUIET = float(os.environ.get('QUIET', '0.15'))
iters = defaultdict(list)        # (config, workload, impl) -> all timed values
passmed = defaultdict(list)      # (config, workload, impl) -> per-pass medians
mem = defaultdict(list)          # (impl, n) -> [(heap, rss, park_ms, release_ms)]
others = []
for f in sorted(glob.glob(os.path.join(d, 'p*.log'))):
    name = os.path.basename(f)[:-4]
    config = name.split('-', 1)[1]
    txt = open(f).read()
    m = re.search(r'others ([\d.]+) cores', txt)
    o = float(m.group(1)) if m else 9.0
    others.append((name, o))
    split = 'quiet' if o < QUIET else 'shared'
    for w, impl, xs in re.findall(r'^ITERS (\S+) (.+?) \[(.*)\]$', txt, re.M):
        vals = [float(x) for x in xs.split(',')]
        key = (split + ' ' + config.replace('sieve', 'procs2'), w, impl.split()[0])
        iters[key] += vals
        passmed[key].append(statistics.median(vals))
    for impl, n, heap, rss, pm, rm, fin in re.findall(
            r'^RESULT workload=parkedmem impl=(\S+) \S+ n=(\d+) metric=\S+ heap=(-?\d+) rss=(-?\d+)'
            r' parked=\d+ park_ms=([\d.]+) release_ms=([\d.]+) all_finished=(\w+)', txt, re.M):
        if fin != 'true':
            sys.exit(f'{f}: not all finished')
        mem[(impl, int(n), split)].append((int(heap), int(rss), float(pm), float(rm)))

def cell(v):
    return f'**{statistics.median(v):.1f}** ({min(v):.1f}–{max(v):.1f})'

print('| config | workload | golib: median (min–max) | golib per-run medians | VT: median (min–max) | VT per-run medians | golib/VT |')
print('|---|---|---|---|---|---|---|')
for (config, w, impl) in sorted(k for k in iters if k[2] == 'golib'):
    g = iters[(config, w, 'golib')]
    v = iters.get((config, w, 'vt'), [])
    gp = ', '.join(f'{x:.0f}' for x in passmed[(config, w, 'golib')])
    vp = ', '.join(f'{x:.0f}' for x in passmed.get((config, w, 'vt'), []))
    ratio = f'{statistics.median(g) / statistics.median(v):.2f}' if v else '–'
    print(f'| {config} | {w} | {cell(g)} | {gp} | {cell(v) if v else "–"} | {vp} | {ratio} |')
print()
if mem:
  print('| parked memory | n | runs | processes | heap B/thread median (min–max) | RSS B/thread median | park ms median | release ms median |')
  print('|---|---|---|---|---|---|---|---|')
  for (impl, n, split), rs in sorted(mem.items()):
    h = [r[0] for r in rs]
    print(f'| {impl} | {n} | {split} | {len(rs)} | **{statistics.median(h):.0f}** ({min(h)}–{max(h)}) |'
          f' {statistics.median([r[1] for r in rs]):.0f} | {statistics.median([r[2] for r in rs]):.0f} |'
          f' {statistics.median([r[3] for r in rs]):.0f} |')
  print()
print('others (cores used by other processes during each run): ' +
      ', '.join(f'{n} {o:.2f}' for n, o in others))
