#!/usr/bin/env bash
# What CI runs to prove deploy/Dockerfile's build stage works (CI cannot run docker): the same
# apt packages and the same `swift build` command as the build stage, then the same products.
# Keep in step with deploy/Dockerfile (deploy/check-deploy.sh compares them).
#   bash deploy/ci-build.sh          fails when a product the image copies is missing
#   VT_ALLOW_MISSING_WORKERS=1 ...   only warns (while some workers have not landed yet)
set -euo pipefail
cd "$(dirname "$0")/.."

# libhiredis-dev libjansson-dev (+ redis-server, python3-jsonschema for the tests) ...
bash deploy/install-deps.sh
# ... and libssl-dev, libcurl4-openssl-dev, zlib1g-dev, libxml2-dev, libcairo2-dev, libpango1.0-dev, libqrencode-dev, as the
# Dockerfile's build stage.
for pkg in libhiredis-dev libjansson-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libxml2-dev libcairo2-dev libpango1.0-dev libqrencode-dev; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
  fi
done

swift build -c release --static-swift-stdlib
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"

status=0
for p in certification-worker qualification-worker import-worker notification-worker training-worker subsidy-worker vtctl; do
  if [ ! -x "$bin/$p" ]; then
    if [ "${VT_ALLOW_MISSING_WORKERS:-0}" = 1 ]; then
      echo "ci-build: warning: $p not built (the image's COPY would fail)" >&2
    else
      echo "ci-build: error: $p not built, but deploy/Dockerfile copies it" >&2; status=1
    fi
    continue
  fi
  # The runtime image has no Swift runtime: nothing may link libswift*/Foundation/dispatch shared.
  if ldd "$bin/$p" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|not found'; then
    echo "ci-build: error: $p links a shared library the runtime image lacks (see above)" >&2; status=1
  else
    echo "ci-build: $p ok ($(ldd "$bin/$p" | awk '{print $1}' | grep -vE '^(linux-vdso|/lib64/ld-linux)' | tr '\n' ' '))"
  fi
done
exit $status
