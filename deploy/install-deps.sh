#!/usr/bin/env bash
# Installs what the project needs from Debian where it is missing: hiredis, jansson, libcrypto, zlib and libxml2 (headers
# and libraries), redis-server, and python3-jsonschema (checks schemas/ and their examples). The Swift toolchain itself is
# expected on PATH (swift 6.x).
# --tests also installs what only the tests use:
# - without recommended packages: python3-openpyxl and LibreOffice Calc (libreoffice-calc-nogui: 58 packages, 86 MiB to
#   download, 264 MiB installed, 35 s here), which read the import template and the error report as a spreadsheet program
#   would (ImportScanTests: TemplateInOpenpyxlTests, TemplateInLibreOfficeTests);
# - python3-yaml and python3-venv (deploy/check-deploy.sh);
# - promtool (checks and unit-tests deploy/prometheus/, lints /metrics);
# - kubernetes-validate from PyPI in a venv (deploy/check-k8s.py).
# The e-certificate (ECertificate) adds, without recommended packages, cairo and Pango (headers and libraries), libqrencode and
# the font it prints in, fonts-wqy-microhei (1.6 MiB; fonts-noto-cjk would be 54 MiB): on a minimal Debian 12 with the rest
# installed, 87 packages, 27 MiB to download, 78 MiB installed (12 s here, where 36 of them were missing). --tests adds
# poppler-utils, zbar-tools and openssl (20 more packages, 7 MiB to download, 37 MiB installed, 5 s here), with which
# ECertificateTests read the certificate's PDF, decode its QR code from a rendered page and verify its signature.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=0
update() { [ "$updated" -eq 1 ] || { $sudo apt-get update -qq; updated=1; }; }
install() {  # install [apt-get options…] -- packages…: those not yet installed
  local options=() need=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  [ ${#need[@]} -gt 0 ] || return 0
  echo "installing: ${need[*]}" >&2
  update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${options[@]}" "${need[@]}" >/dev/null
}
install -- libhiredis-dev libjansson-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libxml2-dev redis-server python3-jsonschema
install --no-install-recommends -- libcairo2-dev libpango1.0-dev libqrencode-dev fonts-wqy-microhei
if [ "${1:-}" = "--tests" ]; then
  install --no-install-recommends -- python3-openpyxl libreoffice-calc-nogui poppler-utils zbar-tools openssl
  install -- python3-yaml python3-venv
  # promtool: Debian ships it only inside `prometheus` (96 MB installed, with the server, its web assets and a service that
  # a systemd machine would start). Only /usr/bin/promtool (48 MB, links libc only) is taken from that package's .deb,
  # into /usr/local/bin. A promtool already on PATH (Debian's package, a release) is used as it is.
  if ! command -v promtool >/dev/null 2>&1 && [ ! -x /usr/local/bin/promtool ]; then
    echo "installing: promtool (from Debian's prometheus package)" >&2
    tmp="$(mktemp -d)"; chmod 755 "$tmp"   # apt-get download runs as _apt where it can
    update
    # (stderr: apt's note that it downloads unsandboxed into a directory _apt cannot write)
    (cd "$tmp" && $sudo apt-get download -qq prometheus 2>/dev/null) || { echo "apt-get download prometheus failed" >&2; exit 1; }
    dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -xO ./usr/bin/promtool > "$tmp/promtool"
    chmod 755 "$tmp/promtool"
    "$tmp/promtool" --version >/dev/null
    $sudo /usr/bin/install -m 0755 "$tmp/promtool" /usr/local/bin/promtool   # not the install() above
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
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
