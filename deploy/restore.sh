#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a NEW database (never over an existing one), and optionally its
# media into an empty folder. docs/operations.md, "Backups and restore".
#
#   DATABASE_URL=postgres://user:password@host:5432/chamber_portal_restored deploy/restore.sh /backups/<stamp> \
#       [--media /app/media-restored]
#
# The database named in DATABASE_URL is created (through the server's `postgres` database) and must not exist yet.
# Then point the portal's DATABASE_URL (and MEDIA_ROOT) at the restored copies and run
# `python manage.py verify_distribution`.
set -euo pipefail

usage="usage: DATABASE_URL=<new database> deploy/restore.sh BACKUP_FOLDER [--media TARGET_FOLDER]"
dir="${1:?$usage}"
shift
media_target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --media) media_target="${2:?$usage}"; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
: "${DATABASE_URL:?DATABASE_URL is required: the NEW database to restore into}"
[ -f "$dir/database.dump" ] || { echo "restore: no database.dump in $dir" >&2; exit 1; }

echo "restore: checking the SHA-256 sums"
(cd "$dir" && sha256sum --check --quiet SHA256SUMS)

# postgres://user:password@host:port/name?options → the name, and the same URL on the `postgres` database.
without_query="${DATABASE_URL%%\?*}"
query=""
[ "$without_query" != "$DATABASE_URL" ] && query="?${DATABASE_URL#*\?}"
name="${without_query##*/}"
maintenance="${without_query%/*}/postgres$query"
case "$name" in
  ""|*[!A-Za-z0-9_-]*) echo "restore: unusual database name '$name' in DATABASE_URL" >&2; exit 1 ;;
esac

exists="$(psql "$maintenance" --no-psqlrc --tuples-only --no-align \
  --command "SELECT 1 FROM pg_database WHERE datname = '$name'")"
if [ "$exists" = 1 ]; then
  echo "restore: the database '$name' exists already: restore into a new one (nothing was changed)" >&2
  exit 1
fi
echo "restore: creating the database '$name'"
psql "$maintenance" --no-psqlrc --quiet --command "CREATE DATABASE \"$name\""

echo "restore: database.dump → '$name'"
# The restoring user owns everything; the dump's roles need not exist on this server.
pg_restore --exit-on-error --no-owner --no-privileges --dbname "$DATABASE_URL" "$dir/database.dump"
psql "$DATABASE_URL" --no-psqlrc --quiet --command "ANALYZE"

if [ -n "$media_target" ]; then
  if [ ! -f "$dir/media.tar.gz" ]; then
    echo "restore: the backup has no media.tar.gz (media in S3? see $dir/media-in-s3.txt)" >&2
    exit 1
  fi
  mkdir -p "$media_target"
  if [ -n "$(ls -A "$media_target")" ]; then
    echo "restore: $media_target is not empty: restore the media into an empty folder" >&2
    exit 1
  fi
  echo "restore: media.tar.gz → $media_target"
  tar --extract --gzip --file "$dir/media.tar.gz" --directory "$media_target"
fi
echo "restore: done: database '$name'${media_target:+, media in $media_target}"
