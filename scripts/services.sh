#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (JetStream) answer on their standard local ports (TECH-NOTES.md §2):
# nothing if they are up, start them if installed, apt-get install them if missing and we are root.
# Idempotent; safe to run before every start and test run.
set -euo pipefail

PG_PORT=5432; REDIS_PORT=6379; NATS_PORT=4222
STATE_DIR="${DOCORA_SERVICES_DIR:-/var/lib/docora-services}"
DB_NAME="${DOCORA_DB_NAME:-docora}"

log() { printf '[services] %s\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && exec 3>&- 3<&-; }
wait_port() { for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done; log "$2 did not come up on :$1"; return 1; }

missing=()
port_open $PG_PORT || command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
port_open $REDIS_PORT || command -v redis-server >/dev/null || missing+=(redis-server)
port_open $NATS_PORT || command -v nats-server >/dev/null || missing+=(nats-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then log "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"; exit 1; fi
  log "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mkdir -p "$STATE_DIR"

if ! port_open $PG_PORT; then
  read -r V C < <(pg_lsclusters -h | head -1 | awk '{print $1, $2}')
  hba="$(pg_conftool -s "$V" "$C" show hba_file)"
  sed -i -E 's/^(local|host)(\s+\S+\s+\S+\s+(\S+\s+)?)(peer|scram-sha-256|md5)$/\1\2trust/' "$hba"
  log "starting PostgreSQL $V/$C"
  pg_ctlcluster --skip-systemctl-redirect "$V" "$C" start 2>/dev/null || pg_ctlcluster "$V" "$C" start
  wait_port $PG_PORT PostgreSQL
fi
# The role and database the defaults point at (DATABASE_URL=postgres://root@127.0.0.1:5432/docora).
if ! psql -h 127.0.0.1 -U root -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE ROLE root SUPERUSER LOGIN' >/dev/null
fi
if [ "$(psql -h 127.0.0.1 -U root -d postgres -tAc "select 1 from pg_database where datname='$DB_NAME'")" != 1 ]; then
  psql -h 127.0.0.1 -U root -d postgres -qc "CREATE DATABASE \"$DB_NAME\"" >/dev/null && log "created database $DB_NAME"
fi

if ! port_open $REDIS_PORT; then
  log "starting Redis"
  # noeviction: BullMQ must never lose a job key (TECH-NOTES.md).
  redis-server --bind 127.0.0.1 --port $REDIS_PORT --daemonize yes --save '' --appendonly no \
    --maxmemory-policy noeviction --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log"
  wait_port $REDIS_PORT Redis
fi

if ! port_open $NATS_PORT; then
  log "starting NATS with JetStream"
  mkdir -p "$STATE_DIR/nats-js"
  setsid nohup nats-server -a 127.0.0.1 -p $NATS_PORT -js -sd "$STATE_DIR/nats-js" >"$STATE_DIR/nats.log" 2>&1 </dev/null &
  wait_port $NATS_PORT NATS
fi
log "PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, NATS :$NATS_PORT ready"
