#!/usr/bin/env bash
# A streaming replica of the loopback PostgreSQL that scripts/postgres.sh runs: made once with
# pg_basebackup (through a replication slot, so the primary keeps the WAL it has not received), started
# when it is not running. Prints its port. As root, like postgres.sh.
set -euo pipefail

"$(dirname "$0")/postgres.sh" >/dev/null
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
bin=/usr/lib/postgresql/$version/bin
primary=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
dir=/var/lib/postgresql/$version/pouch-replica
port=${POUCH_REPLICA_PORT:-5433}
as_postgres() { runuser -u postgres -- "$@"; }

# The role that streams WAL.
as_postgres psql -q -p "$primary" -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pouch_replication') THEN
    CREATE ROLE pouch_replication LOGIN REPLICATION PASSWORD 'pouch';
  END IF; END \$\$;" >&2
# The tests' role may pause the replica's replay, to see what reads it: granted in template1, so every
# database the tests create has it.
as_postgres psql -q -p "$primary" -d template1 \
  -c "GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO pouch" >&2

# A replica left from another primary (the cluster was made again) is made again too.
primary_id=$(as_postgres psql -Atq -p "$primary" -c "SELECT system_identifier FROM pg_control_system()")
replica_id=$("$bin/pg_controldata" "$dir" 2>/dev/null | awk -F': *' '/^Database system identifier/ { print $2 }' || true)
if [ ! -f "$dir/standby.signal" ] || [ "$replica_id" != "$primary_id" ]; then
  as_postgres "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  as_postgres psql -q -p "$primary" -c "SELECT pg_drop_replication_slot('pouch_replica')
    FROM pg_replication_slots WHERE slot_name = 'pouch_replica'" >/dev/null
  as_postgres env PGPASSWORD=pouch "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary" -U pouch_replication \
    -D "$dir" -R -X stream -C -S pouch_replica -c fast >&2
  # Debian keeps a cluster's configuration in /etc: the replica gets its own, beside its data.
  as_postgres tee "$dir/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
hot_standby = on
max_connections = 300
unix_socket_directories = '/var/run/postgresql'
EOF
  printf 'local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n' | as_postgres tee "$dir/pg_hba.conf" >/dev/null
fi
if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >&2
fi
# A test that paused replay and died leaves it paused: a replica starts every run replaying.
as_postgres psql -q -p "$port" -c "SELECT pg_wal_replay_resume()" >/dev/null
echo "$port"
