# syntax=docker/dockerfile:1
# The platform's image, for web (gunicorn), Celery worker and Celery beat, plus the
# nginx image that serves its static files. It runs exactly the README set-up path
# (./dev setup): the locked Python set (requirements.lock, --no-deps), the front-end
# files from package-lock.json (npm ci, via `manage.py vendor_assets`), compiled
# translations, then collectstatic. tests/deploy/test_dockerfile.py keeps the two in step.
#
# Everything is fetched at BUILD time; nothing at run time. For an intranet build,
# point the base images at your registry mirror and pip/npm at your package mirrors:
#   docker build --build-arg PYTHON_IMAGE=registry.intra/library/python:3.11-slim \
#     --build-arg PIP_INDEX_URL=https://pypi.intra/simple \
#     --build-arg NPM_CONFIG_REGISTRY=https://npm.intra/ -t cppcc-network:1 .
# (deploy/README.md, "Offline and intranet sites").

ARG PYTHON_IMAGE=python:3.11-slim
ARG NGINX_IMAGE=nginx:1.27-alpine

# --- app: web, worker, beat -----------------------------------------------------
FROM ${PYTHON_IMAGE} AS app

ARG PIP_INDEX_URL=https://pypi.org/simple
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/app/.venv/bin:$PATH \
    PYTHONPATH=/app/platform:/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    DJANGO_DEBUG=0 \
    CPPCC_MEDIA_ROOT=/var/lib/cppcc/media

WORKDIR /app

# 1. The locked Python dependencies, exactly as ./dev installs them.
RUN python -m venv /app/.venv
COPY requirements.lock ./
RUN /app/.venv/bin/python -m pip install --no-cache-dir --no-deps -r requirements.lock

# 2. The code, with the npm lock that vendor_assets installs from.
COPY package.json package-lock.json ./
COPY . .

# 3. The same set-up commands as ./dev, plus collectstatic into STATIC_ROOT.
#    Settings are read but no database is opened: DATABASE_URL only has to parse.
RUN DATABASE_URL=postgresql://build@127.0.0.1:1/build DJANGO_SECRET_KEY=image-build-only \
    sh -c 'python manage.py vendor_assets \
        && python manage.py compile_translations \
        && python manage.py collectstatic --noinput' \
    && rm -rf node_modules /root/.npm

# Uploads live outside the code and the web root; beat keeps its schedule state here too.
RUN groupadd --system --gid 10001 cppcc \
    && useradd --system --uid 10001 --gid cppcc --home-dir /var/lib/cppcc --no-create-home cppcc \
    && mkdir -p /var/lib/cppcc/media /var/lib/cppcc/beat \
    && chown -R cppcc:cppcc /var/lib/cppcc
USER cppcc

EXPOSE 8000
# gunicorn's settings (workers from the cores, keep-alive, max-requests, timeout) are in
# platform/config/gunicorn.py; WEB_CONCURRENCY / GUNICORN_THREADS / GUNICORN_CMD_ARGS override.
CMD ["gunicorn", "config.wsgi:application", "--config", "python:config.gunicorn"]

# --- nginx: TLS termination, wildcard host names, static files -----------------
FROM ${NGINX_IMAGE} AS nginx
COPY deploy/nginx/cppcc.conf /etc/nginx/templates/default.conf.template
COPY deploy/nginx/proxy.conf /etc/nginx/cppcc/proxy.conf
COPY --from=app /app/.var/static_root /usr/share/nginx/cppcc-static
