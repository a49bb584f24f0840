#!/usr/bin/env bash
# Installs what the project needs from Debian where it is missing: hiredis, jansson, libcrypto, zlib and libxml2 (headers
# and libraries), redis-server, and python3-jsonschema (checks schemas/ and their examples). The Swift toolchain itself is expected on PATH (swift 6.x).
# --tests also installs what only the tests use, without recommended packages: python3-openpyxl and LibreOffice Calc
# (libreoffice-calc-nogui: 58 packages, 86 MiB to download, 264 MiB installed, 35 s here), which read the import template and the error
# report as a spreadsheet program would (ImportScanTests: TemplateInOpenpyxlTests, TemplateInLibreOfficeTests).
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
if [ "${1:-}" = "--tests" ]; then
  install --no-install-recommends -- python3-openpyxl libreoffice-calc-nogui
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
