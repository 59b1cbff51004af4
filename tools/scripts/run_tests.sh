#!/usr/bin/env bash
# Every test: rules, actions, domain and data, held-out NLU accuracy, conversation tests,
# and the end-to-end REST tests against real servers on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
exec .venv/bin/python -m pytest -q -ra "$@"
