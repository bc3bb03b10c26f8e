#!/usr/bin/env bash
# Start a PostgreSQL server on loopback for the test suite and print its URL.
# Uses Debian's cluster tools when run as root (as CI does); prints nothing when it cannot.
set -euo pipefail
if [ -n "${SAFEPASSAGE_TEST_DATABASE_URL:-}" ]; then
  echo "$SAFEPASSAGE_TEST_DATABASE_URL"; exit 0
fi
command -v pg_lsclusters >/dev/null 2>&1 || exit 0
[ "$(id -u)" = "0" ] || exit 0
version=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1{print $1}')
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1{print $2}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  cluster=main
  pg_createcluster "$version" "$cluster" >/dev/null
fi
pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1 || true
port=$(pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
runuser -u postgres -- psql -q -h 127.0.0.1 -p "$port" -v ON_ERROR_STOP=1 -c \
  "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='safepassage') THEN
     CREATE ROLE safepassage LOGIN CREATEDB PASSWORD 'safepassage-test'; END IF; END \$\$;" >/dev/null 2>&1 \
  || runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -c \
  "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='safepassage') THEN
     CREATE ROLE safepassage LOGIN CREATEDB PASSWORD 'safepassage-test'; END IF; END \$\$;" >/dev/null
# amcheck in the template, usable by the test role: databases the tests create (the crash test
# makes its own) get it, so their indexes can be checked after a crash.
runuser -u postgres -- psql -q -p "$port" -d template1 -v ON_ERROR_STOP=1 -c \
  "CREATE EXTENSION IF NOT EXISTS amcheck;
   GRANT EXECUTE ON FUNCTION bt_index_check(regclass, boolean) TO safepassage;" >/dev/null 2>&1 || true
runuser -u postgres -- psql -q -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='safepassage'" | grep -q 1 \
  || runuser -u postgres -- createdb -p "$port" -O safepassage safepassage
echo "postgres://safepassage:safepassage-test@127.0.0.1:${port}/safepassage"
