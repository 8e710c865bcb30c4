#!/usr/bin/env bash
# The committed OpenAPI document against Redocly CLI's recommended rules (version pinned by openapi/lint/package-lock.json):
# any error fails CI; warnings are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix openapi/lint --no-audit --no-fund --loglevel=error >/dev/null
node openapi/lint/node_modules/@redocly/cli/bin/cli.js lint openapi/openapi.json --format=summary 2>&1 | grep -v '[║╔╚]' | sed '/^\s*$/d'
