#!/usr/bin/env bash
# Install the API fuzzer (schemathesis, exact versions from scripts/fuzz-requirements.txt) into .tools/venv
# (git-ignored), with the machine's python3 (3.11+) from PyPI. Does nothing when that venv already has them.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.tools/venv
stamp="$venv/.fuzz-requirements"
if [ -x "$venv/bin/schemathesis" ] && cmp -s scripts/fuzz-requirements.txt "$stamp"; then exit 0; fi
echo "Installing schemathesis into $venv…" >&2
if ! python3 -m venv "$venv"; then
  # Debian's python3 makes venvs only with python3-venv.
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  python3 -m venv --clear "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/fuzz-requirements.txt
cp scripts/fuzz-requirements.txt "$stamp"
