#!/usr/bin/env bash
# Revocation benchmark (issue 3), in one run, Hallmark beside openssl on the same machine:
#   1. OCSP responses per second over keep-alive HTTP with wrk at the same concurrency:
#      cached GET (no nonce) and POST with a fresh nonce per request, against Hallmark's
#      responder and against `openssl ocsp -index ... -multi 2` answering for the same certificate;
#   2. CRL generation with 100,000 and 1,000,000 revoked entries: Hallmark's CrlPublisher (the
#      service's own classes, H2 database, JVM capped at -Xmx64m) beside `openssl ca -gencrl` on an
#      index.txt holding the same entries; wall time and peak resident memory of each;
#   3. the cost of POST /api/v1/certificates/{serial}/revoke on a running service with no
#      certificate revoked and with 1,000,000 revoked, and of the first GET /crl afterwards.
# Writes bench-results/revocation-<time>/results.md and raw files; see bench/REVOCATION-RESULTS.md.
#
# Knobs: BENCH_THREADS [2] BENCH_CONNECTIONS [32] BENCH_DURATION [15s] BENCH_WARMUP [5s]
#        BENCH_CRL_SIZES ["100000 1000000"] BENCH_REVOKE_COUNT [40] BENCH_SKIP [""] words: build ocsp crl revoke
#        MVN ["mvn -q -B"]
# Needs: java 17, maven, openssl, curl, wrk (apt-get install -y wrk), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
THREADS=${BENCH_THREADS:-2}
# OpenSSL 3.0's responder (Debian 12: 3.0.19) has one process per -multi worker and no keep-alive;
# with more connections than workers, a connection wrk closes while it waits in the backlog puts
# a worker into an endless read() == 0 loop (seen with strace), and throughput drops to zero. So
# the head-to-head runs at 2 connections, one per openssl worker; Hallmark alone also runs at
# HALLMARK_CONNECTIONS for its throughput under more concurrent clients.
CONNECTIONS=${BENCH_CONNECTIONS:-2}
HALLMARK_CONNECTIONS=${BENCH_HALLMARK_CONNECTIONS:-32}
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-5s}
CRL_SIZES=${BENCH_CRL_SIZES:-"100000 1000000"}
REVOKE_COUNT=${BENCH_REVOKE_COUNT:-40}
SKIP=" ${BENCH_SKIP:-} "
MVN=${MVN:-"mvn -q -B"}
HTTPS_PORT=${BENCH_HTTPS_PORT:-19443}
HTTP_PORT=${BENCH_HTTP_PORT:-19080}
OPENSSL_PORT=${BENCH_OPENSSL_PORT:-19888}

OUT=$ROOT/bench-results/revocation-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.md
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }
PIDS=()
# openssl ocsp -multi forks workers: stop them by their parent's id, then the parent
cleanup() { set +e; for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && { pkill -KILL -P "$p" 2>/dev/null; kill "$p" 2>/dev/null; }; done; wait 2>/dev/null; true; }
trap cleanup EXIT

for tool in java openssl curl wrk python3; do
  command -v $tool >/dev/null || { echo "$tool is missing (apt-get install -y wrk for wrk)" >&2; exit 1; }
done

if ! skipped build; then
  log "building the jar and the benchmark class path"
  $MVN package -DskipTests
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/bench-classpath.txt)"

{
  echo "# Revocation benchmark $(date -u +%FT%TZ)"
  echo
  echo "- host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(java -version 2>&1 | head -1); $(openssl version); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "- git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "- wrk: $THREADS threads, $CONNECTIONS connections, ${WARMUP} warm-up then ${DURATION} measured per point"
  echo
} > "$RESULTS"

