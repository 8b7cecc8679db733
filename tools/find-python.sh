#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 found on this machine, or explains in one sentence what is missing.
# Order: $LAPOR_PYTHON, python3, python3.13, python3.12, then pyenv's installed versions (newest first).
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
[ -n "${LAPOR_PYTHON:-}" ] && candidates+=("$LAPOR_PYTHON")
for name in python3 python3.13 python3.12; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
if [ -d "$root/versions" ]; then
  while IFS= read -r v; do candidates+=("$root/versions/$v/bin/python"); done \
    < <(ls "$root/versions" | grep -E '^3\.(1[2-9]|[2-9][0-9])\.' | sort -t. -k1,1n -k2,2n -k3,3n -r)
fi
for c in "${candidates[@]}"; do
  if [ -x "$c" ] && ok "$c"; then echo "$c"; exit 0; fi
done
echo "LAPOR Desk needs Python 3.12 or newer and found none (tried python3, python3.13, python3.12 and pyenv versions); install one, or set LAPOR_PYTHON=/path/to/python3.12." >&2
exit 1
