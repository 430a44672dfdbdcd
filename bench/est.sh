#!/usr/bin/env bash
# EST simpleenroll throughput beside the REST bearer-token path, in one run against one service
# (the shared test service: HTTPS on a random port, H2, fresh data directory).
# Usage: bench/est.sh [requests-per-round] [concurrency] [rounds]
# Result: printed, and written to target/est-benchmark.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS="${1:-200}"
CONCURRENCY="${2:-4}"
ROUNDS="${3:-5}"
mkdir -p target
mvn -q -B test -Dtest=EstBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.requests="$REQUESTS" -Dbench.concurrency="$CONCURRENCY" -Dbench.rounds="$ROUNDS" \
  -Dlogging.level.dev.hallmark.audit=warn > target/est-benchmark.log 2>&1 || { tail -50 target/est-benchmark.log; exit 1; }
cat target/est-benchmark.txt
