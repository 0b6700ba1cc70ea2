#!/usr/bin/env bash
# Weekly restore drill (docs/OPERATIONS.md "Backups"): restore the newest backup in
# BACKUP_DIR (default /srv/backups) into a scratch database and var directory, let
# `bangfu restore` prove it table by table, then drop both. Exits non-zero when the proof fails.
# Uses the environment of the system (DATABASE_URL, BACKUP_KEY, the field and audit keys).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BACKUP_DIR:-${1:-/srv/backups}}
newest=$(ls "$dir"/bangfu-*.bfbk 2>/dev/null | sort | tail -n 1)
[ -n "$newest" ] || { echo "restore drill: no backup in $dir" >&2; exit 1; }
scratch=$(mktemp -d /tmp/bangfu-restore-drill.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
url=${DATABASE_URL:-}
if [[ "$url" == postgres* ]]; then
  name="bangfu_restore_drill_$$"
  scratch_url="${url%/*}/$name"
  createdb --maintenance-db="$url" "$name"
  trap 'dropdb --maintenance-db="$url" --if-exists "$name"; rm -rf "$scratch"' EXIT
else
  scratch_url="sqlite:///$scratch/drill.sqlite3"
fi
echo "restore drill: $newest"
DATABASE_URL="$scratch_url" BANGFU_VAR_DIR="$scratch" .venv/bin/bangfu restore "$newest"
