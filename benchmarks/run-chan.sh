#!/usr/bin/env bash
# Runs the channel benchmarks of README.md ("Channels"): ChanBench (golib vs virtual threads,
# same JVM) in PASSES repeated passes, then ChanFastPathBench (JMH, -prof gc) once. Every JVM goes
# through benchmarks/quiet.py, which waits (QUIET_MAX s) for a quiet second and prints how many
# cores OTHER processes used while it ran.
# Usage, from the repository root, after `mvn -B -o -q -pl benchmarks -am verify -DskipTests`:
#   benchmarks/run-chan.sh [java, default: JDK 25] [out dir, default: benchmarks/target/chan-results]
# Env: AGENT, JAR (default: the build outputs), PASSES (default 3), FIRST_PASS (default 1: log names p<pass>-...), QUIET_MAX (default 60), SKIP_JMH=1, SKIP_MEM=1.
set -euo pipefail
JAVA=${1:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=${2:-benchmarks/target/chan-results}
AGENT=${AGENT:-agent/target/golib-agent-0.1.0-SNAPSHOT.jar}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PASSES=${PASSES:-3}
FIRST_PASS=${FIRST_PASS:-1}
export QUIET_MAX=${QUIET_MAX:-60}
mkdir -p "$OUT"
bench() { # log name, jvm args..., -- , ChanBench args...
  local log=$OUT/$1.log; shift
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done; shift
  { date -u +"start %FT%TZ"; uptime; } > "$log"
  benchmarks/quiet.py "$JAVA" "${jvm[@]}" -javaagent:$AGENT -cp $JAR io.golib.benchmarks.ChanBench "$@" >> "$log" 2>&1 \
    || echo "FAILED: $log"
  echo "$(basename "$log"): $(grep -E '^\[quiet\] rc' "$log" | tail -n 1)"
}
for pass in $(seq "$FIRST_PASS" $((FIRST_PASS + PASSES - 1))); do
  bench "p$pass-procs2" -- iters=5 warmups=2 only=pingpong,threadring,mpmc,selectfanin
  bench "p$pass-sieve" -- iters=5 warmups=1 only=sieve
  bench "p$pass-procs1" -Djdk.virtualThreadScheduler.parallelism=1 -- procs=1 iters=5 warmups=2 only=pingpong,threadring
  if [ -z "${SKIP_MEM:-}" ]; then
    for n in 100000 1000000; do
      for impl in golib vt; do
        bench "p$pass-mem-$impl-$n" -- only=parkedmem n=$n impl=$impl
      done
    done
  fi
done
if [ -z "${SKIP_JMH:-}" ]; then
  benchmarks/quiet.py "$JAVA" -jar $JAR ChanFastPathBench -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc \
    -rf json -rff "$OUT/ChanFastPathBench$FIRST_PASS.json" -jvmArgsAppend -javaagent:$AGENT > "$OUT/ChanFastPathBench$FIRST_PASS.log" 2>&1 \
    || echo "FAILED: ChanFastPathBench"
  echo "ChanFastPathBench: $(grep -E '^\[quiet\] rc' "$OUT/ChanFastPathBench$FIRST_PASS.log" | tail -n 1)"
fi
