#!/usr/bin/env bash
# `make run`: starts the action server in the background, then the assistant in the terminal (Rasa's
# `rasa shell` with the project's terminal channel and console, put in Rasa's place by the start-up hook,
# rasa_server/startup.py); stops both on exit.
# The Rasa server calls the action server on the chosen port (ACTIONS_PORT: a copy of the endpoints
# file is written when it names another one, deleted on exit). Everything listens on 127.0.0.1 only.
# A clean terminal by default: third-party deprecation warnings silenced, Rasa's own log (warning level)
# in rasa.log. VERBOSE=1 (make run VERBOSE=1) shows everything in the terminal, with Rasa's debug log.
set -euo pipefail
port=${2:-5055}
source tools/scripts/local_env.sh
source tools/scripts/action_endpoint.sh
point_endpoints_at "${1:-endpoints.yml}" "$port"
log_flag=--quiet
rasa=(.venv/bin/python tools/scripts/quiet_rasa.py)
if [ -n "${VERBOSE:-}" ] && [ "${VERBOSE}" != 0 ]; then
  log_flag=--debug
  rasa=(.venv/bin/python -m rasa_server.startup)  # the same terminal, every warning shown
else
  export PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=3
  export LOG_LEVEL_LIBRARIES=ERROR PP_TERMINAL_LOG=rasa.log
fi
echo "Starting the action server on 127.0.0.1:$port (its log: actions.log)..."
.venv/bin/rasa run actions --actions actions --port "$port" > actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true; remove_generated_endpoints' EXIT
ready=
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1; then ready=1; break; fi
  kill -0 "$actions_pid" 2>/dev/null || break
  sleep 0.5
done
if [[ -n "$ready" ]]; then
  echo "The action server is ready. Starting the assistant: loading the model (Rasa's log: ${PP_TERMINAL_LOG:-here})..."
else
  echo "The action server did not start (see actions.log): the assistant will apologise instead of answering." >&2
fi
"${rasa[@]}" shell "$log_flag" --interface 127.0.0.1 --port "${RASA_PORT:-5005}" --model models/pp.tar.gz \
  --endpoints "$endpoints"
