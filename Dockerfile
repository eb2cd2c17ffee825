# syntax=docker/dockerfile:1
# Build: docker build -t pl-api .
# Run:   docker run -p 8000:8000 -e PL_API_DATABASE_URL=postgresql+asyncpg://... pl-api
#        (on first start, run `docker run ... pl-api pl-api db upgrade` to migrate; or `docker compose up`
#        with compose.yaml, which migrates before the API starts: see docs/deployment.md)
# The image includes the `tracing` extra, so OpenTelemetry can be turned on by configuration alone.

FROM python:3.12-slim AS build
WORKDIR /src
RUN python -m venv /opt/pl-api
COPY pyproject.toml README.md ./
COPY src ./src
COPY migrations ./migrations
COPY plugins ./plugins
RUN /opt/pl-api/bin/pip install --no-cache-dir --upgrade pip \
 && /opt/pl-api/bin/pip install --no-cache-dir ".[tracing]" \
 && for manifest in plugins/*/pyproject.toml; do \
      if [ -f "$manifest" ]; then /opt/pl-api/bin/pip install --no-cache-dir --no-deps "$(dirname "$manifest")" || exit 1; fi; \
    done

FROM python:3.12-slim AS runtime
RUN useradd --create-home --uid 10001 pl-api
COPY --from=build /opt/pl-api /opt/pl-api
ENV PATH="/opt/pl-api/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PL_API_SERVER_HOST=0.0.0.0 \
    PL_API_SERVER_PORT=8000 \
    PL_API_DATABASE_URL=sqlite+aiosqlite:////data/pl-api.db
RUN mkdir /data && chown pl-api /data
USER pl-api
WORKDIR /home/pl-api
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=2)" || exit 1
CMD ["pl-api", "serve"]
