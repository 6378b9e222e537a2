#!/usr/bin/env bash
# Scripted check of `npm run demo`: it prints the URL, the URL answers, and Ctrl-C (SIGINT
# to its process group, as a terminal sends it) leaves none of the processes it started.
#
#   bash tools/demo/check-demo.sh [seconds to let it run, default 5]
#
# Stop a running demo first (it uses the same port and instance).
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
start=$(date +%s.%N)
setsid npm run demo >"$log" 2>&1 &
group=$!
for _ in $(seq 1 1200); do grep -q "Flightdeck is ready at" "$log" && break; kill -0 "$group" 2>/dev/null || break; sleep 0.5; done
url=$(grep -o "Flightdeck is ready at http://[0-9.:]*" "$log" | grep -o "http://.*" || true)
[ -n "$url" ] || { cat "$log"; echo "FAIL: no URL printed"; exit 1; }
echo "ready after $(echo "$(date +%s.%N) - $start" | bc) s (wall clock, npm included): $(grep -o '([0-9.]* s)$' "$log" | tail -1) by its own count"
for route in / /executions /readiness /api/healthz; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url$route")
  echo "GET $route -> $code"; [ "$code" = 200 ] || { echo "FAIL"; exit 1; }
done
pids=$(node -e "console.log(JSON.parse(require('fs').readFileSync('.demo/pids.json','utf8')).map(p=>p.pid).join(' '))")
sleep "${1:-5}"
kill -INT -- "-$group"
for _ in $(seq 1 60); do kill -0 "$group" 2>/dev/null || break; sleep 0.5; done
left=0
for p in $pids $group; do if kill -0 "$p" 2>/dev/null; then echo "FAIL: pid $p still runs"; left=1; fi; done
[ ! -e .demo/pids.json ] || { echo "FAIL: .demo/pids.json left"; left=1; }
tail -3 "$log"; rm -f "$log"
[ "$left" = 0 ] && echo "OK: SIGINT stopped every process the demo started ($pids)"
exit "$left"
