#!/usr/bin/env bash
# The one test command (README "Quick start"; .ci/run runs exactly this): installs what is missing,
# builds everything, runs every test. Tests start their own redis-server on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh --tests
/usr/bin/python3 deploy/check-schemas.py -q
# deploy/ (Kubernetes schemas, alert rules and their tests, dashboard, systemd, Dockerfile): the count and any FAIL line.
bash deploy/check-deploy.sh | grep -E '^FAIL|passed, '
# The Docker image's build steps, without Docker.
log="$(mktemp)"
bash deploy/ci-build.sh >"$log" 2>&1 || { tail -40 "$log"; exit 1; }
grep '^ci-build' "$log"; rm -f "$log"
swift build --build-tests
# deploy/run.sh as a service script (SIGTERM, var/vtctl.env, metrics ports, the demo), with the debug executables.
log="$(mktemp)"
bash deploy/check-run.sh >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "check-run.sh: $(tail -1 "$log")"; rm -f "$log"
swift test --skip-build
