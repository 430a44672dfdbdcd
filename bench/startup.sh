#!/usr/bin/env bash
# Start-up and memory benchmark (issue 13), every variant in one run so that they can be compared as ratios:
# for each variant, a first start on an empty data directory (bootstrap), then restarts. Per start: wall time
# from launching the JVM to its first answered HTTPS request, the server's CPU time (user+sys) until then,
# classes loaded, RSS then, RSS after 10 s idle, and RSS after a load (wrk: OCSP POST with nonce on the plain
# HTTP port and GET /ca/root.pem over HTTPS, 16 connections, BENCH_LOAD seconds each, whose responses per second
# are recorded too: the same run tells whether the options cost throughput).
#   bash bench/startup.sh [restarts]     (default 2)
# Variants (BENCH_VARIANTS, default all):
#   jar17   java -jar target/hallmark.jar on Java 17 with the README's options (HALLMARK_JAVA_OPTS below)
#   plain17 the same with no JVM option at all
#   before17 plain java -jar of another build, BENCH_BEFORE_JAR (e.g. main's), for a before/after in one run
#   jar25   as jar17 on Java 25 (JAVA25, default Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64)
#   cds17   CDS on 17: extracted jar, a static archive of the classes a training run (-Dspring.context.exit=onRefresh)
#           loaded (the README's recipe)
#   aot25   Java 25's AOT cache: extracted jar, -XX:AOTCacheOutput in a training run, then -XX:AOTCache
#   bare17  bench/bare-app: a bare Spring Boot web app with Hallmark's starters, HTTPS, H2, one entity
#   bare25  the same on Java 25
#   barecds17, bareaot25  the bare app with archives made as for cds17 and aot25: the floor of those starts
#   cfssl   Debian's cfssl serve (POST /api/v1/cfssl/info), plain HTTP, no database
# Needs: java 17, maven (online), curl, openssl, wrk; Temurin 25 for jar25/aot25/bare25; golang-cfssl for cfssl.
# Environment: BENCH_JAR [target/hallmark.jar], BENCH_DATA_TEMPLATE (a data directory made by a first start:
# each variant restarts on a copy of it and makes no first start of its own), BENCH_OUT, BENCH_SKIP=build, BENCH_JAVA_OPTS (replaces the README's options), BENCH_STARTUP_PROFILE=1
# (each Hallmark start writes Spring's start-up steps, config/StartupProfile), BENCH_LOAD [10] s, MVN ["mvn -q -B"].
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RESTARTS=${1:-2}
MVN=${MVN:-"mvn -q -B"}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
VARIANTS=${BENCH_VARIANTS:-"jar17 plain17 cds17 jar25 aot25 bare17 bare25 barecds17 bareaot25 cfssl"}
LOAD_SECONDS=${BENCH_LOAD:-10}
# the README's start options for a small deployment (README "Memory and start-up")
OPTS=${BENCH_JAVA_OPTS:-"-XX:+UseSerialGC -Xmx256m"}
PORT=${BENCH_HTTPS_PORT:-28443}
JAR=${BENCH_JAR:-$ROOT/target/hallmark.jar}
OUT=${BENCH_OUT:-$ROOT/bench-results/startup-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
for tool in curl openssl wrk; do
  command -v $tool >/dev/null || { echo "$tool is missing (apt-get install -y $tool)" >&2; exit 1; }
done
if [[ " ${BENCH_SKIP:-} " != *" build "* ]]; then
  $MVN package -DskipTests
  (cd bench/bare-app && $MVN package -DskipTests)
fi
{
  echo "date: $(date -u +%FT%TZ); $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java 17: $($JAVA17 -version 2>&1 | head -1); java 25: $($JAVA25 -version 2>&1 | head -1 || echo missing)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "options of jar17, jar25, cds17, aot25, bare*: $OPTS"
} | tee "$OUT/environment.txt"

PID=
cleanup() { [[ -z $PID ]] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }; true; }
trap cleanup EXIT
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }

