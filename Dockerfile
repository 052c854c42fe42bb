# The chainmatch service: migrate, then serve. Used by docker-compose.yml beside PostgreSQL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/chainmatch
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY matching ./matching
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --create-home chainmatch
USER chainmatch
# Catalogues beyond 10,000 items (or CHAINMATCH_MATCHING_SEARCH=compiled) use the compiled candidate search, which
# numba compiles on first use (10-20 s of one core) and caches here; compiling it at build time lets every worker
# start, and a growing index switch over, without that wait.
ENV NUMBA_CACHE_DIR=/home/chainmatch/.cache/numba
RUN python -c "from matching.kernels import compile_all; compile_all()"

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:${PORT:-8000}/health').status == 200 else 1)"
# The production start (tests/faults/test_production_start.py runs this very line): migrate, then serve with
# WORKERS processes (uvicorn's supervisor restarts a worker that stops answering).
CMD ["sh", "-c", "chainmatch migrate && chainmatch serve --host ${HOST:-0.0.0.0} --port ${PORT:-8000} --workers ${WORKERS:-2}"]
