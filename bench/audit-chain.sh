#!/usr/bin/env bash
# The audit hash chain's cost on issuance (issue 11, "Speed"), in one run (see bench/README.md):
#   1. builds the jar's classes, the load generator, and bench/audit-chain/AuditChainBenchServer.java
#      (a bench-only launcher, compiled here, outside the service: `unchained` replaces the audit
#      trail's append with the one INSERT of before the chain; `chained` is the service as it is);
#   2. for each round, starts Hallmark (EC P-256, software keys, H2) on a fresh data directory
#      chained, then unchained, then unchained, then chained (ABBA: a drift of the shared machine
#      falls on both alike), pre-warms it, and drives POST /api/v1/certificates over HTTPS with
#      mutual TLS at each concurrency with dev.hallmark.bench.LoadGenerator;
#   3. writes bench-results/audit-chain-<time>/results.md: rates, server CPU per certificate, and
#      chained/unchained for both (target: the chain costs < 5% of issuance throughput).
#
# Needs: JDK 17, Maven, openssl, curl (nothing else). Environment knobs (defaults in brackets):
#   BENCH_ROUNDS [1] rounds of BENCH_ORDER ["chained unchained unchained chained"]   BENCH_CONCURRENCY ["16"]   BENCH_WARMUP [10] s   BENCH_DURATION [20] s
#   BENCH_PREWARM [45] s   BENCH_SERVER_OPTS ["-Xms1g -Xmx1g"]   BENCH_LOAD_OPTS ["-Xmx256m"]
#   BENCH_SKIP [""] "build" to reuse the last build   BENCH_START_TIMEOUT [300] s   MVN ["mvn -q -B"]
#   BENCH_HTTPS_PORT [18443]   BENCH_HTTP_PORT [18080]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${BENCH_ROUNDS:-1}
ORDER=${BENCH_ORDER:-"chained unchained unchained chained"}
CONCURRENCY=${BENCH_CONCURRENCY:-"16"}
WARMUP=${BENCH_WARMUP:-10}
DURATION=${BENCH_DURATION:-20}
PREWARM=${BENCH_PREWARM:-45}
SERVER_OPTS=${BENCH_SERVER_OPTS:-"-Xms1g -Xmx1g"}
LOAD_OPTS=${BENCH_LOAD_OPTS:-"-Xmx256m"}
SKIP=" ${BENCH_SKIP:-} "
MVN=${MVN:-"mvn -q -B"}
HTTPS_PORT=${BENCH_HTTPS_PORT:-18443}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
START_TIMEOUT=${BENCH_START_TIMEOUT:-300}

OUT=$ROOT/bench-results/audit-chain-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
TSV=$OUT/load.tsv
: > "$TSV"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }

SERVER_PID=
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; true; }
trap cleanup EXIT

# --- 1. build --------------------------------------------------------------------------------------
if [[ "$SKIP" != *" build "* ]]; then
  log "building (mvn package -DskipTests, class paths)"
  $MVN package -DskipTests
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  $MVN dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
fi
# a copy of the classes: a build in the worktree during the run must not change the servers under it
cp -r "$ROOT/target/classes" "$OUT/classes"
cp -r "$ROOT/target/test-classes" "$OUT/test-classes"
RUNTIME_CP="$OUT/classes:$(cat target/runtime-classpath.txt)"
mkdir -p "$OUT/bench-server"
javac -proc:none -nowarn -cp "$RUNTIME_CP" -d "$OUT/bench-server" "$ROOT/bench/audit-chain/AuditChainBenchServer.java"
SERVER_CP="$OUT/bench-server:$RUNTIME_CP"
LOAD="java $LOAD_OPTS -cp $OUT/test-classes:$OUT/classes:$(cat target/bench-classpath.txt) dev.hallmark.bench.LoadGenerator"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "hallmark JVM: $SERVER_OPTS; CA key EC P-256, software key store, H2; rounds: $ROUNDS of: $ORDER"
  echo "concurrency: $CONCURRENCY; pre-warm ${PREWARM}s per start, warm-up ${WARMUP}s, measured ${DURATION}s per point"
} > "$OUT/environment.txt"

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/bench.key" \
  -subj "/CN=bench.example" -addext "subjectAltName=DNS:bench.example" -out "$OUT/bench.csr" 2>/dev/null

wait_for() { # url, curl args...
  local url=$1; shift
  for _ in $(seq $((START_TIMEOUT * 2))); do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited while starting; see its log in $OUT" >&2; return 1; }
    if curl -s -o /dev/null -w '%{http_code}' "$@" "$url" 2>/dev/null | grep -q '^2'; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for $url" >&2; return 1
}

