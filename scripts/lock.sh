#!/usr/bin/env bash
# Refresh the two dependency locks from pyproject.toml (needs uv: `.venv/bin/pip install uv`):
#   requirements/ci.txt      the newest releases today: what CI and the README's test command install
#   requirements/lowest.txt  the lowest versions pyproject.toml allows: .ci/run tests them too,
#                            so the declared floors are real
# Both hold every package, transitive ones included, for every platform. Run it, run the tests
# (`.ci/run`), and commit the two files with pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(command -v uv || echo .venv/bin/uv)
compile=("$uv" pip compile pyproject.toml --extra test --universal --python-version 3.11 --quiet
  --custom-compile-command scripts/lock.sh)
"${compile[@]}" --upgrade -o requirements/ci.txt
"${compile[@]}" --resolution lowest-direct -o requirements/lowest.txt
echo "requirements/ci.txt and requirements/lowest.txt refreshed: run .ci/run, then commit them"
