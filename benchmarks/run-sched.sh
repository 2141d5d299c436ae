#!/usr/bin/env bash
# Runs the scheduler benchmarks of README.md ("Scheduler"): SchedBench (golib vs virtual threads,
# same JVM) in PASSES repeated passes: every workload at golib GOMAXPROCS 2 / VT parallelism 2,
# then gosched ping-pong at 1 / 1. Every JVM goes through benchmarks/quiet.py, which waits
# (QUIET_MAX s) for a quiet second and prints how many cores OTHER processes used while it ran.
# Usage, from the repository root, after `mvn -B -o -q -pl benchmarks -am verify -DskipTests`:
#   benchmarks/run-sched.sh [java, default: JDK 25] [out dir, default: benchmarks/target/sched-results]
# Env: AGENT, JAR (default: the build outputs), PASSES (default 3), FIRST_PASS (default 1: log names p<pass>-...), QUIET_MAX (default 60).
# Tables: benchmarks/chan_table.py <out dir>
set -euo pipefail
MAIN=io.golib.benchmarks.SchedBench
DEFAULT_OUT=benchmarks/target/sched-results
. benchmarks/pair-bench.sh
for pass in $(seq "$FIRST_PASS" $((FIRST_PASS + PASSES - 1))); do
  bench "p$pass-procs2" -- iters=5 warmups=2
  bench "p$pass-procs1" -Djdk.virtualThreadScheduler.parallelism=1 -- procs=1 iters=5 warmups=2 only=gosched
done
