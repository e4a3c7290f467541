#!/usr/bin/env bash
# A private, throw-away Keystone for integration tests (the Debian `keystone` package, see
# .ci/install-keystone.sh). Everything lives under <dir>: configuration, sqlite database, fernet
# and credential keys, logs and the pid file; nothing global is read or written.
#
#   keystone.sh start <dir> <port> <admin-password>   set up, start in the background, wait for GET /v3
#   keystone.sh stop <dir>                            stop the server started in <dir> (and its children)
#
# The admin password may also come from the environment (KEYSTONE_ADMIN_PASSWORD, with "-" as the
# argument) so that it stays off the process list. The bootstrap creates user "admin" (domain
# Default) with role "admin" on project "admin", region RegionOne and the identity endpoints
# http://127.0.0.1:<port>/v3.
set -euo pipefail

readonly PYTHON=/usr/bin/python3                 # Debian's OpenStack packages need the system python
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly START_TIMEOUT_SECONDS="${KEYSTONE_START_TIMEOUT_SECONDS:-60}"
readonly STOP_TIMEOUT_SECONDS=10

usage() {
  echo "usage: $0 start <dir> <port> <admin-password|->" >&2
  echo "       $0 stop <dir>" >&2
  exit 2
}

fail() {
  echo "keystone.sh: $*" >&2
  exit 1
}

write_config() {
  local dir=$1
  cat >"$dir/keystone.conf" <<CONF
[DEFAULT]
log_dir = $dir/log
use_stderr = false

[database]
connection = sqlite:///$dir/keystone.db

[token]
provider = fernet

[fernet_tokens]
key_repository = $dir/fernet-keys

[fernet_receipts]
key_repository = $dir/fernet-keys

[credential]
key_repository = $dir/credential-keys

[identity]
# The fewest bcrypt rounds Keystone accepts: these passwords only guard a test database, and
# every password authentication pays the hashing cost.
password_hash_rounds = 4
CONF
}

# keystone-manage <step> with its output in log/<step>.log; each step spends most of its second
# or so importing keystone, so independent steps run side by side.
manage() {
  local dir=$1 step=$2
  shift 2
  "$PYTHON" /usr/bin/keystone-manage --config-file "$dir/keystone.conf" "$step" "$@" >"$dir/log/$step.log" 2>&1
}

# Waits for the background jobs with these pids (each ran `manage <dir> <step>`) and fails on the first
# that failed.
await_steps() {
  local dir=$1
  shift
  local failed=()
  while [[ $# -gt 0 ]]; do
    wait "$1" || failed+=("$2")
    shift 2
  done
  local step
  for step in "${failed[@]}"; do
    tail -n 20 "$dir/log/$step.log" >&2
    fail "keystone-manage $step failed (log: $dir/log/$step.log)"
  done
}

answers_version_document() {
  local url=$1
  "$PYTHON" - "$url" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
PY
}

start() {
  [[ $# -eq 3 ]] || usage
  local dir=$1 port=$2 password=$3
  [[ "$port" =~ ^[0-9]+$ ]] || fail "port must be a number: $port"
  if [[ "$password" == "-" ]]; then
    password="${KEYSTONE_ADMIN_PASSWORD:?KEYSTONE_ADMIN_PASSWORD is empty}"
  fi
  [[ -x /usr/bin/keystone-manage ]] \
    || fail "the keystone package is not installed (run .ci/install-keystone.sh)"

  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ ! -e "$dir/keystone.pid" ]] || fail "$dir already holds a Keystone (keystone.pid); stop it first"
  mkdir -p "$dir/log"
  install -d -m 700 "$dir/fernet-keys" "$dir/credential-keys"
  write_config "$dir"

  local user group url
  user=$(id -un)
  group=$(id -gn)
  url="http://127.0.0.1:$port/v3/"
  manage "$dir" db_sync & local db_sync=$!
  manage "$dir" fernet_setup --keystone-user "$user" --keystone-group "$group" & local fernet_setup=$!
  manage "$dir" credential_setup --keystone-user "$user" --keystone-group "$group" & local credential_setup=$!
  await_steps "$dir" "$db_sync" db_sync "$fernet_setup" fernet_setup "$credential_setup" credential_setup
  # WAL mode persists in the database file. Without it Keystone keeps a read transaction open
  # after a lookup that answers 404, and the next write fails with "database is locked".
  "$PYTHON" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL")' "$dir/keystone.db"

  # The server reads the database only when asked, so it starts while bootstrap fills it.
  # setsid: the server leads its own process group, so stop can end it with all its children.
  OS_KEYSTONE_CONFIG_DIR="$dir" OS_KEYSTONE_CONFIG_FILES=keystone.conf \
    setsid "$PYTHON" "$SCRIPT_DIR/keystone-public-server.py" 127.0.0.1 "$port" \
    >"$dir/log/server.out" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$dir/keystone.pid"
  # The password goes through the environment, not the command line.
  OS_BOOTSTRAP_PASSWORD="$password" manage "$dir" bootstrap \
    --bootstrap-public-url "$url" --bootstrap-internal-url "$url" --bootstrap-admin-url "$url" \
    --bootstrap-region-id RegionOne \
    || { tail -n 20 "$dir/log/bootstrap.log" >&2; stop "$dir"; fail "keystone-manage bootstrap failed (log: $dir/log/bootstrap.log)"; }

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until answers_version_document "$url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/keystone.pid"
      # oslo.log sends an uncaught exception to the log file, not to stderr
      tail -n 20 "$dir/log/server.out" "$dir/log/keystone-public-server.py.log" >&2
      fail "the Keystone server exited before answering on port $port (log: $dir/log)"
    fi
    if ((SECONDS >= deadline)); then
      stop "$dir"
      fail "Keystone did not answer GET $url within ${START_TIMEOUT_SECONDS}s (log: $dir/log)"
    fi
    sleep 0.2
  done
  echo "keystone.sh: Keystone (pid $pid) answers at $url"
}

stop() {
  [[ $# -eq 1 ]] || usage
  local dir=$1 pid
  [[ -f "$dir/keystone.pid" ]] || { echo "keystone.sh: no Keystone running in $dir"; return 0; }
  pid=$(<"$dir/keystone.pid")
  # The pid leads its process group (setsid), so -pid reaches it and every child.
  if kill -TERM -- "-$pid" 2>/dev/null; then
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$dir/keystone.pid"
  echo "keystone.sh: stopped Keystone (pid $pid)"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) usage ;;
esac