wait_for() { for _ in $(seq 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timeout: $1" >&2; return 1; }

start_hallmark() { # data-dir, log-file
  java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$ROOT/target/hallmark.jar" --server.port=$HTTPS_PORT \
    --hallmark.http.port=$HTTP_PORT --hallmark.data-dir="$1" --hallmark.ca.kdf-iterations=10000 \
    --logging.level.dev.hallmark.audit=warn > "$2" 2>&1 &
  HALLMARK_PID=$!
  PIDS+=("$HALLMARK_PID")
  wait_for "http://127.0.0.1:$HTTP_PORT/ca/root.pem"
}
stop_hallmark() { kill "$HALLMARK_PID" 2>/dev/null; wait "$HALLMARK_PID" 2>/dev/null || true; }

rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

# --- 1. OCSP -----------------------------------------------------------------------------------
if ! skipped ocsp; then
  log "OCSP: starting Hallmark"
  D=$OUT/ocsp
  mkdir -p "$D"
  start_hallmark "$D/data" "$D/hallmark.log"
  B=$D/data/bootstrap
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/leaf.key" -subj "/CN=ocsp-bench.example" \
    -addext "subjectAltName=DNS:ocsp-bench.example" -out "$D/leaf.csr" 2>/dev/null
  curl -sf --cacert "$B/root-ca.pem" --cert "$B/admin.crt" --key "$B/admin.key" -H 'Content-Type: application/pkcs10' \
    --data-binary @"$D/leaf.csr" "https://localhost:$HTTPS_PORT/api/v1/certificates?profile=server" > "$D/chain.pem"
  awk '/BEGIN/{n++} n==1' "$D/chain.pem" > "$D/leaf.pem"
  awk '/BEGIN/{n++} n==2' "$D/chain.pem" > "$D/issuing.pem"
  openssl ocsp -issuer "$D/issuing.pem" -cert "$D/leaf.pem" -no_nonce -reqout "$D/get.der" >/dev/null
  openssl ocsp -issuer "$D/issuing.pem" -cert "$D/leaf.pem" -nonce -reqout "$D/nonce.der" >/dev/null
  ENC=$(python3 -c 'import base64,sys,urllib.parse; print(urllib.parse.quote(base64.b64encode(open(sys.argv[1],"rb").read()).decode(), safe=""))' "$D/get.der")

  # the openssl responder: the same issuing CA certificate, an index.txt with the same certificate,
  # its own P-256 signing key (Hallmark's responder key never leaves the service)
  SERIAL=$(openssl x509 -in "$D/leaf.pem" -noout -serial | cut -d= -f2)
  END=$(date -u -d "$(openssl x509 -in "$D/leaf.pem" -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)
  printf 'V\t%s\t\t%s\tunknown\t/CN=ocsp-bench.example\n' "$END" "$SERIAL" > "$D/index.txt"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$D/rsigner.key" -out "$D/rsigner.pem" \
    -subj "/CN=openssl OCSP responder" -days 30 -addext "extendedKeyUsage=OCSPSigning" 2>/dev/null
  # a fresh responder for each measured run: the end of a wrk run (a connection closed before its
  # request) leaves OpenSSL 3.0's workers spinning, see above; openssl needs no warm-up
  stop_openssl() {
    if [[ -n "${OPENSSL_PID:-}" ]]; then
      pkill -KILL -P "$OPENSSL_PID" 2>/dev/null || true
      kill -KILL "$OPENSSL_PID" 2>/dev/null || true
      wait "$OPENSSL_PID" 2>/dev/null || true
      OPENSSL_PID=
    fi
  }
  start_openssl() {
    stop_openssl
    for _ in $(seq 100); do ss -ltn | grep -q ":$OPENSSL_PORT " || break; sleep 0.2; done
    if ss -ltn | grep -q ":$OPENSSL_PORT "; then echo "port $OPENSSL_PORT is still in use" >&2; return 1; fi
    openssl ocsp -index "$D/index.txt" -port $OPENSSL_PORT -rsigner "$D/rsigner.pem" -rkey "$D/rsigner.key" \
      -CA "$D/issuing.pem" -multi 2 -nmin 60 -ignore_err >> "$D/openssl-ocsp.log" 2>&1 &
    OPENSSL_PID=$!
    PIDS+=("$OPENSSL_PID")
    for _ in $(seq 50); do ss -ltn | grep -q ":$OPENSSL_PORT " && return 0; sleep 0.2; done
    echo "openssl ocsp did not start" >&2; return 1
  }
  start_openssl

  # both must say "good" for the same request before anything is measured
  openssl ocsp -issuer "$D/issuing.pem" -cert "$D/leaf.pem" -url "http://127.0.0.1:$HTTP_PORT/ocsp" \
    -CAfile "$B/root-ca.pem" -verify_other "$D/issuing.pem" | grep -q ': good'
  openssl ocsp -issuer "$D/issuing.pem" -cert "$D/leaf.pem" -url "http://127.0.0.1:$OPENSSL_PORT" -noverify | grep -q ': good'

  run_wrk() { # name, url, [lua], [connections]
    local name=$1 url=$2 lua=${3:-} connections=${4:-$CONNECTIONS}
    local args=(-t"$THREADS" -c"$connections" --latency)
    [[ -n "$lua" ]] && args+=(-s "$lua")
    if [[ $name == openssl* ]]; then
      start_openssl
    else
      OCSP_REQUEST=$D/nonce.der wrk "${args[@]}" -d"$WARMUP" "$url" > /dev/null
    fi
    OCSP_REQUEST=$D/nonce.der wrk "${args[@]}" -d"$DURATION" "$url" > "$D/wrk-$name.txt"
    log "  $name: $(rps "$D/wrk-$name.txt") responses/s"
  }
  log "OCSP: wrk"
  run_wrk hallmark-get "http://127.0.0.1:$HTTP_PORT/ocsp/$ENC"
  run_wrk openssl-get "http://127.0.0.1:$OPENSSL_PORT/$ENC"
  run_wrk hallmark-post-nonce "http://127.0.0.1:$HTTP_PORT/ocsp" "$ROOT/bench/ocsp-post.lua"
  run_wrk openssl-post-nonce "http://127.0.0.1:$OPENSSL_PORT/" "$ROOT/bench/ocsp-post-openssl.lua"
  run_wrk hallmark-get-c$HALLMARK_CONNECTIONS "http://127.0.0.1:$HTTP_PORT/ocsp/$ENC" "" "$HALLMARK_CONNECTIONS"
  run_wrk hallmark-post-nonce-c$HALLMARK_CONNECTIONS "http://127.0.0.1:$HTTP_PORT/ocsp" "$ROOT/bench/ocsp-post.lua" \
    "$HALLMARK_CONNECTIONS"
  stop_hallmark
  stop_openssl

  HG=$(rps "$D/wrk-hallmark-get.txt"); OG=$(rps "$D/wrk-openssl-get.txt")
  HP=$(rps "$D/wrk-hallmark-post-nonce.txt"); OP=$(rps "$D/wrk-openssl-post-nonce.txt")
  p99() { awk '/ 99%/ {print $2}' "$1"; }
  errors() { grep -E 'Non-2xx|Socket errors' "$1" | tr -s ' ' | paste -sd';' - || true; }
  {
    echo "## OCSP responses per second (wrk, keep-alive, same request, same concurrency)"
    echo
    echo "| request | Hallmark | openssl ocsp -multi 2 | ratio | target | Hallmark p99 | openssl p99 |"
    echo "|---|---:|---:|---:|---|---:|---:|"
    echo "| GET, no nonce (pre-signed, cached) | $HG | $OG | $(ratio "$HG" "$OG")x | >= 3x | $(p99 "$D/wrk-hallmark-get.txt") | $(p99 "$D/wrk-openssl-get.txt") |"
    echo "| POST with a fresh nonce (signed per request) | $HP | $OP | $(ratio "$HP" "$OP")x | >= 1x | $(p99 "$D/wrk-hallmark-post-nonce.txt") | $(p99 "$D/wrk-openssl-post-nonce.txt") |"
    echo
    echo "At $CONNECTIONS connections (one per openssl worker, see the comment in bench/revocation.sh). Hallmark alone at"
    echo "$HALLMARK_CONNECTIONS connections: GET $(rps "$D/wrk-hallmark-get-c$HALLMARK_CONNECTIONS.txt")/s"\
" (p99 $(p99 "$D/wrk-hallmark-get-c$HALLMARK_CONNECTIONS.txt")), POST with nonce"\
" $(rps "$D/wrk-hallmark-post-nonce-c$HALLMARK_CONNECTIONS.txt")/s (p99 $(p99 "$D/wrk-hallmark-post-nonce-c$HALLMARK_CONNECTIONS.txt"))."
    echo
    for f in "$D"/wrk-*.txt; do e=$(errors "$f"); [[ -n "$e" ]] && echo "- $(basename "$f" .txt): $e"; done
    echo
  } >> "$RESULTS"
fi

# --- 2. CRL generation -----------------------------------------------------------------------------
if ! skipped crl; then
  {
    echo "## CRL generation (issuing CA, P-256, same entries)"
    echo
    echo "| revoked entries | Hallmark first run | Hallmark best of 3 | Hallmark peak RSS (-Xmx64m) | openssl ca -gencrl first | best of 3 | openssl peak RSS | time ratio (openssl best / Hallmark best) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
  } >> "$RESULTS"
  for N in $CRL_SIZES; do
    C=$OUT/crl-$N
    log "CRL: preparing $N revoked certificates (H2 rows and index.txt)"
    java -Xmx512m -cp "$CP" dev.hallmark.bench.CrlGenerationBenchmark prepare "$C" "$N" > "$C.prepare.log" 2>&1
    log "CRL: Hallmark generating"
    java -Xmx64m -XX:+UseSerialGC -cp "$CP" dev.hallmark.bench.CrlGenerationBenchmark generate "$C" 3 \
      2>&1 | grep -E '^(run|peak)' > "$C/hallmark.txt"
    cat "$C/hallmark.txt" | tee -a "$OUT/run.log"
    openssl crl -inform DER -in "$C/hallmark.crl" -noout -CAfile "$C/bench-issuing.pem" -verify 2>&1 | grep -q 'verify OK'
    H1=$(awk -F'ms=' '/^run=1/ {split($2,a," "); print a[1]}' "$C/hallmark.txt")
    HB=$(awk -F'ms=' '/^run/ {split($2,a," "); print a[1]}' "$C/hallmark.txt" | sort -n | head -1)
    HR=$(awk -F= '/^peakRssKB/ {print $2}' "$C/hallmark.txt")

    log "CRL: openssl ca -gencrl"
    O=$C/openssl
    mkdir -p "$O"
    cp "$C/index.txt" "$O/index.txt"
    echo 01 > "$O/crlnumber"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$O/ca.key" -out "$O/ca.pem" \
      -subj "/CN=openssl bench CA" -days 365 2>/dev/null
    cat > "$O/ca.cnf" <<CNF
[ ca ]
default_ca = bench
[ bench ]
database = $O/index.txt
crlnumber = $O/crlnumber
certificate = $O/ca.pem
private_key = $O/ca.key
default_md = sha256
default_crl_days = 1
crl_extensions = crl_ext
unique_subject = no
[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF
    : > "$O/times.txt"
    for run in 1 2 3; do
      /usr/bin/time -f "%e %M" -o "$O/time-$run.txt" openssl ca -config "$O/ca.cnf" -gencrl -outform DER -out "$O/openssl.crl" 2>/dev/null \
        || /usr/bin/time -f "%e %M" -o "$O/time-$run.txt" openssl ca -config "$O/ca.cnf" -gencrl -out "$O/openssl.crl" 2>/dev/null
      cat "$O/time-$run.txt" >> "$O/times.txt"
    done
    O1=$(awk 'NR==1 {printf "%d", $1*1000}' "$O/times.txt")
    OB=$(awk '{printf "%d\n", $1*1000}' "$O/times.txt" | sort -n | head -1)
    OR=$(awk '{print $2}' "$O/times.txt" | sort -n | tail -1)
    echo "| $N | ${H1} ms | ${HB} ms | $((HR / 1024)) MiB | ${O1} ms | ${OB} ms | $((OR / 1024)) MiB | $(ratio "$OB" "$HB")x |" >> "$RESULTS"
    log "  $N entries: Hallmark best ${HB} ms (${HR} KB RSS), openssl best ${OB} ms (${OR} KB RSS)"
  done
  echo >> "$RESULTS"
fi

# --- 3. revocation cost with 0 and 1,000,000 certificates revoked -------------------------------------
if ! skipped revoke; then
  {
    echo "## POST .../revoke with nothing and with 1,000,000 certificates revoked"
    echo
    echo "| already revoked | revokes timed | median | p90 | max | first GET /crl after the last revoke | CRL size | last revocation listed |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|"
  } >> "$RESULTS"
  for N in 0 1000000; do
    R=$OUT/revoke-$N
    mkdir -p "$R"
    log "revoke: service with $N revoked certificates"
    start_hallmark "$R/data" "$R/hallmark-first.log"   # bootstrap, then stop to fill the database
    stop_hallmark
    if [[ $N -gt 0 ]]; then
      java -Xmx512m -cp "$CP" dev.hallmark.bench.CrlGenerationBenchmark insert "$R/data/db/hallmark" "$N" > "$R/insert.log" 2>&1
    fi
    start_hallmark "$R/data" "$R/hallmark.log"
    sleep 2
    # let the start-up CRL (all N entries) finish before timing, as in steady state
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/crl"
    java -Xmx512m -cp "$CP" dev.hallmark.bench.RevokeLatencyBenchmark "$R/data" $HTTPS_PORT $HTTP_PORT "$REVOKE_COUNT" \
      2>/dev/null | grep '^revokes=' > "$R/revoke.txt"
    stop_hallmark
    cat "$R/revoke.txt" | tee -a "$OUT/run.log"
    python3 - "$N" "$R/revoke.txt" >> "$RESULTS" <<'PY'
import sys
n, f = sys.argv[1], sys.argv[2]
kv = dict(p.split("=") for p in open(f).read().split())
print(f"| {int(n):,} | {kv['revokes']} | {kv['medianMs']} ms | {kv['p90Ms']} ms | {kv['maxMs']} ms | {kv['firstCrlFetchMs']} ms | {int(kv['crlBytes']):,} bytes | {kv['lastListed']} |")
PY
  done
  echo >> "$RESULTS"
fi

echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
log "results: $RESULTS"
cat "$RESULTS"
