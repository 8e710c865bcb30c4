#!/usr/bin/env bash
# Remembered overrides under load, in one run: the load test (run.sh) three times on one PostgreSQL on loopback (each in a
# fresh schema), so the tables are comparable: suppression off; on (wrk repeats one patient, so after the first hook the
# replica's short "nothing suppressed" memory answers); on with that memory off (every hook asks the store, as for a new
# patient each call). Needs a PostgreSQL: BONECDS_TEST_POSTGRES, or the one
# .ci/postgres.sh installs and starts on 127.0.0.1:55432.
# Usage: tests/load/suppression.sh [seconds-per-phase, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CS=${BONECDS_TEST_POSTGRES:-$(bash .ci/postgres.sh)}
PSQL=$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)
STAMP=$(date +%s)
# MODES="down" measures the store down (connection refused on loopback): hooks answered, nothing suppressed.
for mode in ${MODES:-off on on-uncached}; do
  schema="load_${mode//-/_}_${STAMP}"
  [ "$mode" = down ] || "$PSQL" "postgresql://postgres@127.0.0.1:55432/postgres" -qc "CREATE SCHEMA $schema" >/dev/null
  env_for_mode="Feedback__Provider=postgres Feedback__PostgresConnectionString='$CS;Search Path=$schema'"
  if [ "$mode" = down ]; then env_for_mode="Feedback__Provider=postgres Feedback__PostgresConnectionString='Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2'"; fi
  if [ "$mode" = off ]; then env_for_mode="$env_for_mode Suppression__Enabled=false"
  else env_for_mode="$env_for_mode Suppression__Keys__0__Id=load Suppression__Keys__0__Key=load-test-only-suppression-key-0123456789"; fi
  if [ "$mode" = on-uncached ] || [ "$mode" = down ]; then env_for_mode="$env_for_mode Suppression__NothingSuppressedCacheSeconds=0"; fi
  echo "=== suppression $mode (PostgreSQL store) ==="
  EXTRA_ENV="$env_for_mode" bash tests/load/run.sh "$DURATION" | sed -n '/^BoneCds load test/,$p'
done
