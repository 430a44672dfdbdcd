#!/usr/bin/env bash
# Several nodes on one PostgreSQL, in one run (bench/README.md, "Several nodes"):
#   1. issuance per second, POST /api/v1/certificates over HTTPS with mutual TLS, the same CSR and the same load
#      generator (dev.hallmark.bench.LoadGenerator) and the same total number of clients:
#        - one node on H2 (its own data directory);
#        - one node on PostgreSQL: all clients on node A, then all on node B (the other node up and idle), so that
#          both nodes' JITs get the same work and the one-node rate is their mean;
#        - two nodes on the same PostgreSQL: half the clients on A, half on B, at the same time (two generators
#          over the same window; the rates are added);
#      the one-node and two-node points alternate for BENCH_ROUNDS rounds. Target: two nodes lose at most 10%
#      against one (the machine has 2 cores: no gain is expected, only no contention collapse);
#   2. the delta CRL with 1,000,000 revoked (rows added by one bulk SQL statement): the time to re-sign the
#      complete CRL (the first GET /crl after the bulk insert, and the node's own log line), then, for
#      BENCH_REVOKES revocations, the time from sending POST .../revoke to a GET /crl/delta that lists the serial
#      (openssl crl -text). Target: at most 1 s.
# Writes bench-results/cluster-<time>/results.md and raw files.
#
# Needs: java 17, maven, openssl, curl, and PostgreSQL: by default a throwaway cluster made by pg_virtualenv
# (apt-get install -y postgresql), or an existing database given by BENCH_POSTGRES_URL (jdbc:postgresql://host:port/db,
# no query), BENCH_POSTGRES_USER, BENCH_POSTGRES_PASSWORD, where the script makes and drops schema hallmark_bench.
#
# Knobs: BENCH_CONCURRENCY [16] (even) BENCH_WARMUP [5] s BENCH_DURATION [15] s BENCH_PREWARM [30] s
#   BENCH_ROUNDS [2] BENCH_REVOKED [1000000] BENCH_REVOKES [5] BENCH_SKIP [""] words from: build issuance crl
#   BENCH_SERVER_OPTS ["-Xms512m -Xmx512m"] BENCH_LOAD_OPTS ["-Xmx256m"] BENCH_START_TIMEOUT [300] s MVN ["mvn -q -B"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [[ -z ${BENCH_POSTGRES_URL:-} && -z ${BENCH_IN_PG_VIRTUALENV:-} ]]; then
  command -v pg_virtualenv > /dev/null || { echo "pg_virtualenv missing: apt-get install -y postgresql" >&2; exit 1; }
  # a throwaway PostgreSQL cluster on a free port for this run; it sets PGHOST, PGPORT, PGUSER, PGPASSWORD
  BENCH_IN_PG_VIRTUALENV=1 exec pg_virtualenv -t -o max_connections=200 -o shared_buffers=256MB bash "$0" "$@"
fi
PG_URL=${BENCH_POSTGRES_URL:-jdbc:postgresql://localhost:${PGPORT:-5432}/${PGDATABASE:-postgres}}
export PGUSER=${BENCH_POSTGRES_USER:-${PGUSER:-hallmark}}
export PGPASSWORD=${BENCH_POSTGRES_PASSWORD:-${PGPASSWORD:-}}
SCHEMA=hallmark_bench
psql_run() { psql -X -q -v ON_ERROR_STOP=1 "${PG_URL#jdbc:}" "$@"; }

CONCURRENCY=${BENCH_CONCURRENCY:-16}
WARMUP=${BENCH_WARMUP:-5}
DURATION=${BENCH_DURATION:-15}
PREWARM=${BENCH_PREWARM:-30}
ROUNDS=${BENCH_ROUNDS:-2}
REVOKED=${BENCH_REVOKED:-1000000}
REVOKES=${BENCH_REVOKES:-5}
SKIP=" ${BENCH_SKIP:-} "
SERVER_OPTS=${BENCH_SERVER_OPTS:-"-Xms512m -Xmx512m"}
LOAD_OPTS=${BENCH_LOAD_OPTS:-"-Xmx256m"}
START_TIMEOUT=${BENCH_START_TIMEOUT:-300}
MVN=${MVN:-"mvn -q -B"}
(( CONCURRENCY % 2 == 0 )) || { echo "BENCH_CONCURRENCY must be even (split over two nodes)" >&2; exit 1; }
HALF=$((CONCURRENCY / 2))

OUT=$ROOT/bench-results/cluster-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
TSV=$OUT/load.tsv
: > "$TSV"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT

if ! skipped build; then
  log "building (mvn package -DskipTests, benchmark class path)"
  $MVN package -DskipTests
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/bench-classpath.txt)"
LOAD="java $LOAD_OPTS -cp $CP dev.hallmark.bench.LoadGenerator"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "postgresql: $(psql_run -tAc 'SHOW server_version') at ${PG_URL%%\?*}$([[ -n ${BENCH_IN_PG_VIRTUALENV:-} ]] && echo ' (pg_virtualenv, this run only)')"
  echo "git: $(git rev-parse --short HEAD 2> /dev/null)$(git diff --quiet 2> /dev/null || echo ' (dirty)')"
  echo "nodes: $SERVER_OPTS; load generator: $LOAD_OPTS; $CONCURRENCY clients in all; warm-up ${WARMUP}s, measured ${DURATION}s, $ROUNDS rounds"
} > "$OUT/environment.txt"

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/bench.key" \
  -subj "/CN=bench.example" -addext "subjectAltName=DNS:bench.example" -out "$OUT/bench.csr" 2> /dev/null
