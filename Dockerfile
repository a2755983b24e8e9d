# syntax=docker/dockerfile:1
# Production image of Yhdessä: gunicorn serves the portal; the same image runs the Celery worker
# and beat (docker-compose.yml). The dev dependency group (embedded PostgreSQL, test tools) is
# left out, so DATABASE_URL and REDIS_URL must point at real servers.

FROM python:3.12-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv

# gettext: compilemessages needs msgfmt (build stage only).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && pip install uv

WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN uv sync --frozen --no-dev

# Static files and translations at build time. Neither touches a database (manage.py starts
# none for them); the settings need a secret key to load when DJANGO_DEBUG is false, so a
# throwaway one is used (it never reaches the running image).
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
    /app/.venv/bin/python manage.py collectstatic --noinput \
    && if find locale -name '*.po' 2>/dev/null | grep -q .; then \
         DJANGO_DEBUG=false \
         DJANGO_SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
         /app/.venv/bin/python manage.py compilemessages --ignore=.venv; \
       fi

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=portal.settings \
    DJANGO_DEBUG=false \
    YHDESSA_DATA_DIR=/data

RUN groupadd --system --gid 10001 yhdessa \
    && useradd --system --uid 10001 --gid yhdessa --home-dir /app --shell /usr/sbin/nologin yhdessa \
    && mkdir -p /data/media \
    && chown -R yhdessa:yhdessa /data

WORKDIR /app
COPY --from=build --chown=root:root /app /app

USER yhdessa
EXPOSE 8000
# Gunicorn reads extra options from GUNICORN_CMD_ARGS (e.g. "--workers 5").
VOLUME ["/data"]

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; host = os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); request = urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}); sys.exit(0 if urllib.request.urlopen(request, timeout=8).status == 200 else 1)"]

CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
