# The action server (rasa-sdk): the answers, rules and knowledge file; no Rasa, no model.
#   docker build -f deploy/actions.Dockerfile -t pp-actions:$(git rev-parse --short HEAD) .
# Python 3.10.20 (the 3.10 line's security releases), pinned by digest
FROM python:3.10.20-slim-bookworm@sha256:ff7161e2b8e2a56fc6a62a6099ff8feb72f1a6dbae9860cdcb9a6c65cf4c6be9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SANIC_HOST=0.0.0.0

RUN groupadd --system --gid 1001 actions \
    && useradd --system --uid 1001 --gid actions --no-create-home actions

WORKDIR /app
COPY deploy/requirements/actions.txt deploy/requirements/constraints.txt requirements/
RUN pip install --no-cache-dir -r requirements/actions.txt -c requirements/constraints.txt

COPY actions/ actions/
# the rules, the knowledge file and their wording, shared with the Rasa server
COPY pilot_program/ pilot_program/
COPY understanding/ understanding/
# read by the actions: the redaction (privacy notice), the domain's count bounds (entities come with
# the ruler's values from the NLU: no patterns here)
COPY privacy/ privacy/
COPY domain.yml ./

USER 1001:1001
EXPOSE 5055
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5055/health', timeout=4)"]
ENTRYPOINT ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]
