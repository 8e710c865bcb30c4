#!/usr/bin/env bash
# Validates every manifest in deploy/kubernetes against the Kubernetes API schemas (kubernetes-models, from the npm registry,
# versions pinned by deploy/validate/package-lock.json). No cluster is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --prefix deploy/validate --no-audit --no-fund --loglevel=error >/dev/null
node deploy/validate/validate.mjs deploy/kubernetes/*.yaml
