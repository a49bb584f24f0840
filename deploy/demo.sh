#!/usr/bin/env bash
# The demo deploy/run.sh plays against the running system (VT_REDIS_URL and VT_PREFIX set).
set -euo pipefail
bin="$1"
cli() { redis-cli -p "$VT_RUN_PORT" -a "$VT_RUN_PASSWORD" --no-auth-warning "$@"; }
echo
echo "== demo: the job runtime =="
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
run="demo-$(date +%s)"
for i in 1 2 3; do
  cli XADD "$VT_PREFIX:queue:test" '*' job "{\"id\":\"$run-$i\",\"type\":\"test.count\",\"version\":1,\"createdAt\":\"$now\",\"payload\":{}}" >/dev/null
done
cli XADD "$VT_PREFIX:queue:test" '*' job '{"id":"'"$run"'-bad","type":"test.count"}' >/dev/null
echo "enqueued 3 jobs and 1 malformed job on $VT_PREFIX:queue:test"
sleep 1
for i in 1 2 3 bad; do
  echo "  $VT_PREFIX:result:$run-$i -> $(cli HGET "$VT_PREFIX:result:$run-$i" status) / $(cli HGET "$VT_PREFIX:result:$run-$i" outcome)"
done
echo "  dead letters in $VT_PREFIX:dead:test: $(cli XLEN "$VT_PREFIX:dead:test")"
