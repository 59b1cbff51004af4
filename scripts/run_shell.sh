#!/usr/bin/env bash
# Starts the action server in the background, then a rasa shell conversation; stops both on exit.
# Everything listens on 127.0.0.1 only (the shell's own server too: it has an open REST webhook).
# A clean prompt by default: third-party deprecation warnings silenced, Rasa's own logs at warning
# level. VERBOSE=1 (make run VERBOSE=1) shows everything, with Rasa's debug log.
set -euo pipefail
endpoints=${1:-endpoints.yml}
port=${2:-5055}
source scripts/local_env.sh
log_flag=--quiet
rasa=(.venv/bin/python scripts/quiet_rasa.py)
if [ -n "${VERBOSE:-}" ] && [ "${VERBOSE}" != 0 ]; then
  log_flag=--debug
  rasa=(.venv/bin/python -m server_checks.startup)  # Rasa's command line with the server's patches
else
  export PYTHONWARNINGS=ignore SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=3
  export LOG_LEVEL_LIBRARIES=ERROR
fi
.venv/bin/rasa run actions --actions actions --port "$port" > actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 1
done
echo "Starting the assistant (about 10 s). The action server's log is in actions.log; VERBOSE=1 for every detail."
"${rasa[@]}" shell "$log_flag" --interface 127.0.0.1 --port "${RASA_PORT:-5005}" --model models/pp.tar.gz --endpoints "$endpoints"
