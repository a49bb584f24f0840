#!/usr/bin/env bash
# The one run command (README "Quick start"): installs what is missing, builds in release mode,
# starts a local Redis (AOF on, data in ./var/redis, port 6390, ACL users), starts one of each
# worker with its metrics port, runs a short demo, then keeps everything running until Ctrl-C or
# SIGTERM stops it all at once. While it runs, var/vtctl.env sets up vtctl in another terminal
# and var/prometheus/targets.json lists the metrics addresses (deploy/prometheus/prometheus.yaml).
#   VT_RUN_PORT (6390)  Redis's port     VT_RUN_METRICS_PORT (9464)  the first worker's metrics port, then +1 each
#   VT_RUN_BIN=DIR      use the executables in DIR: no install, no build (deploy/check-run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
if [ -n "${VT_RUN_BIN:-}" ]; then
  bin="$(cd "$VT_RUN_BIN" && pwd)"
else
  bash deploy/install-deps.sh
  swift build -c release 2>&1 | tail -1
  bin="$(swift build -c release --show-bin-path)"
fi

port="${VT_RUN_PORT:-6390}"
mkdir -p var/redis var/log
[ -s var/redis/password ] || (head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > var/redis/password)
password="$(cat var/redis/password)"
export VT_PREFIX="${VT_PREFIX:-vt}"
# Redis ACL (deploy/redis/users.acl): operators are `default` with var/redis/password; the
# workers connect as vt-worker and vtctl as vt-vtctl, each holding only its commands on $VT_PREFIX:*.
cp var/redis/password var/redis/admin.password
bash deploy/redis/make-acl.sh var/redis "$VT_PREFIX" >/dev/null
worker_url="redis://vt-worker:$(cat var/redis/worker.password)@127.0.0.1:${port}/0"
export VT_REDIS_URL="redis://vt-vtctl:$(cat var/redis/vtctl.password)@127.0.0.1:${port}/0"
export VT_RUN_PORT="$port" VT_RUN_PASSWORD="$password"

pids=()
redis_pid=""
demo_pid=""
sleep_pid=""
stop_all() {
  trap - EXIT
  trap '' INT TERM   # a second Ctrl-C does not cut the stop short
  rm -f var/vtctl.env var/prometheus/targets.json
  for pid in $sleep_pid $demo_pid; do pkill -TERM -P "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  echo
  echo "stopping workers (SIGTERM: they finish in-flight jobs and hand back the rest)..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  redis-cli -p "$port" -a "$password" --no-auth-warning shutdown >/dev/null 2>&1 || true
  [ -n "${redis_pid:-}" ] && wait "$redis_pid" 2>/dev/null || true
  echo "stopped. Redis data is kept in $root/var/redis"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

redis-server --port "$port" --bind 127.0.0.1 --dir "$root/var/redis" --appendonly yes --appendfsync everysec \
  --aclfile "$root/var/redis/users.acl" --logfile "$root/var/log/redis.log" --daemonize no &
redis_pid=$!
for _ in $(seq 1 100); do
  redis-cli -p "$port" -a "$password" --no-auth-warning ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
echo "redis: 127.0.0.1:$port (AOF in var/redis, log var/log/redis.log, ACL users in var/redis/users.acl: default's password in var/redis/password, vt-worker's and vt-vtctl's next to it)"

# Every worker executable built so far; each logs JSON lines to var/log/<name>.log.
workers=()
for w in certification-worker qualification-worker import-worker notification-worker training-worker subsidy-worker vt-testworker; do
  [ -x "$bin/$w" ] && workers+=("$w")
done
mkdir -p var/uploads var/prometheus
# The training worker signs e-certificates with an Ed25519 key: made here on first start (mode 600),
# kept across runs (certificates already issued verify only with its public half, var/cert-public.pem).
if [ ! -s var/cert-signing.pem ]; then
  (umask 077; openssl genpkey -algorithm ed25519 -out var/cert-signing.pem)
  echo "made the e-certificate signing key var/cert-signing.pem"
fi
openssl pkey -in var/cert-signing.pem -pubout -out var/cert-public.pem
export VT_CERT_SIGNING_KEY="$root/var/cert-signing.pem"
metrics_port="${VT_RUN_METRICS_PORT:-9464}"
targets=()
for w in "${workers[@]}"; do
  # The import worker reads `path` sources only under var/uploads (uploads by Redis key are unaffected).
  VT_REDIS_URL="$worker_url" VT_IMPORT_DIR="$root/var/uploads" VT_METRICS_PORT="$metrics_port" "$bin/$w" >>"var/log/$w.log" 2>&1 &
  pids+=($!)
  targets+=("{\"targets\": [\"127.0.0.1:$metrics_port\"], \"labels\": {\"worker\": \"$w\"}}")
  echo "started $w (pid $!, metrics http://127.0.0.1:$metrics_port/metrics, log var/log/$w.log)"
  metrics_port=$((metrics_port + 1))
done
# For Prometheus (deploy/prometheus/prometheus.yaml reads it) and for another terminal.
(IFS=,; echo "[${targets[*]}]") > var/prometheus/targets.json
(umask 077; {
  echo "# Written by deploy/run.sh while it runs (removed when it stops). In another terminal:"
  echo "#   source var/vtctl.env && vtctl stats"
  printf 'export VT_REDIS_URL=%q VT_PREFIX=%q\n' "$VT_REDIS_URL" "$VT_PREFIX"
  printf 'export PATH=%q:"$PATH"\n' "$bin"
} > var/vtctl.env)
echo "vtctl in another terminal: source var/vtctl.env && vtctl stats (Prometheus targets: var/prometheus/targets.json)"

bash deploy/demo.sh "$bin" &
demo_pid=$!
wait "$demo_pid" || echo "demo failed; see var/log/"
demo_pid=""
echo
echo "Running. In another terminal: source var/vtctl.env, then vtctl --help. Ctrl-C (or SIGTERM) stops everything."
while true; do
  sleep 3600 &
  sleep_pid=$!
  wait "$sleep_pid"
done
