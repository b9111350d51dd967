#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the media folder into one directory.
# Usage: ops/backup.sh DATABASE_URL MEDIA_ROOT TARGET_DIR
set -euo pipefail
db_url=$1 media=$2 target=$3
mkdir -p "$target"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
pg_dump --format=custom --no-owner --file "$target/db-$stamp.dump" "$db_url"
tar -C "$media" -czf "$target/media-$stamp.tar.gz" .
echo "$target/db-$stamp.dump $target/media-$stamp.tar.gz"
