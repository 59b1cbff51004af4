# The Rasa server (REST, socket.io and messaging channels), one replica per container.
# Build from the repository's root after `make setup` (it trains models/pp.tar.gz):
#   docker build -f deploy/rasa.Dockerfile -t pp-rasa:$(git rev-parse --short HEAD) .
# The model is baked in at /app/models/pp.tar.gz; mount a volume there to serve another one.
# Python 3.10.20 (the 3.10 line's security releases), pinned by digest
FROM python:3.10.20-slim-bookworm@sha256:ff7161e2b8e2a56fc6a62a6099ff8feb72f1a6dbae9860cdcb9a6c65cf4c6be9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    HOME=/home/rasa

RUN groupadd --system --gid 1001 rasa \
    && useradd --system --uid 1001 --gid rasa --create-home --home-dir /home/rasa rasa

WORKDIR /app
COPY deploy/requirements/app.txt deploy/requirements/constraints.txt requirements/
RUN pip install --no-cache-dir -r requirements/app.txt -c requirements/constraints.txt \
    && pip uninstall --yes jax jaxlib

# The program and the reading of messages, shared with the action server; the topic titles (actions/responses/).
COPY pilot_program/ pilot_program/
COPY understanding/ understanding/
COPY actions/responses/ actions/responses/
COPY privacy/ privacy/
# The Rasa server's side: start-up and patches, channels, NLU components and the project's spaCy pipeline as
# `make setup` built it (the one the model was trained with: checked against models/pp.tar.gz.sha256 at
# start), the stores. No test or measuring harness (tools/measuring/ stays out).
COPY rasa_server/ rasa_server/
COPY config.yml domain.yml credentials.yml ./
# the operators' commands that run beside the server (the retention purge's CronJob, the insights report)
COPY tools/__init__.py tools/
COPY tools/operations/ tools/operations/
COPY deploy/k8s/endpoints.yml config/endpoints.yml
# the server refuses a model, or a spaCy pipeline, whose SHA-256 differs from this record (SECURITY.md)
COPY models/pp.tar.gz models/pp.tar.gz.sha256 models/

USER 1001:1001
EXPOSE 5005
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/', timeout=4)"]
# Inside a container the interface must be 0.0.0.0 (the pod's network, not the host's). `rasa run` through the
# project's start-up hook (rasa_server/startup.py): its import guard keeps TensorFlow (~370 MB) out of the process.
ENTRYPOINT ["python", "-m", "rasa_server.startup", "run", "--model", "models/pp.tar.gz", "--endpoints", "config/endpoints.yml", \
            "--credentials", "credentials.yml", "--interface", "0.0.0.0", "--port", "5005"]
