#!/usr/bin/env bash
# The point-in-time recovery (PITR) drill, check R10. On a PostgreSQL cluster of its own
# with WAL archiving: the Django schema, a base backup, then a few ärenden and one of them
# deleted by mistake. The base backup is restored into a new cluster and the archived WAL
# replayed up to T, the moment before the deletion (in production: T-5 min). Passes only
# when the deleted ärende is back and Django works against the restored database; prints
# the measured RTO. Both clusters are dropped on exit, also on failure.
#
# Usage: ops/pitr_drill.sh [--version 15] [--workdir DIR] [--target before|after]
#   --version  PostgreSQL major version to make the clusters with (default: the newest)
#   --workdir  folder for the WAL archive and the base backup (default: a temporary one,
#              removed on exit); must not exist or be empty, and the clusters' owner
#              (postgres) must be able to reach it
#   --target   before (default): recover to T, just before the deletion.
#              after: recover to a moment after the deletion, so the ärende stays gone
#              and the drill must FAIL; the tests use it to prove the check can fail.
# Needs Debian's postgresql-common (pg_createcluster) and runs as root or as the clusters'
# owner. PYTHON names the project's Python (default: .venv/bin/python, else python3).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
version="" work="" target=before
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) version=$2; shift 2 ;;
    --workdir) work=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    *) echo "usage: $0 [--version N] [--workdir DIR] [--target before|after]" >&2; exit 2 ;;
  esac
done
[[ $target == before || $target == after ]] || { echo "--target is before or after" >&2; exit 2; }
if [[ -z $version ]]; then
  version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)
fi
bin=/usr/lib/postgresql/$version/bin
python=${PYTHON:-$root/.venv/bin/python}
[[ -x $python ]] || python=python3

say() { echo "pitr drill: $*" >&2; }
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# The clusters run as postgres when we are root: their folders must be theirs.
owner=$(id -un)
[[ $EUID -eq 0 ]] && owner=postgres
# Django sees only what the drill gives it: never production's cache, broker or bucket.
# Its chatter goes to the log, shown only when the drill fails.
django() {
  local url=$1; shift
  (cd "$root" && env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 \
    DJANGO_SETTINGS_MODULE=config.settings DATABASE_URL="$url" PITR_CASE="${case_number:-}" \
    "$python" manage.py "$@" 2>>"$log")
}
sql() { "$bin/psql" -X -q -At -h 127.0.0.1 -U postgres -p "$@"; }
seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

