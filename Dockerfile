# Chamber Portal: one image for web (gunicorn), the one-shot migrate, the Celery worker and beat.
#   docker build -t chamber-portal .        (docker compose up --build does this; see docker-compose.yml)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the PDFs with legal effect, issue 16) lays text out with Pango and needs a font with the Kazakh
# letters: DejaVu. The slim image has neither.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml or the lock change.
# The project is installed only for its dependencies ([tool.setuptools] packages = []); the code runs
# from /app. Built outside /app so no build/ or *.egg-info lands next to the code.
WORKDIR /tmp/build
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock . \
    && rm -rf /tmp/build

# A non-root user; the code stays owned by root and read-only to it, only the media folder and its
# home (where gunicorn keeps its control socket, ~/.gunicorn) are its own.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY . .

# Static files into STATIC_ROOT (/app/staticfiles): compose's migrate one-shot copies them again into the volume
# nginx serves (so it is app-owned); WhiteNoise serves them when gunicorn is reached directly.
# Production serves them through CompressedManifestStaticFilesStorage, which needs the manifest
# (staticfiles.json) that only a collectstatic run with DJANGO_ENV=production writes: a development
# run writes plain copies and every {% static %} would then fail at run time. Production settings
# insist on SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, so this one command gets throw-away values:
# no real secret is needed at build time, nothing connects to a database, and none of the values is
# kept in the image (they exist for this RUN only).
RUN DJANGO_ENV=production \
    DEBUG=false \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/collectstatic-build.sqlite3 \
    REDIS_URL= \
    python manage.py collectstatic --no-input \
    && rm -f /tmp/collectstatic-build.sqlite3 \
    && mkdir -p /app/media \
    && chown app:app /app/media \
    && chown -R app:app /app/staticfiles

USER app

EXPOSE 8000

# gunicorn.conf.py reads every setting from the environment (GUNICORN_*, docs/operations.md); in a container it
# listens on every interface.
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "chamber_portal.wsgi:application"]
