#!/usr/bin/env bash
# The trend page's built assets (src/BoneCds.Api/wwwroot/app) are committed so `dotnet run` needs no Node: rebuild them from
# src/BoneCds.SmartApp with the locked packages and fail on any difference, and keep them under 300 KB compressed (issue 15).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --prefix src/BoneCds.SmartApp --no-audit --no-fund --loglevel=error >/dev/null
(cd src/BoneCds.SmartApp && node build.mjs)
if ! git diff --exit-code --stat -- src/BoneCds.Api/wwwroot/app || [ -n "$(git status --porcelain -- src/BoneCds.Api/wwwroot/app)" ]; then
  echo "src/BoneCds.Api/wwwroot/app differs from a fresh build of src/BoneCds.SmartApp: run 'npm ci && node build.mjs' there and commit." >&2
  exit 1
fi
total=0
while IFS= read -r f; do total=$((total + $(gzip -9c "$f" | wc -c))); done < <(find src/BoneCds.Api/wwwroot/app -type f)
echo "trend page assets: ${total} bytes gzip-compressed (limit 307200)"
[ "$total" -le 307200 ] || { echo "the trend page's assets exceed 300 KB compressed" >&2; exit 1; }
