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
JAVA=${1:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=${2:-benchmarks/target/sched-results}
AGENT=${AGENT:-agent/target/golib-agent-0.1.0-SNAPSHOT.jar}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PASSES=${PASSES:-3}
FIRST_PASS=${FIRST_PASS:-1}
export QUIET_MAX=${QUIET_MAX:-60}
mkdir -p "$OUT"
bench() { # log name, jvm args..., -- , SchedBench args...
  local log=$OUT/$1.log; shift
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done; shift
  { date -u +"start %FT%TZ"; uptime; } > "$log"
  benchmarks/quiet.py "$JAVA" "${jvm[@]}" -javaagent:$AGENT -cp $JAR io.golib.benchmarks.SchedBench "$@" >> "$log" 2>&1 \
    || echo "FAILED: $log"
  echo "$(basename "$log"): $(grep -E '^\[quiet\] rc' "$log" | tail -n 1)"
}
for pass in $(seq "$FIRST_PASS" $((FIRST_PASS + PASSES - 1))); do
  bench "p$pass-procs2" -- iters=5 warmups=2
  bench "p$pass-procs1" -Djdk.virtualThreadScheduler.parallelism=1 -- procs=1 iters=5 warmups=2 only=gosched
done
