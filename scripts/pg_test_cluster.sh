#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for khabar's tests (and for trying the
# PostgreSQL backend by hand).
#
#   scripts/pg_test_cluster.sh start [DIR]   start a cluster in DIR (default: a new
#                                             temporary directory); prints its URL
#                                             postgresql://khabar:…@127.0.0.1:PORT/khabar_test
#   scripts/pg_test_cluster.sh stop DIR      stop it and delete DIR
#
# The server binaries come from $PG_BINDIR, else the newest
# /usr/lib/postgresql/*/bin (Debian: apt-get install -y postgresql), else the
# directory of `pg_ctl` on PATH.  The cluster listens only on 127.0.0.1, on a
# random free port (another is tried if it is taken), with a random password
# (scram-sha-256); its Unix socket lives in DIR.  Durability is off (fsync,
# full_page_writes): nothing in it is meant to survive.  PostgreSQL refuses
# to run as root, so when this script runs as root the cluster belongs to the
# `postgres` user (or `nobody` if there is none) and its commands run through
# runuser (or su).
#
# The test suite starts one such cluster per session (fixture `pg_server` in
# tests/conftest.py) and creates a fresh database in it for each test.  Set
# KHABAR_TEST_PG_URL=postgresql://… to use an existing server instead (its
# user must be allowed to CREATE DATABASE), or KHABAR_TEST_PG=0 to skip the
# PostgreSQL tests (for developers without PostgreSQL; CI must not set it).
set -euo pipefail

MARKER=khabar-test-cluster
SUPERUSER=khabar
DBNAME=khabar_test

die() { echo "pg_test_cluster: $*" >&2; exit 1; }

find_bindir() {
    if [[ -n "${PG_BINDIR:-}" ]]; then
        [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] \
            || die "PG_BINDIR=$PG_BINDIR has no initdb/pg_ctl"
        echo "$PG_BINDIR"; return
    fi
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return; fi
    done
    if command -v pg_ctl >/dev/null 2>&1; then
        d=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        [[ -x "$d/initdb" ]] && { echo "$d"; return; }
    fi
    die "no PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin or on PATH; install them with: apt-get install -y postgresql (or set PG_BINDIR)"
}

# The user that owns and runs the cluster: empty when we are not root.
cluster_user() {
    if [[ "$(id -u)" != 0 ]]; then echo ""; return; fi
    if id -u postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

# Run a server command as the cluster's owner.
as_owner() {
    local user=$1; shift
    if [[ -z "$user" ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$user" -- "$@"
    else
        su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
    fi
}

# Set by start(), read by its cleanup on failure.
BINDIR="" OWNER="" DIR="" CREATED=""

cleanup_failed_start() {
    [[ -n "$DIR" ]] || return 0
    as_owner "$OWNER" "$BINDIR/pg_ctl" -D "$DIR/data" stop -m immediate >/dev/null 2>&1 || true
    if [[ -n "$CREATED" ]]; then rm -rf "$DIR"; fi
}

start() {
    local bindir user dir pass port started="" try
    bindir=$(find_bindir)
    user=$(cluster_user)
    if [[ $# -ge 1 ]]; then
        dir=$1
        mkdir -p "$dir"
        [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty"
    else
        dir=$(mktemp -d "${TMPDIR:-/tmp}/khabar-pg.XXXXXX")
        CREATED=1
    fi
    dir=$(cd "$dir" && pwd)
    BINDIR=$bindir OWNER=$user DIR=$dir
    trap cleanup_failed_start EXIT
    # Unix socket paths are limited to ~107 bytes.
    (( ${#dir} < 90 )) || die "$dir is too long a path for the server's socket; use a shorter DIR"
    chmod 700 "$dir"
    touch "$dir/$MARKER"
    [[ -z "$user" ]] || chown -R "$user" "$dir"
    cd /  # the owner may not be allowed into the caller's directory

    pass=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$pass" > "$dir/pwfile"
    chmod 600 "$dir/pwfile"
    [[ -z "$user" ]] || chown "$user" "$dir/pwfile"
    as_owner "$user" "$bindir/initdb" -D "$dir/data" -U "$SUPERUSER" --pwfile="$dir/pwfile" \
        --auth=scram-sha-256 -E UTF8 --locale=C --no-sync > "$dir/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -5 "$dir/initdb.log")"
    rm -f "$dir/pwfile"
    cat >> "$dir/data/postgresql.conf" <<EOF

# --- khabar test cluster ($MARKER) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 60
EOF
    for try in 1 2 3 4 5 6 7 8; do
        port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
        if as_owner "$user" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" \
                -w -t 60 start > /dev/null 2>&1; then
            started=1; break
        fi
        # Another process took the port: try another one; anything else is fatal.
        grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null \
            || die "the server did not start: $(tail -5 "$dir/server.log" 2>/dev/null)"
    done
    [[ -n "$started" ]] || die "no free port found for the server"
    echo "$port" > "$dir/port"
    PGPASSWORD=$pass "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$SUPERUSER" "$DBNAME" \
        || die "createdb failed"
    local url="postgresql://$SUPERUSER:$pass@127.0.0.1:$port/$DBNAME"
    echo "$url" > "$dir/url"
    chmod 600 "$dir/url"
    trap - EXIT
    echo "started PostgreSQL ($("$bindir/postgres" --version)) in $dir; stop it with: $0 stop $dir" >&2
    echo "$url"
}

stop() {
    [[ $# -eq 1 ]] || die "usage: $0 stop DIR"
    local dir=$1 bindir owner
    [[ -f "$dir/$MARKER" ]] || die "$dir is not a khabar test cluster (no $MARKER file); not touching it"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        bindir=$(find_bindir)
        owner=$(stat -c %U "$dir/data")
        [[ "$(id -u)" == 0 ]] || owner=""
        (cd / && as_owner "$owner" "$bindir/pg_ctl" -D "$dir/data" stop -m fast -w -t 60 > /dev/null) \
            || echo "pg_test_cluster: pg_ctl stop failed; removing $dir anyway" >&2
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
