#!/usr/bin/env bash
# nginx in front of a local gunicorn, without Docker: renders portal.conf.template as the nginx image would and
# runs nginx in the foreground with its files under a temporary folder (no root needed for a port above 1024).
#   PORTAL_UPSTREAM=127.0.0.1:8001 NGINX_LISTEN=127.0.0.1:8000 deploy/nginx/run-local.sh
# Needs nginx (Debian: apt-get install nginx-light) and envsubst (gettext-base).
# NGINX_CHECK=1 only checks the rendered configuration (nginx -t) and exits.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

export PORTAL_UPSTREAM="${PORTAL_UPSTREAM:-127.0.0.1:8001}"
export NGINX_LISTEN="${NGINX_LISTEN:-127.0.0.1:8000}"
export STATIC_ROOT="${STATIC_ROOT:-$root/staticfiles}"
export MEDIA_ROOT="${MEDIA_ROOT:-$root/media}"
prefix="${NGINX_PREFIX:-$(mktemp -d /tmp/portal-nginx.XXXXXX)}"
mkdir -p "$prefix/logs" "$prefix/tmp"

envsubst '${PORTAL_UPSTREAM} ${NGINX_LISTEN} ${STATIC_ROOT} ${MEDIA_ROOT}' \
  < "$here/portal.conf.template" > "$prefix/portal.conf"
mime_types="$(ls /etc/nginx/mime.types 2>/dev/null || echo /usr/local/nginx/conf/mime.types)"
cat > "$prefix/nginx.conf" <<EOF
worker_processes auto;
pid $prefix/nginx.pid;
error_log stderr warn;
daemon off;
events { worker_connections 1024; }
http {
    include $mime_types;
    default_type application/octet-stream;
    sendfile on;
    access_log /dev/stdout;
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    include $prefix/portal.conf;
}
EOF

if [ "${NGINX_CHECK:-}" = 1 ]; then
  exec nginx -t -p "$prefix" -c "$prefix/nginx.conf"
fi
echo "nginx on http://$NGINX_LISTEN → gunicorn at $PORTAL_UPSTREAM (static: $STATIC_ROOT, media: $MEDIA_ROOT)"
exec nginx -p "$prefix" -c "$prefix/nginx.conf"