ISSUE_PATH="/api/v1/certificates?profile=server&validityDays=30"

NODE_PID=
start_node() { # name https-port http-port [service arguments...]; sets NODE_PID
  local name=$1 https=$2 http=$3; shift 3
  # shellcheck disable=SC2086
  HALLMARK_CA_PASSWORD=bench-only-password java $SERVER_OPTS -jar "$ROOT/target/hallmark.jar" \
    --server.port="$https" --hallmark.http.port="$http" --hallmark.data-dir="$OUT/$name" "$@" > "$OUT/$name.log" 2>&1 &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  for _ in $(seq $((START_TIMEOUT * 2))); do
    curl -sk -o /dev/null "https://localhost:$https/actuator/health" && return 0
    kill -0 "$NODE_PID" 2> /dev/null || { tail -30 "$OUT/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "node $name did not start within ${START_TIMEOUT}s; see $OUT/$name.log" >&2; exit 1
}
stop_node() { kill "$1" 2> /dev/null || true; wait "$1" 2> /dev/null || true; }
on_postgres=(--spring.datasource.url="$PG_URL?currentSchema=$SCHEMA" --spring.datasource.username="$PGUSER"
  --spring.datasource.password="$PGPASSWORD")

load() { # label concurrency https-port server-pid [more arguments...]
  local label=$1 c=$2 port=$3 pid=$4; shift 4
  $LOAD --url "https://localhost:$port$ISSUE_PATH" --body-file "$OUT/bench.csr" --content-type application/pkcs10 \
    --expect-status 201 "${MTLS[@]}" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" --label "$label" \
    --server-pid "$pid" "$@"
}
rate_of() { awk -F'\t' -v l="$1" '$1 == l { print $6 }' "$TSV" | tail -1; }

# --- 1. issuance ----------------------------------------------------------------------------------------------
if ! skipped issuance; then
  log "one node on H2"
  start_node h2 18443 18080
  H2_PID=$NODE_PID
  MTLS=(--pkcs12 "$OUT/h2/bootstrap/admin.p12" --pkcs12-password-file "$OUT/h2/bootstrap/admin.p12.password"
    --trust "$OUT/h2/bootstrap/root-ca.pem")
  load "pre-warm (not recorded)" "$CONCURRENCY" 18443 "$H2_PID" --warmup 0 --duration "$PREWARM" | tee -a "$OUT/run.log"
  load "h2 one node" "$CONCURRENCY" 18443 "$H2_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log"
  stop_node "$H2_PID"

  log "two nodes on one PostgreSQL (schema $SCHEMA): A creates the CA, B joins with an empty data directory"
  psql_run -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
  start_node node-a 18443 18080 "${on_postgres[@]}"
  A_PID=$NODE_PID
  start_node node-b 28443 28080 "${on_postgres[@]}"
  B_PID=$NODE_PID
  MTLS=(--pkcs12 "$OUT/node-a/bootstrap/admin.p12" --pkcs12-password-file "$OUT/node-a/bootstrap/admin.p12.password"
    --trust "$OUT/node-a/bootstrap/root-ca.pem")
  load "pre-warm A (not recorded)" "$HALF" 18443 "$A_PID" --warmup 0 --duration "$PREWARM" | tee -a "$OUT/run.log" &
  other=$!
  load "pre-warm B (not recorded)" "$HALF" 28443 "$B_PID" --warmup 0 --duration "$PREWARM" | tee -a "$OUT/run.log"
  wait "$other"
  # what PostgreSQL's active backends wait for, every 50 ms over the rounds (a queue shows as Lock waits)
  ( while :; do
      psql_run -tA -F $'\t' -c "SELECT coalesce(wait_event_type, 'CPU') || '/' || coalesce(wait_event, '-'),
          left(regexp_replace(query, '\s+', ' ', 'g'), 80) FROM pg_stat_activity
          WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()" || true
      sleep 0.05
    done > "$OUT/pg-waits.tsv" ) &
  SAMPLER=$!
  PIDS+=("$SAMPLER")
  for round in $(seq "$ROUNDS"); do
    log "round $round: one node ($CONCURRENCY clients on A, then on B), then two nodes ($HALF clients each)"
    load "postgresql one node A r$round" "$CONCURRENCY" 18443 "$A_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log"
    load "postgresql one node B r$round" "$CONCURRENCY" 28443 "$B_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log"
    load "postgresql two nodes A r$round" "$HALF" 18443 "$A_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log" &
    other=$!
    load "postgresql two nodes B r$round" "$HALF" 28443 "$B_PID" --tsv-out "$TSV" | tee -a "$OUT/run.log"
    wait "$other"
  done
  kill "$SAMPLER" 2> /dev/null || true
  stop_node "$B_PID"
  stop_node "$A_PID"
  psql_run -tAc "SELECT count(*) FROM $SCHEMA.certificate" > "$OUT/certificates-on-postgresql.txt"
  psql_run -tAc "SELECT count(DISTINCT serial) = count(*) FROM $SCHEMA.certificate" > "$OUT/serials-distinct.txt"
fi

# --- 2. delta CRL with 1,000,000 revoked ----------------------------------------------------------------------
issue_one() { # https-port name -> prints the serial; the certificate is in $OUT/crl/<name>.pem
  curl -sf --cacert "$B/root-ca.pem" --cert "$B/admin.crt" --key "$B/admin.key" -H 'Content-Type: application/pkcs10' \
    --data-binary @"$OUT/bench.csr" "https://localhost:$1$ISSUE_PATH" > "$OUT/crl/$2.pem"
  openssl x509 -in "$OUT/crl/$2.pem" -noout -serial | cut -d= -f2
}
revoke() { # https-port serial
  curl -sf --cacert "$B/root-ca.pem" --cert "$B/admin.crt" --key "$B/admin.key" -H 'Content-Type: application/json' \
    --data '{"reason":"keyCompromise"}' "https://localhost:$1/api/v1/certificates/$2/revoke" -o /dev/null
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
if ! skipped crl; then
  log "CRL: a node on a fresh schema, $REVOKED revoked rows added by bulk SQL"
  mkdir -p "$OUT/crl"
  psql_run -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
  start_node crl-node 18443 18080 "${on_postgres[@]}"
  CRL_PID=$NODE_PID
  B=$OUT/crl-node/bootstrap
  seed=$(issue_one 18443 seed)
  revoke 18443 "$seed"
  # the bulk rows copy the seed's row (its issuer_id), each with a serial and number of its
  # own, and the revocation count moves on by as many, as if each had been revoked through the service
  inserting=$(now_ms)
  psql_run <<SQL
SET search_path = $SCHEMA;
BEGIN;
SELECT issuer_id AS seed_issuer, revocation_number AS seed_number FROM revoked_certificate WHERE serial = '$seed' \gset
INSERT INTO revoked_certificate (issuer_id, serial, revoked_at, reason_code, not_after, revocation_number)
SELECT r.issuer_id, upper(lpad(to_hex(n), 16, '0')) || 'B0', r.revoked_at - (n || ' seconds')::interval, 1 + n % 5,
       r.not_after, r.revocation_number + n
FROM revoked_certificate r, generate_series(1, $REVOKED) AS n WHERE r.serial = '$seed';
UPDATE revocation_sequence SET last_value = last_value + $REVOKED WHERE issuer_id = :'seed_issuer';
COMMIT;
ANALYZE revoked_certificate;
SQL
  insert_ms=$(( $(now_ms) - inserting ))
  log "  inserted in $insert_ms ms; the complete CRL is re-signed by the next GET /crl"
  full_ms=$(curl -sf -o "$OUT/crl/full.crl" -w '%{time_total}' "http://127.0.0.1:18080/crl" | awk '{printf "%d", $1 * 1000}')
  full_bytes=$(stat -c %s "$OUT/crl/full.crl")
  full_log=$(grep -o "Signed CRL [0-9]* of the ISSUING CA: [0-9]* entries.*" "$OUT/crl-node.log" | tail -1)
  log "  complete CRL: GET /crl ${full_ms} ms, $full_bytes bytes; node: $full_log"
  : > "$OUT/crl/delta-ms.txt"
  for i in $(seq "$REVOKES"); do
    serial=$(issue_one 18443 "revoked-$i")
    started=$(now_ms)
    revoke 18443 "$serial"
    revoked=$(now_ms)
    until curl -sf "http://127.0.0.1:18080/crl/delta" -o "$OUT/crl/delta-$i.crl" \
        && openssl crl -inform DER -in "$OUT/crl/delta-$i.crl" -noout -text | grep -q "Serial Number: $serial"; do
      sleep 0.02
    done
    listed=$(now_ms)
    echo "$((listed - started)) $((revoked - started))" >> "$OUT/crl/delta-ms.txt"
    log "  revocation $i ($serial): listed in the delta CRL $((listed - started)) ms after the revoke was sent (revoke answered after $((revoked - started)) ms)"
  done
  entries_full=$(echo "$full_log" | sed -n 's/.*: \([0-9]*\) entries.*/\1/p')
  still_full=$(curl -sf "http://127.0.0.1:18080/crl" | openssl crl -inform DER -noout -crlnumber | cut -d= -f2)
  stop_node "$CRL_PID"
fi

# --- results ---------------------------------------------------------------------------------------------------
{
  echo "# Several nodes on one PostgreSQL — $(basename "$OUT")"
  echo
  sed 's/^/    /' "$OUT/environment.txt"
  echo
  if ! skipped issuance; then
    echo "## Issuance: certificates per second, $CONCURRENCY clients in all (HTTPS, mutual TLS, keep-alive)"
    echo
    echo "| point | /s | p50 ms | p99 ms | errors | server CPU ms/cert |"
    echo "|---|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $6, $7, $9, $5, $11 }' "$TSV"
    echo
    echo "| round | one node on PostgreSQL /s (mean of A alone, B alone) | two nodes /s (A + B) | two / one | target (>= 0.90) |"
    echo "|---|---:|---:|---:|---|"
    for round in $(seq "$ROUNDS"); do
      oa=$(rate_of "postgresql one node A r$round"); ob=$(rate_of "postgresql one node B r$round")
      a=$(rate_of "postgresql two nodes A r$round"); b=$(rate_of "postgresql two nodes B r$round")
      awk -v r="$round" -v oa="$oa" -v ob="$ob" -v a="$a" -v b="$b" 'BEGIN {
        one = (oa + ob) / 2; two = a + b; ratio = two / one; verdict = (ratio >= 0.9) ? "met" : "not met"
        printf "| %s | %.1f (%.1f, %.1f) | %.1f (%.1f + %.1f) | %.2f | %s |\n", r, one, oa, ob, two, a, b, ratio, verdict }'
    done
    echo
    # single rounds swing with the two cores' noise (A alone and B alone differ by up to a fifth): the mean is the figure
    for round in $(seq "$ROUNDS"); do
      echo "$(rate_of "postgresql one node A r$round") $(rate_of "postgresql one node B r$round")" \
        "$(rate_of "postgresql two nodes A r$round") $(rate_of "postgresql two nodes B r$round")"
    done | awk '{ s += ($3 + $4) / (($1 + $2) / 2); n++ } END { printf "Mean two / one over the %d rounds: %.2f (target >= 0.90)\n", n, s / n }'
    echo
    echo "H2, one node: $(rate_of "h2 one node") /s. Certificates on PostgreSQL after the run: $(cat "$OUT/certificates-on-postgresql.txt"), serials all distinct: $(cat "$OUT/serials-distinct.txt")."
    echo
    echo "PostgreSQL's active backends over the rounds (pg_stat_activity every 50 ms, pg-waits.tsv): the most frequent"
    echo "waits, with the statement waiting"
    echo
    echo "| samples | share | wait | statement |"
    echo "|---:|---:|---|---|"
    awk -F'\t' '{ n[$1 FS $2]++; all++ } END { for (k in n) { split(k, w, FS); printf "%d\t%.1f %%\t%s\t%s\n", n[k], 100 * n[k] / all, w[1], w[2] } }' \
      "$OUT/pg-waits.tsv" | sort -rn | head -8 | awk -F'\t' '{ printf "| %s | %s | %s | `%s` |\n", $1, $2, $3, $4 }'
    echo
  fi
  if ! skipped crl; then
    echo "## Revocation to CRL with $REVOKED revoked"
    echo
    echo "- bulk insert of $REVOKED revoked rows (one SQL statement): $insert_ms ms"
    echo "- complete CRL re-signed ($entries_full entries, $full_bytes bytes): first GET /crl ${full_ms} ms; node: \`$full_log\`"
    echo "- revoke → delta CRL listing it (GET /crl/delta, openssl crl -text), $REVOKES revocations: $(awk '{print $1}' "$OUT/crl/delta-ms.txt" | sort -n | tr '\n' ' ')ms;" \
      "median $(awk '{print $1}' "$OUT/crl/delta-ms.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms (target <= 1000 ms)"
    echo "- the complete CRL served meanwhile stays number $still_full: with $REVOKED entries it is re-signed on its schedule only"
    echo
  fi
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
