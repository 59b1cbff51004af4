#!/usr/bin/env bash
# Installs Debian packages when the command they provide is missing. Arguments: command=package.
# `postgres` is looked for in /usr/lib/postgresql/*/bin (Debian keeps the server off the PATH).
# If apt cannot reach its mirror, says so and goes on: the tests that need the tool then skip
# with a message naming it (make test), or the cluster test stops with one (make cluster-test).
set -uo pipefail

present() {
  if [ "$1" = postgres ]; then compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null; return; fi
  command -v "$1" > /dev/null || [ -x "/usr/sbin/$1" ]
}

missing=()
for pair in "$@"; do
  present "${pair%%=*}" || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing Debian packages: ${missing[*]}"
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"; }; then
  echo "WARNING: could not install ${missing[*]} (is the Debian mirror reachable?)" >&2
fi
exit 0
