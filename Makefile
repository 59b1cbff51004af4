# Two commands from nothing: `make run` (set up, train, chat in the terminal) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Repeatable training: same data, same model.
export PYTHONHASHSEED := 0

PYTHON310 ?= $(shell bash scripts/find_python310.sh)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMPS := .stamps
PIPELINE := nlu_pipeline/build/pp_pipeline/meta.json
MODEL := models/pp.tar.gz
ENDPOINTS ?= endpoints.yml
ACTIONS_PORT ?= 5055
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') $(wildcard components/*.py) $(PIPELINE)

.PHONY: help setup run shell actions server test test-unit test-conversations validate clean serve web

help:
	@echo "make run    set everything up, train if needed, start the action server, chat in the terminal"
	@echo "make test   set everything up and run every test"
	@echo "make serve  set everything up and start the servers and the demo pages with the web widget"

$(PY):
	$(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<24.1" "setuptools<70" wheel

$(STAMPS)/install: $(PY) requirements/app.txt requirements/test.txt requirements/constraints.txt
	$(PY) -m pip install --quiet -r requirements/app.txt -r requirements/test.txt -c requirements/constraints.txt
	@mkdir -p $(STAMPS) && touch $@

$(PIPELINE): $(STAMPS)/install nlu_pipeline/build.py nlu_pipeline/patterns.yml
	$(PY) nlu_pipeline/build.py

# Rasa also skips unchanged parts through its own cache; make skips training when nothing changed.
$(MODEL): $(STAMPS)/install $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name pp --out models
	@touch $@

setup: $(MODEL)

run: setup
	@bash scripts/run_shell.sh $(ENDPOINTS) $(ACTIONS_PORT)

validate: $(STAMPS)/install
	$(RASA) data validate

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

serve: setup web
	@bash scripts/serve.sh

test: setup web $(CHROMIUM)
	bash scripts/run_tests.sh

clean:
	rm -rf $(VENV) $(STAMPS) models .rasa nlu_pipeline/build reports results web/node_modules web/build