# launch <label> <url> <command...>: starts the server, waits for its first answer, records the figures, then
# idles, loads it (Hallmark only) and stops it
launch() {
  local label=$1 url=$2 t0 t1 cpu classes rss0 rss_idle rss_load=- ocsp=- tls=-; shift 2
  # another server on the port would be timed instead (a shared machine runs other benchmarks)
  ! curl -sk -o /dev/null --max-time 2 "$url" || { echo "$url answers before $label started: port in use" >&2; exit 1; }
  t0=$(date +%s%N)
  HALLMARK_CA_PASSWORD=bench-only-password "$@" > "$OUT/$label.log" 2>&1 &
  PID=$!
  # answered, and by this server: what else listens on the port (another benchmark on the machine) does not count
  local port; port=$(sed -E 's|^[a-z]+://[^:/]+:([0-9]+).*|\1|' <<< "$url")
  until curl -sk -o /dev/null --max-time 2 "$url" && ss -Hltnp "sport = :$port" | grep -q "pid=$PID,"; do
    kill -0 $PID 2>/dev/null || { echo "$label exited, see $OUT/$label.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  cpu=$(awk -v t="$(getconf CLK_TCK)" '{print int(($14+$15)*1000/t)}' /proc/$PID/stat)
  rss0=$(rss $PID)
  classes=$(jcmd $PID PerfCounter.print 2>/dev/null | awk -F= '/^java.cls.loadedClasses=/ {l=$2} /^java.cls.unloadedClasses=/ {u=$2} END {print (l == "" ? "-" : l - u)}')
  sleep 10
  rss_idle=$(rss $PID)
  if [[ $label == hallmark-* && -f ${DATA:-}/bootstrap/ca-chain.pem ]]; then
    load_hallmark "$label"; rss_load=$(rss $PID)
    ocsp=$(awk '/Requests\/sec/ {print int($2)}' "$OUT/$label-wrk-ocsp.txt"); tls=$(awk '/Requests\/sec/ {print int($2)}' "$OUT/$label-wrk-tls.txt")
  fi
  printf '%s\t%d\t%d\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n' "$label" $(((t1 - t0) / 1000000)) "$cpu" "$classes" "$rss0" "$rss_idle" \
    "$rss_load" "${ocsp:--}" "${tls:--}" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/startup.tsv"
  kill $PID; wait $PID 2>/dev/null || true; PID=
}

load_hallmark() { # label: OCSP with nonce (signed per request) on the plain port, TLS on the HTTPS port
  local b=$DATA/bootstrap
  [[ -f $OUT/nonce.der ]] || {
    awk '/BEGIN/ {n++} n == 1' "$b/ca-chain.pem" > "$OUT/issuing.pem"
    openssl ocsp -issuer "$OUT/issuing.pem" -cert "$b/admin.crt" -nonce -reqout "$OUT/nonce.der" > /dev/null
  }
  OCSP_REQUEST=$OUT/nonce.der wrk -t2 -c16 -d"$LOAD_SECONDS" -s "$ROOT/bench/ocsp-post.lua" \
    "http://127.0.0.1:$((PORT + 1))/ocsp" > "$OUT/$1-wrk-ocsp.txt" 2>&1 || true
  wrk -t2 -c16 -d"$LOAD_SECONDS" "https://127.0.0.1:$PORT/ca/root.pem" > "$OUT/$1-wrk-tls.txt" 2>&1 || true
}

hallmark_args=(--server.port="$PORT" --hallmark.http.port=$((PORT + 1)))
profile() { [[ ${BENCH_STARTUP_PROFILE:-0} == 1 ]] && echo "-Dhallmark.startup-profile=$OUT/$1.tsv" || true; }

# variant <name> <java> <jar> <options...>: a first start, then restarts
hallmark_variant() {
  local name=$1 java=$2 jar=$3; shift 3
  DATA=$OUT/data-$name
  if [[ -n ${BENCH_DATA_TEMPLATE:-} ]]; then
    cp -r "$BENCH_DATA_TEMPLATE" "$DATA"
  else
    # shellcheck disable=SC2046
    launch "hallmark-$name-first" "https://localhost:$PORT/actuator/health" \
      $java "$@" $(profile "$name-first") -jar "$jar" "${hallmark_args[@]}" --hallmark.data-dir="$DATA"
  fi
  for i in $(seq "$RESTARTS"); do
    # shellcheck disable=SC2046
    launch "hallmark-$name-restart-$i" "https://localhost:$PORT/actuator/health" \
      $java "$@" $(profile "$name-restart-$i") -jar "$jar" "${hallmark_args[@]}" --hallmark.data-dir="$DATA"
  done
}

# extract <java> <dir>: Spring Boot's extracted layout (dir/<jar name> plus dir/lib), as CDS and AOT need
extract() {
  rm -rf "$2"; $1 -Djarmode=tools -jar "$JAR" extract --destination "$2" > /dev/null
}

# train <java> <dir> <option>: starts up to the refreshed context on a data directory of its own and exits
train() {
  local java=$1 dir=$2; shift 2
  # shellcheck disable=SC2086
  HALLMARK_CA_PASSWORD=bench-only-password $java $OPTS "$@" -Dspring.context.exit=onRefresh -jar "$dir/$(basename "$JAR")" \
    "${hallmark_args[@]}" --hallmark.data-dir="$dir/training-data" > "$dir/training.log" 2>&1
}

BARE_JAR=$ROOT/bench/bare-app/target/bare-app.jar
bare_data() { # dir: a data directory with the bare app's TLS key and certificate
  mkdir -p "$1"
  [[ -f $OUT/bare-tls.key ]] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj /CN=localhost -keyout "$OUT/bare-tls.key" -out "$OUT/bare-tls.crt" 2>/dev/null
  cp "$OUT/bare-tls.key" "$1/tls.key" && cp "$OUT/bare-tls.crt" "$1/tls.crt"
}

bare() { # name java jar [options...]
  local name=$1 java=$2 jar=$3; shift 3
  local dir=$OUT/bare-$name
  bare_data "$dir"
  for i in first $(seq "$RESTARTS" | sed 's/^/restart-/'); do
    # shellcheck disable=SC2086
    launch "bare-$name-$i" "https://localhost:$PORT/hello" $java $OPTS "$@" -jar "$jar" \
      --server.port="$PORT" --bare.data-dir="$dir"
  done
}

# bare_train <java> <dir> <option>: the bare app's training run, from its extracted jar in dir
bare_train() {
  local java=$1 dir=$2; shift 2
  rm -rf "$dir"; $java -Djarmode=tools -jar "$BARE_JAR" extract --destination "$dir" > /dev/null
  bare_data "$dir/training-data"
  # shellcheck disable=SC2086
  $java $OPTS "$@" -Dspring.context.exit=onRefresh -jar "$dir/bare-app.jar" --server.port="$PORT" \
    --bare.data-dir="$dir/training-data" > "$dir/training.log" 2>&1
}

printf 'start\twall_ms\tcpu_ms\tclasses\trss_mb\trss_idle_mb\trss_after_load_mb\tocsp_nonce_rps\ttls_rps\tload1\n' | tee "$OUT/startup.tsv"
for variant in $VARIANTS; do
  case $variant in
    # shellcheck disable=SC2086
    jar17) hallmark_variant jar17 "$JAVA17" "$JAR" $OPTS ;;
    plain17) hallmark_variant plain17 "$JAVA17" "$JAR" ;;
    before17) hallmark_variant before17 "$JAVA17" "$BENCH_BEFORE_JAR" ;;
    # shellcheck disable=SC2086
    jar25) hallmark_variant jar25 "$JAVA25" "$JAR" $OPTS ;;
    cds17)
      extract "$JAVA17" "$OUT/cds17"
      # a static archive from the training run's class list (the README's recipe): 17.0.15 crashes writing a
      # dynamic one (-XX:ArchiveClassesAtExit), and a static one with the lambdas of the signed crypto jars
      train "$JAVA17" "$OUT/cds17" -XX:DumpLoadedClassList="$OUT/cds17/classes.lst" \
        || { printf 'cds17\ttraining run failed, see %s\n' "$OUT/cds17/training.log" | tee -a "$OUT/startup.tsv"; continue; }
      grep -v -E '^@lambda-proxy.*(com/amazon/corretto|org/bouncycastle)' "$OUT/cds17/classes.lst" > "$OUT/cds17/classes-cds.lst"
      # shellcheck disable=SC2086
      $JAVA17 $OPTS -Xshare:dump -XX:SharedClassListFile="$OUT/cds17/classes-cds.lst" \
        -XX:SharedArchiveFile="$OUT/cds17/hallmark.jsa" -cp "$OUT/cds17/$(basename "$JAR")" > "$OUT/cds17/dump.log" 2>&1 \
        || { printf 'cds17\tarchive dump failed, see %s\n' "$OUT/cds17/dump.log" | tee -a "$OUT/startup.tsv"; continue; }
      # shellcheck disable=SC2086
      hallmark_variant cds17 "$JAVA17" "$OUT/cds17/$(basename "$JAR")" $OPTS -XX:SharedArchiveFile="$OUT/cds17/hallmark.jsa" ;;
    aot25)
      extract "$JAVA25" "$OUT/aot25"
      train "$JAVA25" "$OUT/aot25" -XX:AOTCacheOutput="$OUT/aot25/hallmark.aot" \
        || { printf 'aot25\ttraining run failed, see %s\n' "$OUT/aot25/training.log" | tee -a "$OUT/startup.tsv"; continue; }
      # shellcheck disable=SC2086
      hallmark_variant aot25 "$JAVA25" "$OUT/aot25/$(basename "$JAR")" $OPTS -XX:AOTCache="$OUT/aot25/hallmark.aot" ;;
    bare17) bare 17 "$JAVA17" "$BARE_JAR" ;;
    bare25) bare 25 "$JAVA25" "$BARE_JAR" ;;
    barecds17)
      D=$OUT/barecds17
      bare_train "$JAVA17" "$D" -XX:DumpLoadedClassList="$OUT/barecds17.lst" \
        || { printf 'barecds17\ttraining run failed, see %s\n' "$D/training.log" | tee -a "$OUT/startup.tsv"; continue; }
      # shellcheck disable=SC2086
      $JAVA17 $OPTS -Xshare:dump -XX:SharedClassListFile="$OUT/barecds17.lst" -XX:SharedArchiveFile="$D/bare.jsa" \
        -cp "$D/bare-app.jar" > "$D/dump.log" 2>&1 \
        || { printf 'barecds17\tarchive dump failed, see %s\n' "$D/dump.log" | tee -a "$OUT/startup.tsv"; continue; }
      bare cds17 "$JAVA17" "$D/bare-app.jar" -XX:SharedArchiveFile="$D/bare.jsa" ;;
    bareaot25)
      D=$OUT/bareaot25
      bare_train "$JAVA25" "$D" -XX:AOTCacheOutput="$D/bare.aot" \
        || { printf 'bareaot25\ttraining run failed, see %s\n' "$D/training.log" | tee -a "$OUT/startup.tsv"; continue; }
      bare aot25 "$JAVA25" "$D/bare-app.jar" -XX:AOTCache="$D/bare.aot" ;;
    cfssl)
      command -v cfssl >/dev/null || { echo "cfssl missing: apt-get install -y golang-cfssl" >&2; exit 1; }
      mkdir -p "$OUT/cfssl"
      (cd "$OUT/cfssl" && echo '{"CN":"Bench cfssl CA","key":{"algo":"ecdsa","size":256}}' > ca-csr.json \
        && cfssl genkey -initca ca-csr.json 2>/dev/null | cfssljson -bare ca)
      for i in first $(seq "$RESTARTS" | sed 's/^/restart-/'); do
        launch "cfssl-$i" "http://127.0.0.1:$PORT/api/v1/cfssl/health" cfssl serve -address 127.0.0.1 -port "$PORT" \
          -ca "$OUT/cfssl/ca.pem" -ca-key "$OUT/cfssl/ca-key.pem" -loglevel 2
      done ;;
    *) echo "unknown variant $variant" >&2; exit 1 ;;
  esac
done
echo "results in $OUT"
