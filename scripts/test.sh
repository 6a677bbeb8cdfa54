#!/usr/bin/env bash
# Runs Latchkey's whole test suite on a fresh machine and ends with one line
# "N passed, N failed" taken from the test results. Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet SDK not found: install the .NET 10 SDK (global.json pins the version) and re-run." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The approvals page is tested in headless Chromium (Debian's chromium + chromium-driver); the
# demo test runs its printed curl lines.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium, chromium-driver and curl for the browser and demo tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver curl >/dev/null) \
      || echo "could not install chromium/curl; those tests will fail and say how to install them" >&2
  else
    echo "missing: run 'apt-get install -y chromium chromium-driver curl' as root; the browser and demo tests need them" >&2
  fi
fi

results=TestResults
rm -rf "$results"

dotnet restore proxy.sln
dotnet build proxy.sln --no-restore -c Release

# Style is part of the suite: a formatting drift fails the run, but the tests still run.
status=0
dotnet format proxy.sln --verify-no-changes --no-restore --severity warn || status=$?

dotnet test proxy.sln --no-build -c Release \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test results were found in $results" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
