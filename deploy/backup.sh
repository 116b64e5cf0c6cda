#!/usr/bin/env bash
# A backup of the portal: the database (pg_dump, custom format) and the uploaded documents (a tar of MEDIA_ROOT),
# in a new dated folder, with their SHA-256 sums. docs/operations.md, "Backups and restore".
#
#   DATABASE_URL=postgres://user:password@host:5432/chamber_portal MEDIA_ROOT=/app/media deploy/backup.sh /backups
#
# With MEDIA_STORAGE=s3 the documents are in the bucket (S3_BUCKET): the backup records which bucket and prefix, and
# the bucket is backed up by the store itself (versioning or replication). Needs pg_dump of the server's major
# version or newer (compose's `backup` service runs in the postgres image for that reason).
set -euo pipefail

dest_root="${1:?usage: DATABASE_URL=... [MEDIA_ROOT=...] deploy/backup.sh DESTINATION_FOLDER}"
: "${DATABASE_URL:?DATABASE_URL is required: the database to back up}"
stamp="${BACKUP_STAMP:-$(date -u +%Y%m%dT%H%M%SZ)}"
dir="$dest_root/$stamp"
if [ -e "$dir" ]; then
  echo "backup: $dir exists already; nothing written" >&2
  exit 1
fi
mkdir -p "$dir"

# libpq understands postgres:// URLs; a query string (?sslmode=...) passes through too.
echo "backup: database → $dir/database.dump"
pg_dump --format=custom --compress=6 --file "$dir/database.dump" --dbname "$DATABASE_URL"

media_storage="$(echo "${MEDIA_STORAGE:-filesystem}" | tr '[:upper:]' '[:lower:]')"
if [ "$media_storage" = s3 ]; then
  echo "backup: media are in the bucket s3://${S3_BUCKET:-?}/${S3_PREFIX:-} (back it up with the store's versioning)"
  printf 'bucket=%s\nprefix=%s\nendpoint=%s\n' "${S3_BUCKET:-}" "${S3_PREFIX:-}" "${S3_ENDPOINT_URL:-}" \
    > "$dir/media-in-s3.txt"
else
  media_root="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
  if [ -d "$media_root" ]; then
    echo "backup: media $media_root → $dir/media.tar.gz"
    tar --create --gzip --file "$dir/media.tar.gz" --directory "$media_root" .
  else
    echo "backup: no media folder at $media_root; the backup has no media.tar.gz"
  fi
fi

(cd "$dir" && sha256sum database.dump $( [ -f media.tar.gz ] && echo media.tar.gz ) > SHA256SUMS)
{
  echo "made_at=$stamp"
  echo "pg_dump=$(pg_dump --version)"
  echo "media_storage=$media_storage"
} > "$dir/MANIFEST"
echo "backup: done: $dir ($(du -sh "$dir" | cut -f1))"
