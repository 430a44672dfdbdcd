#!/usr/bin/env bash
# Console benchmark (issue 12): the dashboard and the certificates page with 1,000,000 certificates in a
# PostgreSQL store, p95 of each page beside a baseline measured in the same run (GET /ca/root.pem of the same
# service, same connection, same client certificate).
#   1. builds the jar, starts it on an empty schema (bootstrap, migrations), issues a few real certificates through
#      the API;
#   2. adds BENCH_CERTIFICATES rows in one INSERT ... SELECT FROM generate_series: created over the last two
#      years, 90-day server (60 %), 365-day client (20 %) and 30-day device (20 %) certificates, 2 % revoked; the
#      columns the script does not generate (issuer, DER, ...) are copied from a real certificate, so the rows are
#      as wide as real ones. The tallies are kept by the V14 trigger during the insert, as in service;
#   3. VACUUM ANALYZE, then BENCH_WARMUP unrecorded and BENCH_REQUESTS recorded rounds of one request of each page,
#      sequential on one keep-alive connection (curl, mutual TLS with the bootstrap administrator); p50/p95/p99/max
#      of curl's time_total per page;
#   4. checks the dashboard's counts against SQL counts of the rows.
# Writes bench-results/console-<time>/results.md and raw times; see bench/CONSOLE-RESULTS.md.
#
# Knobs: BENCH_CERTIFICATES [1000000] BENCH_REQUESTS [100] BENCH_WARMUP [20] BENCH_SKIP [""] words: build
#        PGHOST [localhost] PGPORT [5432] PGDATABASE [hallmark_test] PGUSER [hallmark] PGPASSWORD [hallmark]
#        BENCH_SCHEMA [console_bench] (dropped and made again) MVN ["mvn -q -B"]
#        BENCH_START_TIMEOUT [900] seconds for the service to start
#        BENCH_REUSE [""]: the output directory of an earlier run whose schema and data directory are measured again
#        (no build, no fill)
# Needs: java 17, maven, postgresql (server and psql; as root on a fresh machine the script starts it with
# .ci/postgres.sh), openssl, curl, python3. The database user must be allowed CREATE EXTENSION pg_trgm (a
# database owner is: the extension is trusted).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CERTIFICATES=${BENCH_CERTIFICATES:-1000000}
REQUESTS=${BENCH_REQUESTS:-100}
WARMUP=${BENCH_WARMUP:-20}
SKIP=" ${BENCH_SKIP:-} "
MVN=${MVN:-"mvn -q -B"}
SCHEMA=${BENCH_SCHEMA:-console_bench}
START_TIMEOUT=${BENCH_START_TIMEOUT:-900}
HTTPS_PORT=${BENCH_HTTPS_PORT:-19543}
HTTP_PORT=${BENCH_HTTP_PORT:-19580}
export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-hallmark} PGPASSWORD=${PGPASSWORD:-hallmark}
if [[ -z "${PGDATABASE:-}" ]]; then
  [[ $(id -u) == 0 ]] && . .ci/postgres.sh >/dev/null
  export PGDATABASE=hallmark_test
fi

OUT=$ROOT/bench-results/console-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.md
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }
HALLMARK_PID=
cleanup() { set +e; [[ -n "$HALLMARK_PID" ]] && { kill "$HALLMARK_PID" 2>/dev/null; wait "$HALLMARK_PID" 2>/dev/null; }; true; }
trap cleanup EXIT

for tool in java openssl curl psql python3; do
  command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done
psql -qtAc "SELECT 1" >/dev/null || { echo "cannot reach PostgreSQL as $PGUSER@$PGHOST:$PGPORT/$PGDATABASE" >&2; exit 1; }

if ! skipped build && [[ -z "${BENCH_REUSE:-}" ]]; then
  log "building the jar"
  $MVN package -DskipTests
fi

export PGOPTIONS="-c search_path=$SCHEMA,public"
REUSE=${BENCH_REUSE:-}
if [[ -z "$REUSE" ]]; then
  log "fresh schema $SCHEMA in $PGDATABASE"
  psql -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA"
  DATA=$OUT/data
else
  DATA=$REUSE/data
fi
B=$DATA/bootstrap
java -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$ROOT/target/hallmark.jar" --server.port=$HTTPS_PORT \
  --hallmark.http.port=$HTTP_PORT --hallmark.data-dir="$DATA" --hallmark.ca.kdf-iterations=10000 \
  --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE?currentSchema=$SCHEMA" \
  --spring.datasource.username="$PGUSER" --spring.datasource.password="$PGPASSWORD" \
  --logging.level.dev.hallmark.audit=warn > "$OUT/hallmark.log" 2>&1 &
