#!/usr/bin/env bash
# `make audit`: known vulnerabilities in the installed Python packages (pip-audit, on the exact versions
# frozen from .venv) and in the widget's npm packages (npm audit in web/). Both need a vulnerability
# database online (PyPI's JSON API or OSV; npm's advisories endpoint). Where one cannot be reached the
# script says so and fails: an audit that could not run is not a clean audit. Not part of `make test`.
# Exit: 0 nothing known, 1 vulnerabilities found, 2 a database could not be reached (not audited).
set -uo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
unreachable() { echo "!! $1: the vulnerability database could not be reached from this machine:" \
  "NOT audited (SECURITY.md lists what was checked by hand)" >&2; [[ $status -eq 1 ]] || status=2; }

.venv/bin/python -m pip freeze --exclude-editable 2>/dev/null | grep '==' > "$work/frozen.txt"
echo "== pip-audit: $(wc -l < "$work/frozen.txt") pinned Python packages installed in .venv"
.venv-audit/bin/pip-audit -r "$work/frozen.txt" --no-deps --disable-pip --strict --progress-spinner off \
  > "$work/pip.txt" 2>&1
code=$?
grep -v "encouraged to fully hash\|Consider using a tool like" "$work/pip.txt" | tail -40
if grep -qE "could not be audited|Max retries exceeded|Failed to resolve|ConnectionError" "$work/pip.txt"; then
  unreachable "pip-audit"
elif [[ $code -ne 0 ]]; then
  status=1
fi

echo "== npm audit: web/ (dependencies and devDependencies)"
(cd web && npm audit) > "$work/npm.txt" 2>&1
code=$?
tail -40 "$work/npm.txt"
if grep -qE "audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|Method Not Allowed" "$work/npm.txt"; then
  unreachable "npm audit"
elif [[ $code -ne 0 ]]; then
  status=1
fi
exit $status
