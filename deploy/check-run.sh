#!/usr/bin/env bash
# deploy/run.sh behaves like a service script (run by deploy/test.sh after the build; about 30 s):
# it is started, on free ports and in a scratch copy of the repository (its own var/), with the
# debug executables (VT_RUN_BIN); once its demo has run:
#   - var/vtctl.env, sourced in another shell, gives a vtctl that reaches the running system;
#   - it made the e-certificate signing key, and vtctl prints the public key the training worker published;
#   - every worker printed its metrics port, and each answers /metrics with vt_worker_up 1;
#     var/prometheus/targets.json lists them;
#   - the demo printed the import report once;
#   - SIGTERM to the script stops it and everything it started within a few seconds, and removes
#     var/vtctl.env;
# then again, with SIGTERM in the middle of the demo.
#   bash deploy/check-run.sh [BIN_DIR]     (default: swift build --show-bin-path)
# Prints "N passed, M failed"; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
bin="${1:-$(swift build --show-bin-path)}"
stop_within=10   # seconds from SIGTERM until every process of the script is gone

passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

for exe in vtctl certification-worker; do
  [ -x "$bin/$exe" ] || { echo "FAIL  $bin/$exe is not built (swift build first)"; echo "0 passed, 1 failed"; exit 1; }
done

# A scratch copy: run.sh works in <its directory>/.., so its var/ and Redis data stay out of the repository.
scratch="$(mktemp -d)"
mkdir -p "$scratch/deploy"
cp -r deploy/run.sh deploy/demo.sh deploy/install-deps.sh deploy/redis "$scratch/deploy/"
ln -s "$repo/schemas" "$scratch/schemas"

# Free ports: one for Redis, then a run of 8 for the workers' metrics.
read -r redis_port metrics_port < <(/usr/bin/python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try: s.bind(("0.0.0.0", p)); return True
    except OSError: return False
    finally: s.close()
while True:
    r, m = random.randrange(20000, 30000), random.randrange(30000, 40000)
    if free(r) and all(free(m + i) for i in range(8)): print(r, m); break
PY
)

