#!/usr/bin/env bash
# ACME issuance throughput, Hallmark beside Debian's pebble (the ACME reference test server,
# PEBBLE_VA_NOSLEEP=1, everything in memory), in one run with the same client and the same network:
#   - client: Debian's lego, one process per issuance, each with a NEW account (new account, new order,
#     http-01 through a shared webroot, finalize, download): "many concurrent accounts";
#   - DNS: pebble-challtestsrv answering 127.0.0.1 for every name, used by both servers' validation;
#   - http-01: one static web server (python3 http.server) on loopback serving lego's webroot;
#   - Hallmark: the jar with its durable records (H2 on disk), lints and its real validation authority.
# Rounds alternate pebble / Hallmark so that machine noise hits both; the figure is issuances per second
# and the ratio Hallmark/pebble from the same run. Loopback only; bounded in count.
# Usage: bench/acme.sh [issuances-per-round] [concurrency] [rounds]      (defaults 40 8 2)
# Result: printed, and written to target/acme-bench/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-40}
C=${2:-8}
ROUNDS=${3:-2}
DNS_PORT=${BENCH_DNS_PORT:-19053}
WEB_PORT=${BENCH_WEB_PORT:-19080}
PEBBLE_PORT=${BENCH_PEBBLE_PORT:-19400}
HTTPS_PORT=${BENCH_HTTPS_PORT:-19443}
HTTP_PORT=${BENCH_HTTP_PORT:-19081}
OUT=$ROOT/target/acme-bench
for tool in lego pebble pebble-challtestsrv python3 openssl curl java awk xargs; do
  command -v "$tool" >/dev/null || { echo "$tool missing (apt-get install -y lego pebble python3 openssl curl gawk)" >&2; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT/webroot/.well-known/acme-challenge" "$OUT/pebble-tls"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

[ -f target/hallmark.jar ] || { log "building the jar"; mvn -q -B package -DskipTests; }

# pebble's HTTPS certificate (its own test CA, for localhost)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench pebble CA" \
  -keyout "$OUT/pebble-tls/ca.key" -out "$OUT/pebble-tls/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$OUT/pebble-tls/key.pem" -out "$OUT/pebble-tls/req.pem" 2>/dev/null
openssl x509 -req -in "$OUT/pebble-tls/req.pem" -CA "$OUT/pebble-tls/ca.pem" -CAkey "$OUT/pebble-tls/ca.key" \
  -CAcreateserial -days 2 -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth') \
  -out "$OUT/pebble-tls/cert.pem" 2>/dev/null
cat > "$OUT/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:$PEBBLE_PORT", "managementListenAddress": "127.0.0.1:$((PEBBLE_PORT + 1))",
  "certificate": "$OUT/pebble-tls/cert.pem", "privateKey": "$OUT/pebble-tls/key.pem",
  "httpPort": $WEB_PORT, "tlsPort": $((WEB_PORT + 1)), "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON

log "starting pebble-challtestsrv (DNS 127.0.0.1:$DNS_PORT), the webroot server (127.0.0.1:$WEB_PORT), pebble, Hallmark"
pebble-challtestsrv -dns01 "127.0.0.1:$DNS_PORT" -http01 "" -https01 "" -tlsalpn01 "" \
  -management "127.0.0.1:$((DNS_PORT + 1))" -defaultIPv6 "" > "$OUT/challtestsrv.log" 2>&1 &
PIDS+=($!)
python3 -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory "$OUT/webroot" > "$OUT/webroot.log" 2>&1 &
PIDS+=($!)
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
  pebble -config "$OUT/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" > "$OUT/pebble.log" 2>&1 &
PIDS+=($!)
# BENCH_JAVA_OPTS: extra JVM options for Hallmark, e.g. a flight recording for bench/jfr-top.py:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=target/acme-bench/hallmark.jfr,settings=profile"
# shellcheck disable=SC2086
java -Xms1g -Xmx1g ${BENCH_JAVA_OPTS:-} -jar target/hallmark.jar --server.port="$HTTPS_PORT" --hallmark.http.port="$HTTP_PORT" \
  --hallmark.data-dir="$OUT/hallmark-data" --hallmark.ca.password=bench-password \
  --hallmark.acme.validation.http-port="$WEB_PORT" --hallmark.acme.validation.dns-resolvers="127.0.0.1:$DNS_PORT" \
  --logging.level.dev.hallmark.audit=warn --logging.level.dev.hallmark.acme=warn > "$OUT/hallmark.log" 2>&1 &
PIDS+=($!)

wait_for() {  # url ca
  for _ in $(seq 1 120); do curl -sf --cacert "$2" "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "not ready: $1" >&2; exit 1
}
PEBBLE_DIR="https://localhost:$PEBBLE_PORT/dir"
HALLMARK_DIR="https://localhost:$HTTPS_PORT/acme/directory"
wait_for "$PEBBLE_DIR" "$OUT/pebble-tls/ca.pem"
for _ in $(seq 1 120); do [ -f "$OUT/hallmark-data/bootstrap/root-ca.pem" ] && break; sleep 1; done
wait_for "$HALLMARK_DIR" "$OUT/hallmark-data/bootstrap/root-ca.pem"

# one round: $N issuances by lego, $C at a time, each with its own account; prints the seconds it took
round() {  # name directory ca count tag
  local name=$1 dir=$2 ca=$3 count=$4 tag=$5 start end
  mkdir -p "$OUT/$name/$tag"
  start=$(date +%s.%N)
  seq 1 "$count" | xargs -P "$C" -I{} env LEGO_CA_CERTIFICATES="$ca" \
    lego --server "$dir" --accept-tos --email "bench@$name.test" --path "$OUT/$name/$tag/{}" \
      --domains "$tag-{}.$name.bench.test" --http --http.webroot "$OUT/webroot" run \
      > /dev/null 2>> "$OUT/$name/$tag.err" || true
  end=$(date +%s.%N)
  local issued
  issued=$(find "$OUT/$name/$tag" -name '*.crt' ! -name '*.issuer.crt' | wc -l)
  if [ "$issued" -ne "$count" ]; then
    echo "$name $tag: only $issued of $count issued; see $OUT/$name/$tag.err" >&2; exit 1
  fi
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }  # arithmetic on decimals without bc

log "warm-up: $((C * 2)) issuances each (not counted)"
round pebble "$PEBBLE_DIR" "$OUT/pebble-tls/ca.pem" $((C * 2)) warm >/dev/null
round hallmark "$HALLMARK_DIR" "$OUT/hallmark-data/bootstrap/root-ca.pem" $((C * 2)) warm >/dev/null

RESULTS=$OUT/results.txt
{
  echo "ACME issuances by lego (new account + order + http-01 + finalize + download each), $N per round, concurrency $C"
  echo "date: $(date -u +%FT%TZ); host: $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "lego $(dpkg-query -W -f='${Version}' lego 2>/dev/null), pebble $(dpkg-query -W -f='${Version}' pebble 2>/dev/null), $(java -version 2>&1 | head -1)"
  printf '%-6s %-9s %9s %12s\n' round server seconds issuances/s
} > "$RESULTS"
P_TOTAL=0; H_TOTAL=0
for r in $(seq 1 "$ROUNDS"); do
  log "round $r: pebble"
  p=$(round pebble "$PEBBLE_DIR" "$OUT/pebble-tls/ca.pem" "$N" "r$r")
  log "round $r: hallmark"
  h=$(round hallmark "$HALLMARK_DIR" "$OUT/hallmark-data/bootstrap/root-ca.pem" "$N" "r$r")
  printf '%-6s %-9s %9.2f %12.2f\n' "$r" pebble "$p" "$(calc "$N / $p")" >> "$RESULTS"
  printf '%-6s %-9s %9.2f %12.2f\n' "$r" hallmark "$h" "$(calc "$N / $h")" >> "$RESULTS"
  P_TOTAL=$(calc "$P_TOTAL + $p"); H_TOTAL=$(calc "$H_TOTAL + $h")
done
{
  printf 'all rounds: pebble %.2f/s, hallmark %.2f/s, ratio hallmark/pebble %.2f\n' \
    "$(calc "$N * $ROUNDS / $P_TOTAL")" "$(calc "$N * $ROUNDS / $H_TOTAL")" "$(calc "$P_TOTAL / $H_TOTAL")"
} >> "$RESULTS"
cat "$RESULTS"
