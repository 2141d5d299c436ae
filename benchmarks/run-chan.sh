#!/usr/bin/env bash
# Runs the channel benchmarks of README.md ("Channels"): ChanBench (golib vs virtual threads,
# same JVM) in PASSES repeated passes, then ChanFastPathBench (JMH, -prof gc) once. Every JVM goes
# through benchmarks/quiet.py, which waits (QUIET_MAX s) for a quiet second and prints how many
# cores OTHER processes used while it ran.
# Usage, from the repository root, after `mvn -B -o -q -pl benchmarks -am verify -DskipTests`:
#   benchmarks/run-chan.sh [java, default: JDK 25] [out dir, default: benchmarks/target/chan-results]
# Env: AGENT, JAR (default: the build outputs), PASSES (default 3), FIRST_PASS (default 1: log names p<pass>-...), QUIET_MAX (default 60), SKIP_JMH=1, SKIP_MEM=1.
set -euo pipefail
MAIN=io.golib.benchmarks.ChanBench
DEFAULT_OUT=benchmarks/target/chan-results
. benchmarks/pair-bench.sh
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