made_work=false
if [[ -z $work ]]; then work=$(mktemp -d); made_work=true; fi
mkdir -p "$work"
[[ -z $(ls -A "$work") ]] || { echo "$work is not empty" >&2; exit 2; }
: >"$work/drill.log"
log=$work/drill.log
clusters=()
cleanup() {
  local status=$?
  # On failure: what Django said, and the restored cluster's log (why recovery stopped).
  if [[ $status -ne 0 ]]; then
    tail -n 30 "$log" >&2 2>/dev/null || true
    if [[ ${#clusters[@]} -gt 1 ]]; then
      tail -n 20 "/var/log/postgresql/postgresql-$version-${clusters[1]}.log" >&2 2>/dev/null || true
    fi
  fi
  for name in "${clusters[@]}"; do
    # pg_dropcluster leaves a config folder holding a file it did not make: ours first.
    rm -f "/etc/postgresql/$version/$name/conf.d/pitr-drill.conf"
    pg_dropcluster --stop "$version" "$name" >/dev/null 2>&1 || true
  done
  if $made_work; then rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

archive=$work/wal-archive base=$work/base restored_data=$work/restored
mkdir -p "$archive"
chown "$owner" "$work" "$archive"

# 1. The source cluster, archiving every finished WAL segment, as production must.
#    start.conf manual: a reboot during the drill does not bring it back.
src=fbp_pitr_src_$$ src_port=$(free_port)
clusters+=("$src")
pg_createcluster "$version" "$src" -p "$src_port" --start-conf=manual -- --auth=trust >/dev/null
cat >"/etc/postgresql/$version/$src/conf.d/pitr-drill.conf" <<EOF
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $archive/%f && cp %p $archive/%f'
EOF
pg_ctlcluster "$version" "$src" start
sql "$src_port" -d postgres -c "CREATE DATABASE fbp"
src_url=postgres://postgres@127.0.0.1:$src_port/fbp
say "migrating the schema into cluster $version/$src"
django "$src_url" migrate -v0

# 2. The base backup, before the ärenden exist: they come back only by replaying the
#    archived WAL. -X none: the WAL comes from the archive, as in production
#    (pg_basebackup waits until the backup's last segment is archived).
say "base backup"
"$bin/pg_basebackup" -h 127.0.0.1 -p "$src_port" -U postgres -D "$base" -X none \
  --checkpoint=fast 2>>"$log"

# 3. Work after the backup: a federation, a förtroendevald and three ärenden. T is read
#    from the server's clock, then one ärende is deleted (as a user's mistake would), a
#    moment after the deletion is read and one more transaction committed, so that a
#    target after the deletion is reached too. The WAL switch closes the segment, so
#    the archive holds it all.
say "creating ärenden, recording T, deleting one"
made=$(django "$src_url" shell -v0 -c '
from django.contrib.auth.models import User
from django.db import connection
from cases.models import Case
from cases.services import open_case
from federation.models import Federation, RoleGrant
from federation.roles import Role

# A förtroendevald reads the ärende after the restore (staff would need the second
# factor, which a drill cannot give).
federation = Federation.objects.create(
    slug="pitr", name="Återställningsförbundet", kind="kommunalforbund",
    diarium_prefix="PITR",
)
user = User.objects.create_user("pitr-drill", first_name="Övning", last_name="Ledamot")
RoleGrant.objects.create(user=user, federation=federation, role=Role.FORTROENDEVALD)
cases = [
    open_case(federation, title=f"Ärende {n} i återställningsövningen", handlaggare=None, by=None)
    for n in (1, 2, 3)
]
with connection.cursor() as cursor:
    cursor.execute("SELECT clock_timestamp()")
    before = cursor.fetchone()[0]
    Case.objects.get(pk=cases[1].pk).delete()
    cursor.execute("SELECT clock_timestamp()")
    after = cursor.fetchone()[0]
    cursor.execute("SELECT txid_current()")
    cursor.execute("SELECT pg_walfile_name(pg_switch_wal())")
    segment = cursor.fetchone()[0]
print(cases[1].diarienummer, before.isoformat(), after.isoformat(), segment, sep="\t")
')
IFS=$'\t' read -r case_number t_before t_after segment <<<"$(tail -n 1 <<<"$made")"
for _ in $(seq 300); do [[ -f $archive/$segment ]] && break; sleep 0.1; done
[[ -f $archive/$segment ]] || { say "WAL segment $segment was never archived"; exit 1; }
recovery_target=$t_before
[[ $target == after ]] && recovery_target=$t_after
say "deleted ärende $case_number; T = $t_before; recovering to $recovery_target"
# Everything the restore needs is now in the base backup and the archive.
pg_ctlcluster "$version" "$src" stop

# 4. The restore, timed from here: a new cluster (made, then stopped) whose data folder
#    is replaced by the base backup, told where the archive is and where to stop.
restored=fbp_pitr_restored_$$ restored_port=$(free_port)
clusters+=("$restored")
pg_createcluster "$version" "$restored" -p "$restored_port" -d "$restored_data" \
  --start-conf=manual -- --auth=trust >/dev/null
start=$(date +%s.%N)
rm -rf "$restored_data"
cp -a "$base" "$restored_data"
cat >"/etc/postgresql/$version/$restored/conf.d/pitr-drill.conf" <<EOF
restore_command = 'cp $archive/%f %p'
recovery_target_time = '$recovery_target'
recovery_target_action = 'promote'
EOF
touch "$restored_data/recovery.signal"
chown -R "$owner" "$restored_data"
chmod 700 "$restored_data"
say "replaying the archived WAL into cluster $version/$restored"
pg_ctlcluster "$version" "$restored" start
# Promoted: recovery reached the target and the database takes writes again.
for _ in $(seq 600); do
  [[ $(sql "$restored_port" -d fbp -c "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]] && break
  sleep 0.1
done
[[ $(sql "$restored_port" -d fbp -c "SELECT pg_is_in_recovery()") == f ]] ||
  { say "FAILED, the restored cluster was never promoted"; exit 1; }
promoted=$(seconds_since "$start")

# 5. The ärende must be back, Django's checks pass, and its page is served.
restored_url=postgres://postgres@127.0.0.1:$restored_port/fbp
back=$(sql "$restored_port" -d fbp -v "number=$case_number" \
  <<<"SELECT count(*) FROM cases_case WHERE diarienummer = :'number'")
if [[ $back != 1 ]]; then
  echo "pitr drill: FAILED, ärende $case_number is not in the database restored to $recovery_target"
  exit 1
fi
django "$restored_url" check --database default >>"$log"
# The smoke test: no migration missing (migrate --check), and the restored ärende's
# page served to a förtroendevald of the förbund by the Django test client.
cases=$(django "$restored_url" shell -v0 -c '
import os
import sys
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from cases.models import Case

call_command("migrate", check=True, verbosity=0)
case = Case.objects.get(diarienummer=os.environ["PITR_CASE"])
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="pitr-drill"))
page = client.get(f"/{case.federation.slug}/arenden/{case.pk}/")
if page.status_code != 200 or case.diarienummer not in page.content.decode():
    sys.exit(f"the ärende page answered {page.status_code}")
print(Case.objects.count())
')
rto=$(seconds_since "$start")
echo "pitr drill: OK, ärende $case_number deleted after T = $t_before is back ($cases ärenden)," \
  "check and smoke test passed, restored in $rto s (promoted after $promoted s)"
