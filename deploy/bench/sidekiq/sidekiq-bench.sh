#!/usr/bin/env bash
# Baseline Sidekiq drain-rate benchmark.
# Usage: sidekiq-bench.sh --redis-url redis://[:pw@]host:port/db [--jobs 20000]
#        [--threads 10] [--kind noop|small] [--queue bench] [--timeout 300]
# stdout: one JSON line. Exit: 0 ok, 2 usage, 3 sidekiq missing, 4 run failed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="" jobs=20000 threads=10 kind=noop queue=bench timeout=300
usage() { echo "usage: $0 --redis-url URL [--jobs N] [--threads T] [--kind noop|small] [--queue Q] [--timeout S]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --redis-url) url="${2:-}"; shift 2 ;;
    --jobs) jobs="${2:-}"; shift 2 ;;
    --threads) threads="${2:-}"; shift 2 ;;
    --kind) kind="${2:-}"; shift 2 ;;
    --queue) queue="${2:-}"; shift 2 ;;
    --timeout) timeout="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$url" ] || usage
[[ "$jobs" =~ ^[1-9][0-9]*$ && "$threads" =~ ^[1-9][0-9]*$ && "$timeout" =~ ^[0-9]+$ ]] || usage
[[ "$kind" == noop || "$kind" == small ]] || usage
[[ "$queue" =~ ^[A-Za-z0-9_.-]+$ ]] || usage

if ! command -v ruby >/dev/null 2>&1 ||
   ! ruby -e 'require "sidekiq"; require "sidekiq/cli"; Gem.bin_path("sidekiq", "sidekiq")' >/dev/null 2>&1; then
  echo "sidekiq not installed (need ruby + the sidekiq library, e.g. apt-get install ruby-sidekiq)" >&2
  exit 3
fi
exec ruby "$here/bench_driver.rb" "$url" "$jobs" "$threads" "$kind" "$queue" "$timeout"
