#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6 needs it), or explains and fails.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for cand in "${PYTHON:-}" python3.13 python3.12 python3 \
    "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if ok "$path"; then
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "bangfu needs Python 3.12 or newer (Django 6 requires it) and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.12' or Debian's python3.12) or set PYTHON=/path/to/python3.12." >&2
exit 1
