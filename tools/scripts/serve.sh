#!/usr/bin/env bash
# `make serve`: the action server, the Rasa server (socket.io, credentials.yml) and the static demo
# site with the web widget, all on 127.0.0.1 only. Ctrl-C stops all three; if one of them stops by
# itself, the others are stopped and the script exits with status 1.
# Ports: ACTIONS_PORT (5055), RASA_PORT (5005), WEB_PORT (8080); ENDPOINTS (endpoints.yml): when it names
# another action server port, a copy pointing at ACTIONS_PORT is used and deleted on exit.
# Secrets: tools/scripts/local_env.sh; the demo site's origin is allowed (PP_ALLOWED_ORIGINS).
set -euo pipefail
cd "$(dirname "$0")/../.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
actions_port=${ACTIONS_PORT:-5055}
rasa_port=${RASA_PORT:-5005}
web_port=${WEB_PORT:-8080}
host=127.0.0.1
source tools/scripts/local_env.sh
source tools/scripts/action_endpoint.sh
export PP_ALLOWED_ORIGINS=${PP_ALLOWED_ORIGINS:-http://localhost:$web_port,http://$host:$web_port}

for port in "$actions_port" "$rasa_port" "$web_port"; do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "port $port on $host is already in use (set ACTIONS_PORT, RASA_PORT or WEB_PORT)" >&2
    exit 1
  fi
done
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  remove_generated_endpoints
}
trap cleanup EXIT
trap 'exit 130' INT TERM
point_endpoints_at "${ENDPOINTS:-endpoints.yml}" "$actions_port"

wait_for() {  # url seconds name pid log
  for _ in $(seq 1 "$2"); do
    curl -fs "$1" > /dev/null 2>&1 && return 0
    kill -0 "$4" 2>/dev/null || { echo "$3 exited; see $5" >&2; tail -20 "$5" >&2; exit 1; }
    sleep 1
  done
  echo "$3 not ready after $2 s; see $5" >&2
  exit 1
}

echo "starting the action server on $host:$actions_port (log: actions.log)..."
.venv/bin/rasa run actions --actions actions --port "$actions_port" > actions.log 2>&1 &
pids+=($!)
wait_for "http://$host:$actions_port/health" 90 "the action server" "${pids[-1]}" actions.log

echo "the action server is ready; starting the Rasa server on $host:$rasa_port (socket.io) and loading the model (log: rasa.log)..."
# through the project's start-up hook (rasa_server/startup.py), so that TensorFlow is never imported
.venv/bin/python -m rasa_server.startup run --model models/pp.tar.gz --interface "$host" --port "$rasa_port" \
  --credentials credentials.yml --endpoints "$endpoints" > rasa.log 2>&1 &
pids+=($!)
wait_for "http://$host:$rasa_port/" 300 "the Rasa server" "${pids[-1]}" rasa.log
echo "the Rasa server is ready; starting the demo site on $host:$web_port (log: web.log)..."

.venv/bin/python web/serve_site.py --bind "$host" --port "$web_port" --socket-url "http://$host:$rasa_port" > web.log 2>&1 &
pids+=($!)
wait_for "http://$host:$web_port/config.js" 30 "the static site" "${pids[-1]}" web.log

cat <<MSG

  The assistant is ready:
    French page:  http://localhost:$web_port/fr/
    English page: http://localhost:$web_port/en/
  Logs: actions.log, rasa.log, web.log. Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}" || true
echo "a server stopped; stopping the others (see actions.log, rasa.log, web.log)" >&2
exit 1
