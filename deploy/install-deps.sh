#!/usr/bin/env bash
# Installs what the project needs from Debian where it is missing: hiredis, jansson, libcrypto, zlib and libxml2 (headers
# and libraries), redis-server, python3-jsonschema (checks schemas/ and their examples), python3-yaml and python3-venv
# (deploy/check-deploy.sh), and promtool (checks and unit-tests deploy/prometheus/, lints /metrics). The Swift toolchain
# itself is expected on PATH (swift 6.x).
set -euo pipefail
need=()
for pkg in libhiredis-dev libjansson-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libxml2-dev redis-server python3-jsonschema python3-yaml python3-venv; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
# promtool: Debian ships it only inside `prometheus` (96 MB installed, with the server, its web assets and a service that
# a systemd machine would start). Only /usr/bin/promtool (48 MB, links libc only) is taken from that package's .deb,
# into /usr/local/bin. A promtool already on PATH (Debian's package, a release) is used as it is.
if ! command -v promtool >/dev/null 2>&1 && [ ! -x /usr/local/bin/promtool ]; then
  echo "installing: promtool (from Debian's prometheus package)" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  tmp="$(mktemp -d)"; chmod 755 "$tmp"   # apt-get download runs as _apt where it can
  $sudo apt-get update -qq
  # (stderr: apt's note that it downloads unsandboxed into a directory _apt cannot write)
  (cd "$tmp" && $sudo apt-get download -qq prometheus 2>/dev/null) || { echo "apt-get download prometheus failed" >&2; exit 1; }
  dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -xO ./usr/bin/promtool > "$tmp/promtool"
  chmod 755 "$tmp/promtool"
  "$tmp/promtool" --version >/dev/null
  $sudo install -m 0755 "$tmp/promtool" /usr/local/bin/promtool
  $sudo rm -rf "$tmp"
fi
# kubernetes-validate (PyPI; Kubernetes' JSON schemas inside the package) for deploy/check-k8s.py, in a venv of Debian's
# python3 kept between runs: ${VT_TOOLS_DIR:-~/.cache/vt-tools}/venv (deploy/check-deploy.sh reads the same path).
venv="${VT_TOOLS_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/vt-tools}/venv"
if ! "$venv/bin/python" -c 'import kubernetes_validate' 2>/dev/null; then
  echo "installing: kubernetes-validate (PyPI) into $venv" >&2
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'kubernetes-validate==1.37.0'
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
