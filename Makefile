# Two commands from nothing: `make run` (set up, train, chat in the terminal) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Repeatable training: same data, same model.
export PYTHONHASHSEED := 0

PYTHON310 ?= $(shell bash tools/scripts/find_python310.sh)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMPS := .stamps
PIPELINE := rasa_server/nlu/pipeline/build/pp_pipeline/meta.json
MODEL := models/pp.tar.gz
ENDPOINTS ?= endpoints.yml
ACTIONS_PORT ?= 5055
# config, domain, data, custom components, the spaCy pipeline: the one list the benchmark and the evaluation use too
TRAINING_INPUTS := $(shell $(PYTHON310) tools/measuring/training_inputs.py)

.PHONY: help setup run test test-unit lint validate clean serve web eval eval-quick eval-unseen bench audit purge insights \
	debian-test-tools cluster-test check-sources

help:
	@echo "make run    set everything up, train if needed, start the action server, chat in the terminal"
	@echo "make test   set everything up and run every test"
	@echo "make lint   ruff (style, imports, bugbear, complexity) and mypy (types), settings in pyproject.toml"
	@echo "make test-unit  the fast tests (rules, actions, domain and data, components): no server, under a minute"
	@echo "make validate   rasa data validate (domain, stories, rules, NLU data agree)"
	@echo "make serve  set everything up and start the servers and the demo pages with the web widget"
	@echo "make eval   measure understanding (held-out FR/EN, entities, 5-fold cross-validation) into reports/eval/"
	@echo "            make eval-quick (or EVAL_CV=0 make eval) skips the cross-validation: under a minute"
	@echo "make eval-unseen  the unseen applicant messages through the real servers: pass rate into reports/unseen/"
	@echo "make purge  delete events older than RETENTION_DAYS (default 30) from the tracker store, and insights reports quoting them"
	@echo "make bench  measure speed, memory and cost against Rasa's default configuration (docs/benchmarks.md)"
	@echo "make audit  known vulnerabilities in the Python and npm packages (needs the online databases; SECURITY.md)"
	@echo "make insights  report for the program's team from the tracker store (read-only) into reports/insights/"
	@echo "make check-sources  which facts the official page no longer says (PAGE=file or URL; docs/maintaining-facts.md)"
	@echo "make cluster-test  2 Rasa replicas + 2 action servers on PostgreSQL, Redis, nginx, under load, one of each killed"