# --- 2. one start, one variant ----------------------------------------------------------------------
run() { # variant n
  local variant=$1 n=$2 data=$OUT/$1-$2 b url
  log "Hallmark $variant (start $n); fresh data dir $data"
  if curl -sk -o /dev/null "https://localhost:$HTTPS_PORT/" 2>/dev/null; then
    echo "port $HTTPS_PORT is already in use: set BENCH_HTTPS_PORT and BENCH_HTTP_PORT" >&2; exit 1
  fi
  # shellcheck disable=SC2086
  HALLMARK_CA_PASSWORD=bench-only-password java $SERVER_OPTS -cp "$SERVER_CP" hallmarkbench.AuditChainBenchServer \
    "$variant" --server.port=$HTTPS_PORT --hallmark.http.port=$HTTP_PORT --hallmark.data-dir="$data" \
    > "$OUT/$variant-$n.log" 2>&1 &
  SERVER_PID=$!
  wait_for "https://localhost:$HTTPS_PORT/actuator/health" -k
  b=$data/bootstrap
  url="https://localhost:$HTTPS_PORT/api/v1/certificates?profile=server&validityDays=30"
  curl -sf --cacert "$b/root-ca.pem" --cert "$b/admin.crt" --key "$b/admin.key" -H 'Content-Type: application/pkcs10' \
    --data-binary @"$OUT/bench.csr" "$url" > "$OUT/$variant-$n-sample.pem"
  openssl verify -x509_strict -CAfile "$b/root-ca.pem" -untrusted "$b/ca-chain.pem" "$OUT/$variant-$n-sample.pem" \
    >> "$OUT/run.log"
  # the variant is what it claims: chained events have sequence numbers from 1, unchained ones negative
  local sequence
  sequence=$(curl -sf --cacert "$b/root-ca.pem" --cert "$b/admin.crt" --key "$b/admin.key" \
    "https://localhost:$HTTPS_PORT/api/v1/audit-events?size=1" | grep -o '"sequence":-\?[0-9]*' | head -1)
  case $variant:$sequence in
    chained:\"sequence\":[1-9]*|unchained:\"sequence\":-*) log "newest audit event: $sequence" ;;
    *) echo "the $variant server's newest audit event has $sequence; see $OUT/$variant-$n.log" >&2; exit 1 ;;
  esac
  local mtls=(--pkcs12 "$b/admin.p12" --pkcs12-password-file "$b/admin.p12.password" --trust "$b/root-ca.pem")
  $LOAD --url "$url" --body-file "$OUT/bench.csr" --content-type application/pkcs10 --expect-status 201 "${mtls[@]}" \
    --concurrency "${CONCURRENCY%% *}" --warmup 0 --duration "$PREWARM" --label "$variant pre-warm (not recorded)" \
    --server-pid "$SERVER_PID" | tee -a "$OUT/run.log"
  for c in $CONCURRENCY; do
    $LOAD --url "$url" --body-file "$OUT/bench.csr" --content-type application/pkcs10 --expect-status 201 \
      "${mtls[@]}" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" --label "$variant $n" \
      --server-pid "$SERVER_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log"
  done
  kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true; SERVER_PID=
}

n=0
for _ in $(seq "$ROUNDS"); do
  for variant in $ORDER; do
    n=$((n + 1)); run "$variant" "$n"
  done
done

# --- 3. the table ------------------------------------------------------------------------------------
{
  echo "# Audit chain cost on issuance — $(basename "$OUT")"
  echo
  sed 's/^/    /' "$OUT/environment.txt"
  echo
  echo "| start | variant | clients | cert/s | p50 ms | p99 ms | errors | server CPU ms/cert |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ split($1, a, " "); printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", a[2], a[1], $2, $6, $7, $9, $5, $11 }' "$TSV"
  echo
  echo "Averaged over the starts of each variant (chained/unchained: 1.00 = no cost; the target is >= 0.95):"
  echo
  echo "| clients | chained cert/s | unchained cert/s | **chained/unchained (rate)** | CPU ms/cert chained / unchained | **unchained/chained (CPU)** |"
  echo "|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    { split($1, a, " "); v = a[1]; c = $2; rate[v, c] += $6; cpu[v, c] += $11; runs[v, c]++; cs[c] = 1 }
    END {
      for (c in cs) {
        rc = rate["chained", c] / runs["chained", c]; ru = rate["unchained", c] / runs["unchained", c]
        pc = cpu["chained", c] / runs["chained", c]; pu = cpu["unchained", c] / runs["unchained", c]
        printf "| %s | %.1f | %.1f | **%.3f** | %.3f / %.3f | **%.3f** |\n", c, rc, ru, rc / ru, pc, pu, pu / pc
      }
    }' "$TSV"
} > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
