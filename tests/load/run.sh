#!/usr/bin/env bash
# Load test on loopback: starts the published Release build, then in one run drives
#   1. a trivial endpoint of the same host (GET /health/live): the ceiling on this machine,
#   2. the order-sign hook with the 50-observation payload,
# with wrk (peak requests/s, p50/p99), then the hook at 70% of its peak rate with hey (p50/p99 at that load).
# Bounded: every phase has a fixed duration; the server is stopped on exit. Only 127.0.0.1 is targeted.
# Usage: tests/load/run.sh [seconds-per-phase, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-15}
PORT=${PORT:-5199}
HOST=http://127.0.0.1:$PORT
BODY_FILE=$PWD/tests/Fixtures/perf/order-sign-50.json
OUT=$(mktemp -d)

for tool in wrk hey; do
  command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk hey >/dev/null; }
done

dotnet publish src/BoneCds.Api -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
# Production-like: JSON logs (to a file), auth flag on because wrk cannot sign a fresh JWT per request (README explains).
(cd "$OUT/app" && ASPNETCORE_URLS=$HOST Logging__Json=true Feedback__SqlitePath="$OUT/feedback.db" \
  exec dotnet BoneCds.Api.dll --Auth:AllowUnauthenticated=true >"$OUT/server.log" 2>&1) &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "$HOST/health/ready" >/dev/null && break; sleep 0.2; done
curl -fs "$HOST/health/ready" >/dev/null

export BODY_FILE
echo "warm-up..."
wrk -t1 -c8 -d5s "$HOST/health/live" >/dev/null
wrk -t1 -c8 -d5s -s tests/load/post.lua "$HOST/cds-services/bone-health-order-sign" >/dev/null

# wrk --latency prints "50%  1.23ms" style lines; normalise to milliseconds.
ms() { awk -v p="$1" '$1==p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.2f", v}' "$2"; }
rps() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }

wrk -t1 -c16 -d"${DURATION}s" --latency "$HOST/health/live" >"$OUT/trivial.txt"
wrk -t1 -c16 -d"${DURATION}s" --latency -s tests/load/post.lua "$HOST/cds-services/bone-health-order-sign" >"$OUT/hook.txt"
grep -q "Non-2xx" "$OUT/hook.txt" && { echo "hook answered non-2xx under load:"; cat "$OUT/hook.txt"; exit 1; }

TRIVIAL_RPS=$(rps "$OUT/trivial.txt"); HOOK_RPS=$(rps "$OUT/hook.txt")
WORKERS=8
RATE=$(( HOOK_RPS * 70 / 100 / WORKERS )); [ "$RATE" -ge 1 ] || RATE=1
hey -z "${DURATION}s" -c $WORKERS -q $RATE -m POST -T application/json -D "$BODY_FILE" "$HOST/cds-services/bone-health-order-sign" >"$OUT/hook70.txt"
h70() { awk -v p="$1%" '$1==p && $2=="in" {printf "%.2f", $3*1000}' "$OUT/hook70.txt"; }
H70_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/hook70.txt")

echo
echo "BoneCds load test: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), ${DURATION}s per phase, loopback"
printf "%-40s %10s %10s %10s\n" "scenario" "req/s" "p50 ms" "p99 ms"
printf "%-40s %10s %10s %10s\n" "GET /health/live (ceiling)" "$TRIVIAL_RPS" "$(ms 50% "$OUT/trivial.txt")" "$(ms 99% "$OUT/trivial.txt")"
printf "%-40s %10s %10s %10s\n" "order-sign hook, 50 obs (peak)" "$HOOK_RPS" "$(ms 50% "$OUT/hook.txt")" "$(ms 99% "$OUT/hook.txt")"
printf "%-40s %10s %10s %10s\n" "order-sign hook at 70% of peak" "$H70_RPS" "$(h70 50)" "$(h70 99)"
awk -v h="$HOOK_RPS" -v t="$TRIVIAL_RPS" 'BEGIN {printf "hook / trivial throughput: %.1f%%\n", 100*h/t}'
