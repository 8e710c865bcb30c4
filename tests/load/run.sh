#!/usr/bin/env bash
# Load test on loopback: starts the published Release build, then in one run drives
#   1. a trivial endpoint of the same host (GET /health/live): the ceiling on this machine,
#   2. the order-sign hook with the 50-observation payload,
# with wrk (peak requests/s, p50/p99), then the hook at 70% of its peak rate with hey (p50/p99 at that load).
# Bounded: every phase has a fixed duration; the server is stopped on exit. Only 127.0.0.1 is targeted.
# Usage: tests/load/run.sh [--limits] [seconds-per-phase, default 15]
# EXTRA_ENV="Name=value ..." is passed to the service (e.g. the PostgreSQL store and Suppression__Enabled=false; see
#   docs/performance.md "Remembered overrides").
#   --limits  runs the service inside cgroups with the pod's limits from deploy/kubernetes/20-deployment.yaml (2 CPUs, 512 MiB):
#             the runtime sizes its GC from them as in the container, and the peak memory of the cgroup is reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
LIMITS=false
if [ "${1:-}" = "--limits" ]; then LIMITS=true; shift; fi
DURATION=${1:-15}
PORT=${PORT:-5199}
HOST=http://127.0.0.1:$PORT
BODY_FILE=$PWD/tests/Fixtures/perf/order-sign-50.json
OUT=$(mktemp -d)

for tool in wrk hey; do
  command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk hey >/dev/null; }
done

dotnet publish src/BoneCds.Api -c Release -o "$OUT/app" --nologo -v quiet >/dev/null
CG=bonecds-load-$$
ENTER=""
if $LIMITS; then
  mkdir -p /sys/fs/cgroup/memory/$CG /sys/fs/cgroup/cpu/$CG
  echo $((512 * 1024 * 1024)) > /sys/fs/cgroup/memory/$CG/memory.limit_in_bytes
  echo 100000 > /sys/fs/cgroup/cpu/$CG/cpu.cfs_period_us
  echo 200000 > /sys/fs/cgroup/cpu/$CG/cpu.cfs_quota_us
  # The shell joins the cgroups before exec, so the runtime sees the limits from its first instruction.
  ENTER="echo \$\$ > /sys/fs/cgroup/memory/$CG/cgroup.procs; echo \$\$ > /sys/fs/cgroup/cpu/$CG/cgroup.procs;"
fi
# Production-like (JSON logs to a file) but Staging: the auth development flag, refused in Production, is on because wrk
# cannot sign a fresh JWT per request (docs/performance.md explains).
STARTED=$(date +%s%N)
# wrk repeats one body, so every call after the first finds its prefetch parsed (the order-select -> order-sign path);
# PREFETCH_CACHE_SECONDS=0 measures every call parsing its prefetch (a new patient each time).
(cd "$OUT/app" && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$HOST Logging__Json=true \
  Service__PrefetchCacheSeconds="${PREFETCH_CACHE_SECONDS:-120}" Feedback__SqlitePath="$OUT/feedback.db" \
  exec sh -c "$ENTER exec env ${EXTRA_ENV:-} dotnet BoneCds.Api.dll --Auth:AllowUnauthenticated=true" >"$OUT/server.log" 2>&1) &
