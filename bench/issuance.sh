#!/usr/bin/env bash
# Issuance benchmark, in one run (see bench/README.md):
#   1. builds the jar and the benchmark classes;
#   2. for each CA key algorithm (EC P-256, RSA-2048): starts Hallmark on a fresh data directory and
#      drives POST /api/v1/certificates over HTTPS with mutual TLS and keep-alive at each concurrency,
#      once for each CA key store (software: encrypted keys in the database; pkcs11: the CA keys
#      generated in a SoftHSM2 token that this script initialises, every CA signature made in it),
#      then Debian's `cfssl serve` with a CA of the same algorithm signing the same CSR, with the same load
#      generator (dev.hallmark.bench.LoadGenerator) at the same concurrency, twice: over plain HTTP without a
#      database, and like for like with Hallmark: HTTPS (-tls-cert/-tls-key) with mutual TLS (-mutual-tls-ca,
#      a client certificate per connection as Hallmark's administrator) and its certificate database
#      (-db-config, SQLite: every signed certificate is inserted before it is answered);
#   3. measures the load generator's own ceiling against trivial endpoints of both servers;
#   4. runs the in-process JMH benchmarks (IssuanceBenchmark, CryptoProviderBenchmark);
#   5. writes bench-results/<time>/results.md (table with Hallmark/cfssl ratios) and raw files.
#
# Environment knobs (defaults in brackets):
#   BENCH_CONCURRENCY ["16 64"]  BENCH_WARMUP [10] s  BENCH_DURATION [15] s
#   BENCH_PREWARM [45] s: an unrecorded issuance run right after each Hallmark start, for the JIT
#   BENCH_ALGORITHMS ["EC_P256 RSA_2048"]  BENCH_KEY_STORES ["software pkcs11"]
#   BENCH_SKIP [""] words from: build ceiling cfssl hallmark jmh
#   BENCH_SERVER_OPTS ["-Xms1g -Xmx1g"] (Hallmark's JVM)  BENCH_LOAD_OPTS ["-Xmx256m"] (load generator's JVM)
#   BENCH_SERVER_JAVA [java]: the java that runs Hallmark (e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java); the
#     jar is built for 17, the load generator and cfssl stay the same, so two runs compare JDKs by their ratios
#   BENCH_PROFILE [0]: 1 records a JFR profile of Hallmark during the last issuance run of each
#     algorithm and writes its top frames (bench/jfr-top.py) beside the results
#   BENCH_JMH_OPTS ["-f 1 -wi 3 -w 2s -i 5 -r 2s"]  MVN ["mvn -q -B"]
#   BENCH_START_TIMEOUT [300] s: how long a server may take to start (a busy machine needs minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CONCURRENCY=${BENCH_CONCURRENCY:-"16 64"}
WARMUP=${BENCH_WARMUP:-10}
DURATION=${BENCH_DURATION:-15}
PREWARM=${BENCH_PREWARM:-45}
ALGORITHMS=${BENCH_ALGORITHMS:-"EC_P256 RSA_2048"}
KEY_STORES=${BENCH_KEY_STORES:-"software pkcs11"}
SKIP=" ${BENCH_SKIP:-} "
SERVER_OPTS=${BENCH_SERVER_OPTS:-"-Xms1g -Xmx1g"}
LOAD_OPTS=${BENCH_LOAD_OPTS:-"-Xmx256m"}
SERVER_JAVA=${BENCH_SERVER_JAVA:-java}
PROFILE=${BENCH_PROFILE:-0}
JMH_OPTS=${BENCH_JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s"}
MVN=${MVN:-"mvn -q -B"}
HTTPS_PORT=${BENCH_HTTPS_PORT:-18443}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
CFSSL_PORT=${BENCH_CFSSL_PORT:-18888}
CFSSL_TLS_PORT=${BENCH_CFSSL_TLS_PORT:-18889}
START_TIMEOUT=${BENCH_START_TIMEOUT:-300}

OUT=$ROOT/bench-results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
ln -sfn "$OUT" "$ROOT/bench-results/latest"
TSV=$OUT/load.tsv
: > "$TSV"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log"; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }

SERVER_PID=
cleanup() { [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; true; }
trap cleanup EXIT

# --- 1. build --------------------------------------------------------------------------------
if ! skipped build; then
  log "building (mvn package -DskipTests, benchmark class path)"
  $MVN package -DskipTests
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/bench-classpath.txt)"
LOAD="java $LOAD_OPTS -cp $CP dev.hallmark.bench.LoadGenerator"

command -v cfssl >/dev/null || { skipped cfssl || { echo "cfssl missing: apt-get install -y golang-cfssl" >&2; exit 1; }; }
command -v sqlite3 >/dev/null || { skipped cfssl || { echo "sqlite3 missing: apt-get install -y sqlite3" >&2; exit 1; }; }
SOFTHSM_LIBRARY=
if [[ " $KEY_STORES " == *" pkcs11 "* ]] && ! skipped hallmark; then
  command -v softhsm2-util >/dev/null || { echo "softhsm2 missing: apt-get install -y softhsm2" >&2; exit 1; }
  for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
    [[ -f $candidate ]] && { SOFTHSM_LIBRARY=$candidate; break; }
  done
  [[ -n $SOFTHSM_LIBRARY ]] || { echo "libsofthsm2.so not found: apt-get install -y softhsm2" >&2; exit 1; }
fi

{
  echo "date: $(date -u +%FT%TZ)"
  echo "host: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); Hallmark on: $("$SERVER_JAVA" -version 2>&1 | head -1)"
  echo "cfssl: $(cfssl version 2>/dev/null | head -1 || echo missing)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "hallmark JVM: $SERVER_OPTS; load generator JVM: $LOAD_OPTS; CA key stores: $KEY_STORES"
  [[ -z $SOFTHSM_LIBRARY ]] || echo "softhsm2: $(softhsm2-util --version 2>/dev/null), $SOFTHSM_LIBRARY, file object store"
  echo "concurrency: $CONCURRENCY; warm-up ${WARMUP}s (Hallmark: plus one ${PREWARM}s pre-warm run per start); measured ${DURATION}s per point"
} > "$OUT/environment.txt"

# --- the CSR every server signs -----------------------------------------------------------------
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$OUT/bench.key" \
  -subj "/CN=bench.example" -addext "subjectAltName=DNS:bench.example" -out "$OUT/bench.csr" 2>/dev/null
python3 -c 'import json,sys; print(json.dumps({"certificate_request": open(sys.argv[1]).read()}))' "$OUT/bench.csr" \
  > "$OUT/cfssl-sign.json" 2>/dev/null \
  || printf '{"certificate_request": "%s"}' "$(awk '{printf "%s\\n", $0}' "$OUT/bench.csr")" > "$OUT/cfssl-sign.json"

wait_for() { # url, curl args...
  local url=$1; shift
  for _ in $(seq $((START_TIMEOUT * 2))); do
    if curl -s -o /dev/null -w '%{http_code}' "$@" "$url" 2>/dev/null | grep -q '^2'; then return 0; fi
    sleep 0.5
  done
  echo "timed out waiting for $url" >&2; return 1
}

load() { # label concurrency url [args...]
  local label=$1 c=$2 url=$3; shift 3
  $LOAD --url "$url" --concurrency "$c" --warmup "$WARMUP" --duration "$DURATION" --label "$label" \
    --server-pid "$SERVER_PID" --tsv-out "$TSV" "$@" | tee -a "$OUT/run.log"
}

# --- 2a. Hallmark ------------------------------------------------------------------------------
hallmark() { # algorithm key-store
  local alg=$1 store=$2 name data pkcs11=() environment=(HALLMARK_CA_PASSWORD=bench-only-password)
  # software keeps the names of earlier runs (label "hallmark EC_P256"); pkcs11 is "hallmark-pkcs11 EC_P256"
  name=hallmark$([[ $store == software ]] || echo "-$store")
  data=$OUT/$name-$alg
  log "Hallmark $alg, CA keys: $store; fresh data dir $data"
  if [[ $store == pkcs11 ]]; then
    # a token of its own per run: SoftHSM2 reads SOFTHSM2_CONF when the service loads it
    local tokens=$OUT/softhsm-$alg
    mkdir -p "$tokens/tokens"
    printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$tokens/tokens" \
      > "$tokens/softhsm2.conf"
    SOFTHSM2_CONF=$tokens/softhsm2.conf softhsm2-util --init-token --free --label "bench-$alg" \
      --so-pin 87654321 --pin 24681357 >> "$OUT/run.log"
    pkcs11=(--hallmark.ca.key-store=pkcs11 --hallmark.ca.pkcs11.library="$SOFTHSM_LIBRARY"
      --hallmark.ca.pkcs11.token-label="bench-$alg")
    environment+=(SOFTHSM2_CONF="$tokens/softhsm2.conf" HALLMARK_PKCS11_PIN=24681357)
  fi
  # shellcheck disable=SC2086
  env "${environment[@]}" "$SERVER_JAVA" $SERVER_OPTS -jar "$ROOT/target/hallmark.jar" \
    --server.port=$HTTPS_PORT --hallmark.http.port=$HTTP_PORT --hallmark.data-dir="$data" \
    --hallmark.ca.key-algorithm="$alg" "${pkcs11[@]}" > "$OUT/$name-$alg.log" 2>&1 &
  SERVER_PID=$!
  wait_for "https://localhost:$HTTPS_PORT/actuator/health" -k
  if [[ $store == pkcs11 ]] && ! grep -q "CA keys: PKCS#11 token 'bench-$alg'" "$OUT/$name-$alg.log"; then
    echo "Hallmark did not put its CA keys into the SoftHSM2 token; see $OUT/$name-$alg.log" >&2; exit 1
  fi
  local b=$data/bootstrap
  curl -sf --cacert "$b/root-ca.pem" --cert "$b/admin.crt" --key "$b/admin.key" -H 'Content-Type: application/pkcs10' \
    --data-binary @"$OUT/bench.csr" "https://localhost:$HTTPS_PORT/api/v1/certificates?profile=server&validityDays=30" \
    > "$OUT/$name-$alg-sample.pem"
  openssl verify -x509_strict -CAfile "$b/root-ca.pem" -untrusted "$b/ca-chain.pem" "$OUT/$name-$alg-sample.pem" \
    >> "$OUT/run.log"
  local mtls=(--pkcs12 "$b/admin.p12" --pkcs12-password-file "$b/admin.p12.password" --trust "$b/root-ca.pem")
  # the JIT needs far longer than cfssl's warm-up on two busy cores: one unrecorded run first
  $LOAD --url "https://localhost:$HTTPS_PORT/api/v1/certificates?profile=server&validityDays=30" \
    --body-file "$OUT/bench.csr" --content-type application/pkcs10 --expect-status 201 "${mtls[@]}" \
    --concurrency "${CONCURRENCY%% *}" --warmup 0 --duration "$PREWARM" --label "$name $alg pre-warm (not recorded)" \
    --server-pid "$SERVER_PID" | tee -a "$OUT/run.log"
  local last=${CONCURRENCY##* }
  for c in $CONCURRENCY; do
    if [[ $PROFILE == 1 && $c == "$last" ]]; then
      jcmd $SERVER_PID JFR.start name=bench settings=profile filename="$OUT/$name-$alg.jfr" > /dev/null
    fi
    load "$name $alg" "$c" "https://localhost:$HTTPS_PORT/api/v1/certificates?profile=server&validityDays=30" \
      --body-file "$OUT/bench.csr" --content-type application/pkcs10 --expect-status 201 "${mtls[@]}"
    if [[ $PROFILE == 1 && $c == "$last" ]]; then
      jcmd $SERVER_PID JFR.stop name=bench > /dev/null
      python3 "$ROOT/bench/jfr-top.py" "$OUT/$name-$alg.jfr" 40 > "$OUT/$name-$alg-profile.txt" || true
    fi
  done
  # the floor of TLS + mutual TLS + Tomcat + Spring, measured once the JIT has compiled the server
  if [[ $alg == EC_P256 && $store == software ]] && ! skipped ceiling; then
    for c in $CONCURRENCY; do
      load "ceiling hallmark GET /ca/root.pem (https mTLS)" "$c" "https://localhost:$HTTPS_PORT/ca/root.pem" "${mtls[@]}"
    done
  fi
  kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true; SERVER_PID=
}

# --- 2c. cfssl serve -----------------------------------------------------------------------------
cfssl_run() { # algorithm
  local alg=$1 dir=$OUT/cfssl-$1 key
  mkdir -p "$dir"
  case $alg in
    EC_P256) key='{"algo":"ecdsa","size":256}' ;;
    RSA_2048) key='{"algo":"rsa","size":2048}' ;;
    *) echo "no cfssl CA for $alg" >&2; return ;;
  esac
  log "cfssl $alg"; echo '{}' > "$OUT/empty.json"
  (cd "$dir" \
    && echo "{\"CN\":\"Bench cfssl $alg CA\",\"key\":$key}" > ca-csr.json \
    && cfssl genkey -initca ca-csr.json 2>/dev/null | cfssljson -bare ca \
    && echo '{"signing":{"default":{"expiry":"720h","usages":["digital signature","server auth"]}}}' > config.json)
  cfssl serve -address 127.0.0.1 -port "$CFSSL_PORT" -ca "$dir/ca.pem" -ca-key "$dir/ca-key.pem" \
    -config "$dir/config.json" -loglevel 2 > "$OUT/cfssl-$alg.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$CFSSL_PORT/api/v1/cfssl/info" -d '{}'
  curl -sf -d @"$OUT/cfssl-sign.json" "http://127.0.0.1:$CFSSL_PORT/api/v1/cfssl/sign" > "$OUT/cfssl-$alg-sample.json"
  if [[ $alg == EC_P256 ]] && ! skipped ceiling; then
    for c in $CONCURRENCY; do
      load "ceiling cfssl POST /info (http)" "$c" "http://127.0.0.1:$CFSSL_PORT/api/v1/cfssl/info" \
        --method POST --body-file "$OUT/empty.json" --content-type application/json --expect-status 200
    done
  fi
  for c in $CONCURRENCY; do
    load "cfssl $alg" "$c" "http://127.0.0.1:$CFSSL_PORT/api/v1/cfssl/sign" \
      --body-file "$OUT/cfssl-sign.json" --content-type application/json --expect-status 200
  done
  kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true; SERVER_PID=

  # like for like: HTTPS, mutual TLS and a durable record of every certificate, as Hallmark does
  cfssl_tls_material
  rm -f "$dir/certs.db"
  # cfssl's certdb schema (certdb/sqlite/migrations/001_CreateCertificates.sql, the columns Debian's cfssl 1.2.0
  # inserts); SQLite's defaults (rollback journal, synchronous=FULL) sync each commit to disk
  sqlite3 "$dir/certs.db" <<'SQL'
