# Shared by run-chan.sh and run-sched.sh (source it; not run on its own): the defaults both take
# from their arguments and the environment, and bench(), which runs one PairRunner main ($MAIN,
# golib vs virtual threads in one JVM) behind quiet.py into $OUT/<log name>.log.
# Arguments of the sourcing script: [java, default: JDK 25] [out dir, default: $DEFAULT_OUT].
JAVA=${1:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=${2:-$DEFAULT_OUT}
AGENT=${AGENT:-agent/target/golib-agent-0.1.0-SNAPSHOT.jar}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PASSES=${PASSES:-3}
FIRST_PASS=${FIRST_PASS:-1}
export QUIET_MAX=${QUIET_MAX:-60}
mkdir -p "$OUT"
bench() { # log name, jvm args..., -- , $MAIN args...
  local log=$OUT/$1.log; shift
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done; shift
  { date -u +"start %FT%TZ"; uptime; } > "$log"
  benchmarks/quiet.py "$JAVA" "${jvm[@]}" -javaagent:$AGENT -cp $JAR "$MAIN" "$@" >> "$log" 2>&1 \
    || echo "FAILED: $log"
  echo "$(basename "$log"): $(grep -E '^\[quiet\] rc' "$log" | tail -n 1)"
}
