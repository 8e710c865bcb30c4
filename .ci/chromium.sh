#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Microsoft.Playwright drives /usr/bin/chromium; `playwright install` is never used).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version 2>/dev/null || true