script_pid=""
cleanup() {
  # Whatever a failed check left running: the script's own process group, by its id.
  if [ -n "$script_pid" ] && kill -0 "$script_pid" 2>/dev/null; then kill -KILL -- "-$script_pid" 2>/dev/null; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# Starts run.sh in a process group of its own (its pid is the group id); output to $1.
start_run() {
  VT_RUN_BIN="$bin" VT_RUN_PORT="$redis_port" VT_RUN_METRICS_PORT="$metrics_port" \
    setsid bash "$scratch/deploy/run.sh" >"$1" 2>&1 < /dev/null &
  script_pid=$!
}
# Waits until the log $1 has a line matching $2 (at most $3 seconds).
wait_for_line() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$script_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
group_alive() { pgrep -g "$script_pid" >/dev/null 2>&1; }
# After a failed check: SIGKILL to what is left of the script's process group.
kill_group() { kill -KILL -- "-$script_pid" 2>/dev/null; sleep 0.5; }
# SIGTERM to the script alone; prints the seconds until its whole process group is gone.
terminate_and_time() {
  local start=$SECONDS deadline=$((SECONDS + 60))
  kill -TERM "$script_pid"
  while group_alive && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  echo $((SECONDS - start))
}
redis_answers() { redis-cli -p "$redis_port" -a "$(cat "$scratch/var/redis/password")" --no-auth-warning ping 2>/dev/null | grep -q PONG; }

# ---- 1. the demo to its end, then SIGTERM ----
log1="$scratch/run1.log"
start_run "$log1"
if wait_for_line "$log1" '^Running\.' 180; then
  pass "run.sh started Redis, the workers and ran its demo (var in a scratch copy, Redis on $redis_port)"

  env_file="$scratch/var/vtctl.env"
  mode="$(stat -c %a "$env_file" 2>/dev/null)"
  [ "$mode" = 600 ] && pass "var/vtctl.env written, mode 600 (it holds vt-vtctl's password)" || fail "var/vtctl.env missing or mode $mode"
  out="$(env -i PATH=/usr/bin:/bin HOME="$HOME" bash -c "source '$env_file' && command -v vtctl && vtctl stats" 2>&1)"
  if [ $? -eq 0 ] && echo "$out" | head -1 | grep -qx "$bin/vtctl" && echo "$out" | grep -q certification; then
    pass "another shell: source var/vtctl.env && vtctl stats reaches the running system"
  else
    fail "source var/vtctl.env && vtctl stats: $out"
  fi
  out="$(env -i PATH=/usr/bin:/bin bash -c "source '$env_file' && vtctl dead list certification" 2>&1)"
  echo "$out" | grep -q 'malformed' && pass "vtctl from var/vtctl.env sees the demo's dead letter" || fail "vtctl dead list certification: $out"

  key="$scratch/var/cert-signing.pem"
  if [ "$(stat -c %a "$key" 2>/dev/null)" = 600 ] && openssl pkey -in "$key" -noout 2>/dev/null; then
    pass "run.sh made the e-certificate signing key var/cert-signing.pem (Ed25519, mode 600)"
  else
    fail "var/cert-signing.pem missing, unreadable or not mode 600"
  fi
  out="$(env -i PATH=/usr/bin:/bin bash -c "source '$env_file' && vtctl certificate public-key" 2>&1)"
  [ "$out" = "$(cat "$scratch/var/cert-public.pem")" ] && pass "vtctl certificate public-key prints the key the training worker publishes" \
    || fail "vtctl certificate public-key: $out"

  workers="$(grep -c '^started .*metrics http://127.0.0.1:[0-9]*/metrics' "$log1")"
  problems=""
  while read -r w port; do
    body="$(/usr/bin/python3 -c "import urllib.request,sys; print(urllib.request.urlopen('http://127.0.0.1:$port/metrics', timeout=5).read().decode())" 2>&1)"
    echo "$body" | grep -q '^vt_worker_up{queue="[a-z-]*"} 1' || problems+=" $w:$port"
  done < <(sed -n 's|^started \([^ ]*\) .*metrics http://127.0.0.1:\([0-9]*\)/metrics.*|\1 \2|p' "$log1")
  if [ "$workers" -ge 4 ] && [ -z "$problems" ]; then
    pass "$workers workers printed their metrics ports, each answers /metrics with vt_worker_up 1"
  else
    fail "metrics ports: $workers printed; not answering vt_worker_up 1:${problems:- none}"
  fi
  listed="$(/usr/bin/python3 -c "import json,sys; print(len([t for g in json.load(open(sys.argv[1])) for t in g['targets']]))" "$scratch/var/prometheus/targets.json" 2>&1)"
  [ "$listed" = "$workers" ] && pass "var/prometheus/targets.json lists the $workers metrics addresses" || fail "var/prometheus/targets.json: $listed"

  reports="$(grep -c '^import demo-imp-[0-9]*:$' "$log1")"
  [ "$reports" = 1 ] && pass "the demo printed the import report once" || fail "the demo printed the import report $reports times"
  grep -q '^error report (xlsx): ' "$log1" && pass "the demo wrote the xlsx error report" || fail "no error report line in the demo"

  took="$(terminate_and_time)"
  if ! group_alive && [ "$took" -le "$stop_within" ]; then
    pass "SIGTERM after the demo: the script, Redis and every worker gone in ${took} s"
  else
    fail "SIGTERM after the demo: still running after ${took} s: $(pgrep -g "$script_pid" -a | head -5 | tr '\n' ';')"
    kill_group
  fi
  grep -q '^stopped\.' "$log1" && pass "run.sh stopped its workers and Redis (\"stopped.\")" || fail "no \"stopped.\" line: $(tail -3 "$log1")"
  [ ! -e "$env_file" ] && [ ! -e "$scratch/var/prometheus/targets.json" ] && pass "var/vtctl.env and var/prometheus/targets.json removed on stop" \
    || fail "var/vtctl.env or targets.json left behind"
  redis_answers && fail "Redis still answers on $redis_port after stop" || pass "Redis no longer answers after stop"
else
  fail "run.sh did not reach 'Running.' in 180 s: $(tail -20 "$log1")"
  kill_group
fi

# ---- 2. SIGTERM in the middle of the demo ----
log2="$scratch/run2.log"
start_run "$log2"
if wait_for_line "$log2" '^== 3\.' 120; then
  took="$(terminate_and_time)"
  if ! group_alive && [ "$took" -le "$stop_within" ]; then
    pass "SIGTERM during the demo: everything gone in ${took} s"
  else
    fail "SIGTERM during the demo: still running after ${took} s: $(pgrep -g "$script_pid" -a | head -5 | tr '\n' ';')"
    kill_group
  fi
  grep -q '^== 16\.' "$log2" && fail "the demo ran on to its last step after SIGTERM" || pass "the demo stopped where SIGTERM found it"
else
  fail "second run.sh did not reach the demo's step 3: $(tail -20 "$log2")"
  kill_group
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
