#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on 127.0.0.1 for the tests, installing Debian's package when it
# is missing (as root, through system-packages.sh). Prints the admin URL the tests create their own databases with.
set -euo pipefail

"$(dirname "$0")/system-packages.sh" postgresql

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
conf=/etc/postgresql/$version/main
# Loopback only, a password for the test role, and room for the concurrency tests.
grep -q "^listen_addresses = '127.0.0.1'" "$conf/postgresql.conf" || echo "listen_addresses = '127.0.0.1'" >>"$conf/postgresql.conf"
grep -q "^max_connections = 300" "$conf/postgresql.conf" || echo "max_connections = 300" >>"$conf/postgresql.conf"
if ! pg_lsclusters -h | grep "^$version main" | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
su postgres -c "psql -q -p $port -c \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pouch') THEN
    CREATE ROLE pouch LOGIN CREATEDB PASSWORD 'pouch';
  END IF; END \\\$\\\$;\"" >&2
echo "postgres://pouch:pouch@127.0.0.1:$port/postgres"
