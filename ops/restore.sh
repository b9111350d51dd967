#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into an EMPTY database and media folder.
# Usage: ops/restore.sh DUMP_FILE MEDIA_TAR NEW_DATABASE_URL NEW_MEDIA_ROOT
set -euo pipefail
dump=$1 media_tar=$2 db_url=$3 media=$4
pg_restore --no-owner --exit-on-error --dbname "$db_url" "$dump"
mkdir -p "$media"
tar -C "$media" -xzf "$media_tar"
