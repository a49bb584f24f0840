#!/usr/bin/env bash
# Writes a Redis ACL file from deploy/redis/users.acl for one key prefix, generating a password
# per user (kept next to it, mode 600) unless one exists:
#   bash deploy/redis/make-acl.sh OUT_DIR [PREFIX]     (PREFIX defaults to $VT_PREFIX or vt)
# Out: OUT_DIR/users.acl and OUT_DIR/{admin,worker,vtctl}.password. Start Redis with
# `--aclfile OUT_DIR/users.acl`, the workers with redis://vt-worker:$(cat worker.password)@host:port/0,
# vtctl with redis://vt-vtctl:$(cat vtctl.password)@host:port/0.
set -euo pipefail
out="${1:?usage: make-acl.sh OUT_DIR [PREFIX]}"
prefix="${2:-${VT_PREFIX:-vt}}"
case "$prefix" in *[!A-Za-z0-9_.-]*|"") echo "make-acl.sh: prefix must be letters, digits, _ . -" >&2; exit 2 ;; esac
template="$(dirname "$0")/users.acl"
mkdir -p "$out"
umask 077
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
for who in admin worker vtctl; do
    [ -s "$out/$who.password" ] || (head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$out/$who.password")
done
grep -v '^#' "$template" | sed -e "s/@PREFIX@/$prefix/g" \
    -e "s/@ADMIN_SHA256@/$(sha "$(cat "$out/admin.password")")/" \
    -e "s/@WORKER_SHA256@/$(sha "$(cat "$out/worker.password")")/" \
    -e "s/@VTCTL_SHA256@/$(sha "$(cat "$out/vtctl.password")")/" > "$out/users.acl"
echo "$out/users.acl (prefix $prefix)"