CREATE TABLE certificates (serial_number blob NOT NULL, authority_key_identifier blob NOT NULL, ca_label blob,
  status blob NOT NULL, reason int, expiry timestamp, revoked_at timestamp, pem blob NOT NULL,
  PRIMARY KEY (serial_number, authority_key_identifier));
CREATE TABLE ocsp_responses (serial_number blob NOT NULL, authority_key_identifier blob NOT NULL, body blob NOT NULL,
  expiry timestamp, PRIMARY KEY (serial_number, authority_key_identifier),
  FOREIGN KEY (serial_number, authority_key_identifier) REFERENCES certificates (serial_number, authority_key_identifier));
SQL
  echo "{\"driver\":\"sqlite3\",\"data_source\":\"$dir/certs.db\"}" > "$dir/db-config.json"
  log "cfssl $alg with TLS, mutual TLS and its SQLite certificate database"
  local t=$OUT/cfssl-tls
  cfssl serve -address 127.0.0.1 -port "$CFSSL_TLS_PORT" -ca "$dir/ca.pem" -ca-key "$dir/ca-key.pem" \
    -config "$dir/config.json" -tls-cert "$t/server.pem" -tls-key "$t/server.key" -mutual-tls-ca "$t/ca.pem" \
    -db-config "$dir/db-config.json" -loglevel 2 > "$OUT/cfssl-full-$alg.log" 2>&1 &
  SERVER_PID=$!
  local mtls=(--cacert "$t/ca.pem" --cert "$t/client.pem" --key "$t/client.key")
  wait_for "https://127.0.0.1:$CFSSL_TLS_PORT/api/v1/cfssl/info" -d '{}' "${mtls[@]}"
  curl -sf "${mtls[@]}" -d @"$OUT/cfssl-sign.json" "https://127.0.0.1:$CFSSL_TLS_PORT/api/v1/cfssl/sign" \
    > "$OUT/cfssl-full-$alg-sample.json"
  [[ $(sqlite3 "$dir/certs.db" 'SELECT count(*) FROM certificates') -ge 1 ]] \
    || { echo "cfssl did not record its certificate in $dir/certs.db" >&2; exit 1; }
  for c in $CONCURRENCY; do
    load "cfssl-full $alg" "$c" "https://127.0.0.1:$CFSSL_TLS_PORT/api/v1/cfssl/sign" \
      --body-file "$OUT/cfssl-sign.json" --content-type application/json --expect-status 200 \
      --pkcs12 "$t/client.p12" --pkcs12-password-file "$t/client.p12.password" --trust "$t/ca.pem"
  done
  log "cfssl $alg: $(sqlite3 "$dir/certs.db" 'SELECT count(*) FROM certificates') certificates recorded"
  kill $SERVER_PID; wait $SERVER_PID 2>/dev/null || true; SERVER_PID=
}

