#!/usr/bin/env bash
# No container engine on these machines, so CI proves the container's conditions another way: the published app runs as an
# unprivileged user, from a read-only content root, with a separate writable data directory (as deploy/Dockerfile and the
# Kubernetes securityContext arrange). It must become ready and answer a hook.
set -euo pipefail
cd "$(dirname "$0")/.."
publish=/tmp/bonecds-smoke/app
data=/tmp/bonecds-smoke/data
port=58087
rm -rf /tmp/bonecds-smoke && mkdir -p "$publish" "$data"
dotnet publish src/BoneCds.Api/BoneCds.Api.csproj -c Release -r linux-x64 --self-contained false -o "$publish" \
  -p:PublishReadyToRun=true >/dev/null

id bonecds >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin bonecds
chown -R root:root "$publish" && chmod -R a-w "$publish"   # read-only content root
chown bonecds "$data"                                       # the only place it may write (besides /tmp)
if runuser -u bonecds -- touch "$publish/probe" 2>/dev/null; then echo "content root is writable by the service user" >&2; exit 1; fi

log=/tmp/bonecds-smoke/app.log
# Development: the development flag (refused in every other environment) lets the smoke test call a hook without an EHR's key.
# Started from the published folder, as the image's WORKDIR /app: that folder is the content root (wwwroot included).
pushd "$publish" >/dev/null
runuser -u bonecds -- env -i PATH="$PATH" HOME=/nonexistent TMPDIR=/tmp DOTNET_ROOT="${DOTNET_ROOT:-}" \
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Feedback__SqlitePath="$data/bonecds-feedback.db" Auth__AllowUnauthenticated=true FhirFetch__Enabled=false \
  dotnet "$publish/BoneCds.Api.dll" >"$log" 2>&1 &
start=$(date +%s%N)
pid=$!
popd >/dev/null
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 400); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "the service exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.05
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "not ready:" >&2; cat "$log" >&2; exit 1; }
ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
body=$(curl -fs "http://127.0.0.1:$port/examples/patient-view")
cards=$(curl -fs -H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$port/cds-services/bone-health-patient-view")
hook_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "$cards" | grep -q '"VITD-DEFICIENT"' || { echo "the hook gave no vitamin D card: $cards" >&2; exit 1; }
test -s "$data/bonecds-feedback.db" || { echo "no feedback database in the data directory" >&2; exit 1; }
# The trend page is in the published output and served with its policy (its chunks are referenced from the page's modules).
curl -fsI "http://127.0.0.1:$port/app/launch.html" | grep -qi '^content-security-policy:' \
  || { echo "the trend page (/app/launch.html) is not served from the published build" >&2; exit 1; }
echo "container smoke (ReadyToRun): ready in ${ready_ms} ms, first hook answered ${hook_ms} ms after start, as user bonecds," \
  "read-only content root"
