#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster and creates the database the PostgreSQL test uses.
# Source it to get HALLMARK_TEST_POSTGRES_URL: `. .ci/postgres.sh` (as root).
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $2}' | grep -qx main || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for i in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 1; done
runuser -u postgres -- psql -q -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='hallmark')
  THEN CREATE ROLE hallmark LOGIN PASSWORD 'hallmark'; END IF; END\$\$;"
runuser -u postgres -- psql -tAq -c "SELECT 1 FROM pg_database WHERE datname='hallmark_test'" | grep -q 1 \
  || runuser -u postgres -- psql -q -c "CREATE DATABASE hallmark_test OWNER hallmark"
export HALLMARK_TEST_POSTGRES_URL="jdbc:postgresql://localhost:5432/hallmark_test"
