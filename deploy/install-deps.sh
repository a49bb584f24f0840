#!/usr/bin/env bash
# Installs what the project needs from Debian where it is missing: hiredis, jansson, libcrypto, zlib and libxml2 (headers
# and libraries), redis-server, and python3-jsonschema (checks schemas/ and their examples). The Swift toolchain itself is expected on PATH (swift 6.x).
set -euo pipefail
need=()
for pkg in libhiredis-dev libjansson-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libxml2-dev redis-server python3-jsonschema; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
