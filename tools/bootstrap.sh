#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12 and installs the project (desk, server, dev tools) into it.
# Re-runs pip only when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
stamp="$venv/.installed-pyproject"
if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  echo "bootstrap: $venv uses a Python older than 3.12; rebuilding it." >&2
  rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
  py=$(tools/find-python.sh)
  echo "bootstrap: creating $venv with $py ($("$py" --version))"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
if [ ! -f "$stamp" ] || ! cmp -s pyproject.toml "$stamp"; then
  echo "bootstrap: installing the project and its dependencies into $venv"
  "$venv/bin/python" -m pip install --quiet -e ".[server,dev]"
  cp pyproject.toml "$stamp"
fi
