#!/usr/bin/env bash
# Starts the action server in the background, then a rasa shell conversation; stops both on exit.
# Everything listens on 127.0.0.1 only (the shell's own server too: it has an open REST webhook).
set -euo pipefail
endpoints=${1:-endpoints.yml}
port=${2:-5055}
source scripts/local_env.sh
.venv/bin/rasa run actions --actions actions --port "$port" > actions.log 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
  sleep 1
done
.venv/bin/rasa shell --model models/pp.tar.gz --endpoints "$endpoints" --interface 127.0.0.1
