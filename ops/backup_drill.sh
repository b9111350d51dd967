#!/usr/bin/env bash
# The backup drill: back up, restore into a new database, compare the row count of
# every table and the media files, then run Django's checks against the restored
# database. Exits non-zero on any difference or failed check.
# Usage: ops/backup_drill.sh DATABASE_URL MEDIA_ROOT
# PYTHON names the project's Python (default: .venv/bin/python, else python3).
set -euo pipefail
src_url=$1 src_media=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
[[ -x $python ]] || python=python3
work=$(mktemp -d)
new_db="restore_drill_$$"
base_url=${src_url%/*}
cleanup() { psql -q "$base_url/postgres" -c "DROP DATABASE IF EXISTS $new_db" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

start=$(date +%s)
read -r dump media_tar < <("$here/backup.sh" "$src_url" "$src_media" "$work/backup")
psql -q "$base_url/postgres" -c "CREATE DATABASE $new_db"
"$here/restore.sh" "$dump" "$media_tar" "$base_url/$new_db" "$work/media"
rto=$(( $(date +%s) - start ))

counts() {
  psql -At "$1" -c "SELECT table_name FROM information_schema.tables
                    WHERE table_schema='public' AND table_type='BASE TABLE' ORDER BY 1" |
  while read -r table; do
    echo "$table $(psql -At "$1" -c "SELECT count(*) FROM \"$table\"")"
  done
}
diff <(counts "$src_url") <(counts "$base_url/$new_db")
diff <(cd "$src_media" && find . -type f -exec sha256sum {} + | sort) \
     <(cd "$work/media" && find . -type f -exec sha256sum {} + | sort)

# The application against the restored database: the system checks pass and no
# migration is missing (a dump from an older release would need `migrate` first).
django() {
  (cd "$root" && DJANGO_SETTINGS_MODULE=config.settings DATABASE_URL="$base_url/$new_db" \
    "$python" manage.py "$@")
}
django check --database default >&2
django migrate --check -v0 ||
  { echo "backup drill: FAILED, the restored database lacks migrations" >&2; exit 1; }
tables=$(counts "$base_url/$new_db" | wc -l)
echo "backup drill: OK, $tables tables and the media files identical, restored in ${rto} s"