SERVER=$!
cleanup() {
  kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true
  if $LIMITS; then rmdir /sys/fs/cgroup/memory/$CG /sys/fs/cgroup/cpu/$CG 2>/dev/null || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "$HOST/health/ready" >/dev/null && break; sleep 0.2; done
curl -fs "$HOST/health/ready" >/dev/null
curl -fs -H 'Content-Type: application/json' --data-binary @"$BODY_FILE" "$HOST/cds-services/bone-health-order-sign" >/dev/null
FIRST_HOOK_MS=$(( ($(date +%s%N) - STARTED) / 1000000 ))

# The same record as a patient-view call (no draft orders), for the chart-opening hook.
PV_FILE=$OUT/patient-view-50.json
python3 - "$BODY_FILE" "$PV_FILE" <<'PY'
import json, sys
request = json.load(open(sys.argv[1]))
request["hook"] = "patient-view"
request["context"].pop("draftOrders", None)
request["context"].pop("selections", None)
json.dump(request, open(sys.argv[2], "w"))
PY

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

BODY_FILE=$PV_FILE wrk -t1 -c16 -d"${DURATION}s" --latency -s tests/load/post.lua "$HOST/cds-services/bone-health-patient-view" >"$OUT/pv.txt"
grep -q "Non-2xx" "$OUT/pv.txt" && { echo "patient-view answered non-2xx under load:"; cat "$OUT/pv.txt"; exit 1; }

TRIVIAL_RPS=$(rps "$OUT/trivial.txt"); HOOK_RPS=$(rps "$OUT/hook.txt"); PV_RPS=$(rps "$OUT/pv.txt")
WORKERS=8
RATE=$(( HOOK_RPS * 70 / 100 / WORKERS )); [ "$RATE" -ge 1 ] || RATE=1
hey -z "${DURATION}s" -c $WORKERS -q $RATE -m POST -T application/json -D "$BODY_FILE" "$HOST/cds-services/bone-health-order-sign" >"$OUT/hook70.txt"
PV_RATE=$(( PV_RPS * 70 / 100 / WORKERS )); [ "$PV_RATE" -ge 1 ] || PV_RATE=1
hey -z "${DURATION}s" -c $WORKERS -q $PV_RATE -m POST -T application/json -D "$PV_FILE" "$HOST/cds-services/bone-health-patient-view" >"$OUT/pv70.txt"
h70() { awk -v p="$1%" '$1==p && $2=="in" {printf "%.2f", $3*1000}' "${2:-$OUT/hook70.txt}"; }
H70_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/hook70.txt")
PV70_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/pv70.txt")

echo
echo "BoneCds load test: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), ${DURATION}s per phase, loopback"
printf "%-40s %10s %10s %10s\n" "scenario" "req/s" "p50 ms" "p99 ms"
printf "%-40s %10s %10s %10s\n" "GET /health/live (ceiling)" "$TRIVIAL_RPS" "$(ms 50% "$OUT/trivial.txt")" "$(ms 99% "$OUT/trivial.txt")"
printf "%-40s %10s %10s %10s\n" "order-sign hook, 50 obs (peak)" "$HOOK_RPS" "$(ms 50% "$OUT/hook.txt")" "$(ms 99% "$OUT/hook.txt")"
printf "%-40s %10s %10s %10s\n" "order-sign hook at 70% of peak" "$H70_RPS" "$(h70 50)" "$(h70 99)"
printf "%-40s %10s %10s %10s\n" "patient-view hook, 50 obs (peak)" "$PV_RPS" "$(ms 50% "$OUT/pv.txt")" "$(ms 99% "$OUT/pv.txt")"
printf "%-40s %10s %10s %10s\n" "patient-view hook at 70% of peak" "$PV70_RPS" "$(h70 50 "$OUT/pv70.txt")" "$(h70 99 "$OUT/pv70.txt")"
awk -v h="$HOOK_RPS" -v t="$TRIVIAL_RPS" 'BEGIN {printf "hook / trivial throughput: %.1f%%\n", 100*h/t}'
echo "process start to first answered hook: ${FIRST_HOOK_MS} ms"
if $LIMITS; then
  awk '{printf "limits 2 CPUs / 512 MiB: peak memory of the cgroup %.0f MiB", $1/1048576}' /sys/fs/cgroup/memory/$CG/memory.max_usage_in_bytes
  awk '/VmHWM/ {printf ", peak RSS %.0f MiB\n", $2/1024}' /proc/$(pgrep -f "BoneCds.Api.dll" | head -1)/status
fi
