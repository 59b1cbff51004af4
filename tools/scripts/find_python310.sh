#!/usr/bin/env bash
# Prints a working Python 3.10 interpreter (rasa 3.6.21 needs >=3.8,<3.11): pyenv's 3.10.x,
# then python3.10 on PATH. Exits 1 with a hint when none is found.
candidates=()
if command -v pyenv > /dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.10.*; do
    [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
  done
fi
candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
for python in "${candidates[@]}"; do
  if version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) && [ "$version" = "3.10" ]; then
    echo "$python"
    exit 0
  fi
done
echo "Python 3.10 not found: install it (for example 'pyenv install 3.10.13')" >&2
exit 1