cfssl_tls_material() { # a TLS CA, cfssl's server certificate and the load generator's client certificate (P-256)
  local t=$OUT/cfssl-tls
  [[ -f $t/client.p12 ]] && return
  mkdir -p "$t"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Bench TLS CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -keyout "$t/ca.key" \
    -out "$t/ca.pem" 2>/dev/null
  local name ext
  for name in server client; do
    [[ $name == server ]] && ext="subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth" \
      || ext="extendedKeyUsage=clientAuth"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bench $name" \
      -keyout "$t/$name.key" -out "$t/$name.csr" 2>/dev/null
    openssl x509 -req -in "$t/$name.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial -days 2 \
      -extfile <(printf "$ext\n") -out "$t/$name.pem" 2>/dev/null
  done
  echo bench-only > "$t/client.p12.password"
  openssl pkcs12 -export -inkey "$t/client.key" -in "$t/client.pem" -passout file:"$t/client.p12.password" \
    -out "$t/client.p12"
}

for alg in $ALGORITHMS; do
  if ! skipped hallmark; then
    for store in $KEY_STORES; do hallmark "$alg" "$store"; done
  fi
  skipped cfssl || cfssl_run "$alg"
done

# --- 2b. in-process JMH --------------------------------------------------------------------------
if ! skipped jmh; then
  log "JMH: IssuanceBenchmark, CryptoProviderBenchmark ($JMH_OPTS)"
  # shellcheck disable=SC2086
  java -Xmx1g -cp "$CP" org.openjdk.jmh.Main 'dev.hallmark.bench.(Issuance|CryptoProvider)Benchmark' $JMH_OPTS \
    -rf csv -rff "$OUT/jmh.csv" > "$OUT/jmh.log" 2>&1 || { tail -30 "$OUT/jmh.log"; exit 1; }
  sed -n '/^Benchmark/,$p' "$OUT/jmh.log" | tee -a "$OUT/run.log"
fi

# --- 5. the table --------------------------------------------------------------------------------
bash "$ROOT/bench/report.sh" "$OUT" > "$OUT/results.md"
cat "$OUT/results.md"
log "results in $OUT"
