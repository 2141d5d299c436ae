#!/usr/bin/env python3
"""Runs a command when the machine is quiet and says how quiet it stayed.

This VM has 2 vCPUs shared with other sessions' builds and benchmarks (see the anchors'
RESULTS.md: contention changes results by ±50 %). Before the command, wait (at most QUIET_MAX
seconds, default 300) for a 1-second window in which all CPUs together were busy less than
QUIET_CORES cores (default 0.3). After it, print the CPU that OTHER processes used while it ran:
machine busy time from /proc/stat minus the command's own user+sys time, in cores.

Usage: benchmarks/quiet.py <command> [args...]
"""
import os, resource, subprocess, sys, time

def busy_idle():
    with open('/proc/stat') as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, idle

hz = os.sysconf('SC_CLK_TCK')
deadline = time.time() + float(os.environ.get('QUIET_MAX', '300'))
limit = float(os.environ.get('QUIET_CORES', '0.3'))
waited = 0
while True:
    b0, _ = busy_idle(); time.sleep(1); b1, _ = busy_idle()
    cores = (b1 - b0) / hz
    if cores < limit or time.time() > deadline:
        break
    waited += 1
print(f'[quiet] waited {waited}s, pre-run busy {cores:.2f} cores', file=sys.stderr, flush=True)
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
b0, _ = busy_idle(); t0 = time.time()
rc = subprocess.call(sys.argv[1:])
b1, _ = busy_idle(); t1 = time.time()
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
own = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
others = ((b1 - b0) / hz - own) / (t1 - t0)
print(f'[quiet] rc={rc} wall {t1 - t0:.1f}s, own cpu {own:.1f}s, others {max(others, 0):.2f} cores',
      file=sys.stderr, flush=True)
sys.exit(rc)
