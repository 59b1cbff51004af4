#!/usr/bin/env bash
# Sourced by `make run` and `make serve` (tools/scripts/run_shell.sh, tools/scripts/serve.sh): local values for the
# channels' secrets (docs/channels.md), unless the environment already has them. They are random,
# made once per clone and kept in .stamps/local-secrets.env (ignored by git), so that conversations
# and the widget's signed session survive a restart. Deployments set their own.
# Servers listen on 127.0.0.1 only (SANIC_HOST for the action server).
secrets_file=.stamps/local-secrets.env
if [[ ! -s "$secrets_file" ]]; then
  mkdir -p .stamps
  (
    umask 077
    for name in PP_SENDER_KEY PP_SESSION_SECRET PP_REST_TOKEN; do
      echo "$name=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
    done > "$secrets_file"
  )
fi
while IFS='=' read -r name value; do
  if [[ -n "$name" && -z "${!name:-}" ]]; then export "$name=$value"; fi
done < "$secrets_file"
export SANIC_HOST=${SANIC_HOST:-127.0.0.1}