HALLMARK_PID=$!
for _ in $(seq $((START_TIMEOUT * 2))); do curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/ca/root.pem" && break; sleep 0.5; done
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/ca/root.pem" || { echo "the service did not start" >&2; tail "$OUT/hallmark.log"; exit 1; }
BASE=https://localhost:$HTTPS_PORT
CURL=(curl -s --cacert "$B/root-ca.pem" --cert "$B/admin.crt" --key "$B/admin.key")

if [[ -z "$REUSE" ]]; then
log "issuing real certificates through the API"
for i in $(seq 1 20); do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/real.key" \
    -subj "/CN=real-$i.bench.example" -addext "subjectAltName=DNS:real-$i.bench.example" -out "$OUT/real.csr" 2>/dev/null
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' --data-binary @"$OUT/real.csr" \
    -H 'Content-Type: application/pkcs10' "$BASE/api/v1/certificates?profile=server&validityDays=90")
  [[ "$code" == 201 ]] || { echo "issuing failed: $code" >&2; exit 1; }
done

log "inserting $CERTIFICATES certificates"
GENERATED="serial subject common_name sans profile requester not_before not_after status revoked_at revocation_reason created_at fingerprint"
COPIED=$(psql -qtAc "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
  WHERE table_schema = '$SCHEMA' AND table_name = 'certificate' AND column_name NOT IN ('id', $(printf "'%s'," $GENERATED | sed 's/,$//'))")
start=$(date +%s)
psql -q -v ON_ERROR_STOP=1 > "$OUT/insert.log" <<SQL
\timing on
INSERT INTO certificate ($(echo $GENERATED | tr ' ' ','), $COPIED)
SELECT 'b0' || lpad(to_hex(r.g), 30, '0'),
       'CN=' || r.name, r.name, r.name || ', www.' || r.name, r.profile, 'admin:admin',
       r.created - interval '1 minute', r.created + r.days * interval '1 day',
       CASE WHEN r.g % 50 = 0 THEN 'REVOKED' ELSE 'VALID' END,
       CASE WHEN r.g % 50 = 0 THEN r.created + interval '3 days' END,
       CASE WHEN r.g % 50 = 0 THEN 'superseded' END,
       r.created, md5(r.g::text) || md5(r.name),
       $(echo "$COPIED" | sed 's/\([a-z_][a-z_0-9]*\)/t.\1/g')
FROM (SELECT g,
             CASE WHEN g % 5 < 3 THEN 'server' WHEN g % 5 = 3 THEN 'client' ELSE 'device' END AS profile,
             CASE WHEN g % 5 < 3 THEN 'host-' || g || '.example.com' WHEN g % 5 = 3 THEN 'person-' || g
                  ELSE 'device-' || g || '.iot.example' END AS name,
             CASE WHEN g % 5 < 3 THEN 90 WHEN g % 5 = 3 THEN 365 ELSE 30 END AS days,
             now() - (g::double precision / $CERTIFICATES) * interval '730 days' AS created
      FROM generate_series(1, $CERTIFICATES) g) r
CROSS JOIN (SELECT * FROM certificate WHERE profile = 'server' AND status = 'VALID' LIMIT 1) t;
VACUUM ANALYZE certificate;
VACUUM ANALYZE certificate_expiry_tally;
VACUUM ANALYZE certificate_creation_tally;
SQL
insert_seconds=$(( $(date +%s) - start ))
log "inserted and analysed in ${insert_seconds}s"
else
  insert_seconds=$(sed -n 's/.*inserted and analysed in \([0-9]*\)s/\1/p' "$REUSE/run.log")
  log "measuring the store of $REUSE again"
fi

PAGES=(
  "baseline|/ca/root.pem"
  "dashboard|/ui/"
  "certificates|/ui/certificates"
  "status=valid|/ui/certificates?status=valid"
  "status=expired|/ui/certificates?status=expired"
  "status=revoked|/ui/certificates?status=revoked"
  "profile=client|/ui/certificates?profile=client"
  "expiring within 30 days|/ui/certificates?status=valid&within=30"
  "expired, by expiry|/ui/certificates?status=expired&sort=notAfter,desc"
  "by subject|/ui/certificates?sort=subject,asc"
  "q=one host|/ui/certificates?q=host-123456.example.com"
  "q=common text|/ui/certificates?q=example.com"
  "q=no match|/ui/certificates?q=nothing-like-this"
  "last reachable page|/ui/certificates?status=valid&page=399"
)
# One curl, one keep-alive connection, the pages in rounds (one request of each page a round), so that a change of
# the machine's load in the meantime falls on every page alike: WARMUP unrecorded rounds, then REQUESTS recorded.
log "measuring ${#PAGES[@]} pages: $WARMUP warm-up rounds, $REQUESTS recorded rounds"
config=$OUT/rounds.curl
: > "$config"
for _ in $(seq $((WARMUP + REQUESTS))); do
  for entry in "${PAGES[@]}"; do printf 'url = "%s%s"\noutput = /dev/null\n' "$BASE" "${entry#*|}" >> "$config"; done
done
"${CURL[@]}" -H 'Accept: text/html' -K "$config" -w '%{http_code} %{time_total}\n' > "$OUT/rounds.raw"
if grep -qv '^200 ' "$OUT/rounds.raw"; then echo "not every answer was 200: $(grep -v '^200 ' "$OUT/rounds.raw" | head -1)" >&2; exit 1; fi

"${CURL[@]}" -H 'Accept: text/html' "$BASE/ui/" > "$OUT/dashboard.html"
counts=$(psql -qtAc "SELECT count(*) FILTER (WHERE status = 'VALID' AND not_after > now()),
  count(*) FILTER (WHERE status = 'REVOKED'), count(*) FILTER (WHERE status = 'VALID' AND not_after <= now()),
  count(*) FILTER (WHERE status = 'VALID' AND not_after > now() AND not_after < now() + interval '30 days'),
  count(*) FROM certificate WHERE status <> 'PENDING'")

python3 - "$OUT" "$RESULTS" "$counts" "$insert_seconds" "$CERTIFICATES" "$REQUESTS" "$WARMUP" "${PAGES[@]}" <<'PY'
import re, sys, pathlib
out, results, counts, insert_seconds, certificates, requests, warmup = sys.argv[1:8]
pages = sys.argv[8:]
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]
rows, base95 = [], None
lines = pathlib.Path(out, 'rounds.raw').read_text().split('\n')[:-1]
recorded = lines[int(warmup) * len(pages):]
for i, entry in enumerate(pages):
    name, path = entry.split('|', 1)
    ms = [float(line.split()[1]) * 1000 for line in recorded[i::len(pages)]]
    p50, p95, p99 = pct(ms, 50), pct(ms, 95), pct(ms, 99)
    if name == 'baseline':
        base95 = p95
    rows.append((name, path, p50, p95, p99, max(ms)))
html = pathlib.Path(out, 'dashboard.html').read_text()
shown = [re.search(r'id="count-%s"[^>]*>([^<]*)<' % k, html).group(1).strip() for k in ('valid', 'revoked', 'expired', 'expiring')]
sql = counts.strip().split('|')
with open(results, 'a') as f:
    f.write(f"- {certificates} generated certificates (+ the CA's and 20 issued through the API: {sql[4]} in all),"
            f" inserted with the tally trigger and analysed in {float(insert_seconds):.0f} s\n")
    f.write(f"- {warmup} unrecorded then {requests} recorded rounds of sequential requests, one of each page a round,"
            " on one keep-alive HTTPS connection (curl, mutual TLS, bootstrap administrator); times are curl's"
            " time_total\n\n")
    f.write("| page | path | p50 ms | p95 ms | p99 ms | max ms | p95 / baseline p95 |\n|---|---|---:|---:|---:|---:|---:|\n")
    for name, path, p50, p95, p99, mx in rows:
        f.write(f"| {name} | `{path}` | {p50:.1f} | {p95:.1f} | {p99:.1f} | {mx:.1f} | {p95 / base95:.1f} |\n")
    f.write("\nDashboard counts (valid, revoked, expired, expiring in 30 days) shown: " + ", ".join(shown)
            + "; counted in SQL: " + ", ".join(sql[:4]) + (" (equal)" if shown == sql[:4] else " (DIFFERENT)") + "\n")
PY
{
  echo
  echo "Tally rows: $(psql -qtAc "SELECT (SELECT count(*) FROM certificate_expiry_tally) || ' by expiry day, ' || (SELECT count(*) FROM certificate_creation_tally) || ' by creation day'");" \
    "table $(psql -qtAc "SELECT pg_size_pretty(pg_table_size('certificate'))"), indexes $(psql -qtAc "SELECT pg_size_pretty(pg_indexes_size('certificate'))")"
} >> "$RESULTS"
sed -i "1i # Console benchmark $(date -u +%FT%TZ)\n\n- host: $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); $(psql -qtAc 'SHOW server_version')\n- git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')" "$RESULTS"
cat "$RESULTS"
ln -sfn "$OUT" "$ROOT/bench-results/console-latest"
