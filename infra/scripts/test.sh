#!/usr/bin/env bash
# Runs every test of the solution, the way CI does:
#   - starts PostgreSQL (installing it when missing) unless SAAS_TEST_POSTGRES names a server;
#   - installs Debian's chromium for the browser tests when /usr/bin/chromium is missing (never a downloaded browser);
#   - restores the local tools, builds in Release;
#   - writes the idempotent SQL Server migration scripts with dotnet-ef (checked by a test);
#   - runs the tests and prints "N passed, N failed" computed from the TRX results.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${SAAS_TEST_POSTGRES:-}" ]; then
  bash infra/scripts/start-postgres.sh
fi

if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  $sudo apt-get update && $sudo apt-get install -y chromium
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

dotnet tool restore
dotnet build Saas.sln --configuration Release

# Every shipped pack passes the validator, through the partners' pack tool (seconds).
for pack in src/Verticals/*/; do
  dotnet src/Designer/Saas.PackTool/bin/Release/net10.0/Saas.PackTool.dll validate "$pack"
done

scripts="$PWD/artifacts/sql"
mkdir -p "$scripts"
for context in Catalog Tenant; do
  lower=$(echo "$context" | tr '[:upper:]' '[:lower:]')
  dotnet ef migrations script --idempotent --no-build --configuration Release \
    --project src/Platform/Saas.Platform.Migrations.SqlServer --context "${context}DbContext" \
    --output "$scripts/$lower.sql"
done
export SAAS_SQLSERVER_SCRIPTS="$scripts"

results="$PWD/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test --solution Saas.sln --configuration Release --no-build \
  --report-xunit-trx --results-directory "$results" || status=$?

python3 infra/scripts/trx-summary.py "$results"
exit "$status"
