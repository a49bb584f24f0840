#!/usr/bin/env bash
# Installs what the project needs from Debian where it is missing: hiredis, jansson, libcrypto, zlib and libxml2 (headers
# and libraries), redis-server, and python3-jsonschema (checks schemas/ and their examples). The Swift toolchain itself is expected on PATH (swift 6.x).
# The e-certificate (ECertificate) adds, without recommended packages, cairo and Pango (headers and libraries), libqrencode and
# the font it prints in, fonts-wqy-microhei (1.6 MiB; fonts-noto-cjk would be 54 MiB): on a minimal Debian 12 with the rest
# installed, 87 packages, 27 MiB to download, 78 MiB installed (12 s here, where 36 of them were missing).
# --tests also installs what only the tests use, without recommended packages: python3-openpyxl and LibreOffice Calc
# (libreoffice-calc-nogui: 58 packages, 86 MiB to download, 264 MiB installed, 35 s here), which read the import template and the error
# report as a spreadsheet program would (ImportScanTests: TemplateInOpenpyxlTests, TemplateInLibreOfficeTests); and poppler-utils,
# zbar-tools and openssl (20 more packages, 7 MiB to download, 37 MiB installed, 5 s here), with which ECertificateTests read the
# certificate's PDF, decode its QR code from a rendered page and verify its signature without our code.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=0
install() {  # install [apt-get options…] -- packages…: those not yet installed
  local options=() need=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
  [ ${#need[@]} -gt 0 ] || return 0
  echo "installing: ${need[*]}" >&2
  [ "$updated" -eq 1 ] || { $sudo apt-get update -qq; updated=1; }
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${options[@]}" "${need[@]}" >/dev/null
}
install -- libhiredis-dev libjansson-dev libssl-dev libcurl4-openssl-dev zlib1g-dev libxml2-dev redis-server python3-jsonschema
install --no-install-recommends -- libcairo2-dev libpango1.0-dev libqrencode-dev fonts-wqy-microhei
if [ "${1:-}" = "--tests" ]; then
  install --no-install-recommends -- python3-openpyxl libreoffice-calc-nogui poppler-utils zbar-tools openssl
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
