#!/usr/bin/env bash
# Start-up benchmark (issue 13): time from launching `java -jar target/hallmark.jar` to its first
# answered HTTPS request, the server's CPU time until then and its RSS, for a first start (empty
# data directory: bootstrap) and restarts; with BENCH_STARTUP_PROFILE=1 each start also writes
# Spring's start-up steps (-Dhallmark.startup-profile, config/StartupProfile) beside the results.
#   bash bench/startup.sh [runs]     (default 3; needs java, curl; builds the jar with Maven online)
# Environment: BENCH_SKIP=build, BENCH_JAVA_OPTS (extra JVM options), MVN ["mvn -q -B"].
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-3}
MVN=${MVN:-"mvn -q -B"}
PORT=${BENCH_HTTPS_PORT:-28443}
OUT=$ROOT/bench-results/startup-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
[[ " ${BENCH_SKIP:-} " == *" build "* ]] || $MVN package -DskipTests

once() { # label data-dir
  local label=$1 data=$2 t0 t1 pid cpu profile=()
  [[ ${BENCH_STARTUP_PROFILE:-0} == 1 ]] && profile=(-Dhallmark.startup-profile="$OUT/$label.tsv")
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  HALLMARK_CA_PASSWORD=bench-only-password java ${BENCH_JAVA_OPTS:-} "${profile[@]}" -jar "$ROOT/target/hallmark.jar" \
    --server.port="$PORT" --hallmark.http.port=$((PORT + 1)) --hallmark.data-dir="$data" > "$OUT/$label.log" 2>&1 &
  pid=$!
  until curl -sk -o /dev/null --max-time 1 "https://localhost:$PORT/actuator/health"; do
    kill -0 $pid 2>/dev/null || { echo "server exited, see $OUT/$label.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  cpu=$(awk -v t="$(getconf CLK_TCK)" '{print int(($14+$15)*1000/t)}' /proc/$pid/stat)
  printf '%s\t%d\t%d\t%d\t%s\n' "$label" $(((t1 - t0) / 1000000)) "$cpu" \
    "$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/startup.tsv"
  kill $pid; wait $pid 2>/dev/null || true
}

printf 'start\twall_ms\tcpu_ms\trss_mb\tload1\n' | tee "$OUT/startup.tsv"
for i in $(seq "$RUNS"); do
  rm -rf "$OUT/data"
  once "first-$i" "$OUT/data"
  once "restart-$i" "$OUT/data"
done
echo "results in $OUT"