$(PY):
	$(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<24.1" "setuptools<70" wheel

$(STAMPS)/install: $(PY) deploy/requirements/app.txt deploy/requirements/test.txt deploy/requirements/constraints.txt
	$(PY) -m pip install --quiet -r deploy/requirements/app.txt -r deploy/requirements/test.txt -c deploy/requirements/constraints.txt
	@# tensorflow 2.12 lists jax only for TFLite conversion (an import guarded by try/except), which
	@# Rasa never uses; importing it costs every Rasa process about 67 MB and half a second at start.
	$(PY) -m pip uninstall --quiet --yes jax jaxlib
	@mkdir -p $(STAMPS) && touch $@

$(PIPELINE): $(STAMPS)/install rasa_server/nlu/pipeline/build.py rasa_server/nlu/pipeline/patterns.yml pilot_program/text.py
	$(PY) -m rasa_server.nlu.pipeline.build

# Rasa also skips unchanged parts through its own cache; make skips training when nothing changed.
# The training's wall time goes to $(STAMPS)/train-seconds (shown by `make bench`; with Rasa's cache
# it can be much shorter than a full training, which `make bench` times itself).
$(MODEL): $(STAMPS)/install $(TRAINING_INPUTS)
	@date +%s%N > $(STAMPS)/train-start
	$(RASA) train --fixed-model-name pp --out models
	@# dated from the start, so inputs edited during training make the next run train again
	@touch -r $(STAMPS)/train-start $@
	@echo $$(( $$(date +%s%N) - $$(cat $(STAMPS)/train-start) )) | awk '{ printf "%.1f\n", $$1 / 1e9 }' > $(STAMPS)/train-seconds
	@rm -f $(STAMPS)/train-start

# The Rasa server refuses to start unless the model and the spaCy pipeline it loads match this record
# (SECURITY.md, rasa_server/checks/model_checksum.py).
$(MODEL).sha256: $(MODEL) $(PIPELINE) rasa_server/checks/model_checksum.py
	$(PY) -m rasa_server.checks.model_checksum $(MODEL)

setup: $(MODEL).sha256

run: setup
	@bash tools/scripts/run_shell.sh $(ENDPOINTS) $(ACTIONS_PORT)

validate: $(PIPELINE)
	$(RASA) data validate

# Settings in pyproject.toml; the same commands run as pre-commit hooks (.pre-commit-config.yaml).
lint: $(STAMPS)/install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The fast tests: every test not marked `slow` (pytest.ini): rules, understanding, actions on events, domain and
# data, components, code size. No server starts and no trained model is needed (the spaCy pipeline is).
test-unit: $(PIPELINE)
	bash tools/scripts/run_tests.sh -m "not slow"

# The web widget (web/): npm packages from the lockfile, then an esbuild bundle in web/build/.
WEB_SOURCES := $(wildcard web/src/*)
WEB_BUNDLE := web/build/pp-chat.js
CHROMIUM := /usr/bin/chromium

$(STAMPS)/web: web/package.json web/package-lock.json
	@command -v npm > /dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm)
	cd web && npm ci --no-audit --no-fund
	@mkdir -p $(STAMPS) && touch $@

$(WEB_BUNDLE): $(STAMPS)/web $(WEB_SOURCES)
	cd web && npm run build

web: $(WEB_BUNDLE)

# The browser tests drive Debian's Chromium (never `playwright install`, which downloads).
$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

# The insights tests also read a PostgreSQL store (tests/tools/operations/insights/postgres.py starts one on loopback).
$(STAMPS)/postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql)
	@mkdir -p $(STAMPS) && touch $@

serve: setup web
	@bash tools/scripts/serve.sh

# Debian tools some tests use: redis-server (lock store tests), kubectl and docker-compose (deploy/
# validated offline), nginx (deploy/nginx run in front of the socket.io channel). Installed when
# missing; if the mirror is unreachable those tests skip or fail, saying so.
debian-test-tools:
	@bash tools/scripts/debian_packages.sh redis-server=redis-server kubectl=kubectl docker-compose=docker-compose nginx=nginx

test: setup web $(CHROMIUM) $(STAMPS)/postgresql debian-test-tools
	bash tools/scripts/run_tests.sh

# The production topology on this machine (tools/measuring/cluster/, docs/scaling.md): PostgreSQL, Redis and nginx
# from Debian's packages on loopback, 2 Rasa replicas and 2 action servers, 112 simulated users,
# 3,000+ messages, a replica and an action server killed mid-run; every conversation checked in
# PostgreSQL. About 10 minutes on 2 shared cores; not part of `make test`. Report: reports/cluster/summary.json.
cluster-test: setup
	@bash tools/scripts/debian_packages.sh redis-server=redis-server nginx=nginx postgres=postgresql
	$(PY) -m tools.measuring.cluster

# Speed, memory and cost against Rasa's defaults (tools/measuring/bench/). The first run times a full training of each
# configuration and builds models/default.tar.gz (long: up to an hour or more on 2 cores); later runs reuse
# them while config, domain and data are unchanged. BENCH_QUICK=1: a short smoke run that trains nothing.
bench: setup
	$(PY) -m tools.measuring.bench

# Understanding, measured: held-out sets, entities, cross-validation (python -m tools.measuring.evaluation).
# EVAL_CV=0 skips the cross-validation; EVAL_FOLDS sets its number of folds (default 5).
eval: setup
	$(PY) -m tools.measuring.evaluation

eval-quick: setup
	$(PY) -m tools.measuring.evaluation --no-cv

# The unseen set (tests/unseen/messages.yml): messages written as applicants write, judged on the facts
# each reply must hold, through the real servers (python -m tools.measuring.evaluation.unseen). Report before and after.
eval-unseen: setup
	$(PY) -m tools.measuring.evaluation.unseen

# Dependency audit (tools/operations/audit.sh): pip-audit in its own venv, npm audit in web/. Not part of `make test`:
# it needs vulnerability databases online, which these machines cannot reach (SECURITY.md).
AUDIT_VENV := .venv-audit

$(STAMPS)/audit-tools: deploy/requirements/audit.txt $(STAMPS)/install
	$(PYTHON310) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet -r deploy/requirements/audit.txt
	@mkdir -p $(STAMPS) && touch $@

audit: $(STAMPS)/audit-tools $(STAMPS)/web
	bash tools/operations/audit.sh

# Retention: events older than RETENTION_DAYS (default 30) are deleted from the tracker store named in
# $(ENDPOINTS) (SQLite or PostgreSQL), and the insights report in $(INSIGHTS_OUT) once it quotes an older
# message. Run daily: docs/privacy.md.
purge: $(STAMPS)/install
	$(PY) -m tools.operations.purge --endpoints $(ENDPOINTS) $(if $(DAYS),--days $(DAYS)) --insights $(INSIGHTS_OUT)

# Do the official page's facts still stand on it? Every fact of the official page carries the passage that
# supports it; this lists those the page (a saved file or its URL) no longer holds, and exits 1 (docs/maintaining-facts.md).
PAGE ?= ../shared/sources/004_012f1d043d76c9be.txt
check-sources: $(STAMPS)/install
	$(PY) -m tools.operations.check_sources --page $(PAGE)

# Operator insights (tools/operations/insights/): reads the tracker store named in $(ENDPOINTS) read-only and writes
# index.html, summary.json and review.yml into $(INSIGHTS_OUT) (docs/insights.md).
INSIGHTS_OUT ?= reports/insights
insights: $(STAMPS)/install
	$(PY) -m tools.operations.insights --endpoints $(ENDPOINTS) --out $(INSIGHTS_OUT)

clean:
	rm -rf $(VENV) $(AUDIT_VENV) $(STAMPS) models .rasa rasa_server/nlu/pipeline/build reports results web/node_modules web/build \
		.mypy_cache .ruff_cache
