#!/usr/bin/env bash
# Runs every golib benchmark once, short (the settings of README.md's table), on the given java,
# each JMH fork behind benchmarks/quiet.py (waits for a quiet machine, reports the contention).
# Usage, from the repository root, after `mvn -B -o -q -pl benchmarks -am verify`:
#   benchmarks/run-all.sh [java, default: java on PATH] [out dir, default: benchmarks/target/results]
# Writes <out>/jdk<N><$PASS>-<Bench>.json and .log ($PASS: optional tag for repeated passes). JdkContinuationBench runs only on JDK 21+.
set -euo pipefail
JAVA=${1:-java}
OUT=${2:-benchmarks/target/results}
AGENT=agent/target/golib-agent-0.1.0-SNAPSHOT.jar
JAR=benchmarks/target/benchmarks.jar
FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
SHORT=(-f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc)
PASS=${PASS:-}
mkdir -p "$OUT"
run() { # name, regex, extra args...
  local name=$1 regex=$2; shift 2
  benchmarks/quiet.py "$JAVA" -jar "$JAR" "$regex" "${SHORT[@]}" -rf json -rff "$OUT/jdk$FEATURE$PASS-$name.json" "$@" \
    > "$OUT/jdk$FEATURE$PASS-$name.log" 2>&1 || echo "FAILED: $name (see $OUT/jdk$FEATURE$PASS-$name.log)"
  echo -n "$name: "; grep -E '^\[quiet\]' "$OUT/jdk$FEATURE$PASS-$name.log" | tail -n 1
}
run FastPathBench 'FastPathBench' -jvmArgsAppend "-javaagent:$AGENT"
run SafepointBench 'SafepointBench' -jvmArgsAppend "-javaagent:$AGENT"
run ParkResumeBench 'ParkResumeBench' -jvmArgsAppend "-javaagent:$AGENT"
# The same round trip driven from a plain platform thread (a "foreign runner"), not a Carrier.
run ParkResumeForeign 'ParkResumeBench.roundTrip' -p depth=1 -jvmArgsAppend "-javaagent:$AGENT -Dgolib.bench.carrier=false"
if [ "$FEATURE" -ge 21 ]; then
  run JdkContinuationBench 'JdkContinuationBench'
fi
