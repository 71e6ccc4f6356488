#!/usr/bin/env bash
# Lint, migration check, then the whole suite twice: on SQLite and on a throwaway PostgreSQL cluster.
# Ends with one line per backend: "<backend>: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var
status=0

echo "== ruff"
$BIN/ruff check src tests bench tools || status=1
echo "== makemigrations --check"
GONGKAI_DATABASE_URL="sqlite:///$PWD/var/check-migrations.sqlite3" $BIN/gongkai makemigrations --check --dry-run || status=1

run_suite() {  # $1 = backend name; environment decides the database
  echo "== pytest on $1"
  $BIN/pytest -q -p no:cacheprovider --junitxml="var/junit-$1.xml" "${PYTEST_ARGS[@]}" || status=1
}
PYTEST_ARGS=("$@")

unset GONGKAI_DATABASE_URL
run_suite sqlite

# A throwaway PostgreSQL cluster. Its server refuses to run as root, so as root it runs as the
# postgres OS user; trust auth over TCP on loopback, removed afterwards.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then
  echo "找不到 PostgreSQL（请安装 postgresql 软件包）" >&2
  status=1
else
  PGDIR=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
  PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  AS=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PGDIR"; AS=(runuser -u postgres --); fi
  cleanup() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PGDIR"; }
  trap cleanup EXIT
  "${AS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null \
    && "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
         -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { echo "PostgreSQL 启动失败：" >&2; cat "$PGDIR/log" >&2; status=1; }
  export GONGKAI_DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/gongkai"
  run_suite postgresql
fi

echo "== summary"
$BIN/python scripts/junit_summary.py var/junit-sqlite.xml var/junit-postgresql.xml || status=1
exit $status
