# campaignbot: one image for web replicas and the scheduler (see compose.yaml).
# Not built on the project's own machines (they have no Docker engine); see README.md, "Docker".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000 \
    CAMPAIGNBOT_LOG_FORMAT=json

WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY scheduler ./scheduler
COPY storage ./storage
COPY sandbox ./sandbox
COPY alembic.ini manifest.yml ./
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin campaignbot \
    && chown -R campaignbot /app

USER campaignbot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=2)"

# `run` migrates, then serves Slack (and the scheduler, unless --no-scheduler); compose.yaml picks the role.
ENTRYPOINT ["campaignbot"]
CMD ["run"]
