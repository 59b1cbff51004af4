#!/usr/bin/env bash
# Sourced by `make run` and `make serve` (tools/scripts/run_shell.sh, tools/scripts/serve.sh).
# point_endpoints_at FILE PORT sets $endpoints to the endpoints file the Rasa server must read so that it
# calls the action server on 127.0.0.1:PORT: FILE itself when its action endpoint already says so or is not
# a local address (${ACTION_ENDPOINT_URL} in endpoints.postgres.yml), else a copy with that port in the
# temp folder, which remove_generated_endpoints deletes (the callers' exit trap).
generated_endpoints=
point_endpoints_at() {
  local file=$1 port=$2
  local local_url='(url:[[:space:]]*"?https?://(127\.0\.0\.1|localhost)):[0-9]+/'
  endpoints=$file
  if grep -Eq "$local_url" "$file" && ! grep -Eq "(127\.0\.0\.1|localhost):$port/" "$file"; then
    generated_endpoints=$(mktemp --suffix=-endpoints.yml)
    sed -E "s#$local_url#\\1:$port/#" "$file" > "$generated_endpoints"
    endpoints=$generated_endpoints
  fi
}
remove_generated_endpoints() {
  if [[ -n "$generated_endpoints" ]]; then rm -f "$generated_endpoints"; fi
}
