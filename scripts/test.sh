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

# Packages the tests need: chromium + chromium-driver (the approvals page in a headless
# browser), curl (the demo test runs its printed curl lines), redis-server + redis-cli (the
# Redis stores, several instances on one Redis, a 3-master Redis Cluster), nginx + wrk (the
# benchmark harness smoke at the end), nodejs + npm (official SDKs run through Latchkey,
# tests/sdk-clients). Tests start their
# own servers on free loopback ports; nothing here is left running.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v curl >/dev/null 2>&1 || missing+=(curl)
{ command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; } || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]} for the browser, demo, Redis and SDK tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "could not install ${missing[*]}; the tests needing them will fail and say how to install them" >&2
  else
    echo "missing: run 'apt-get install -y ${missing[*]}' as root; the browser, demo, Redis and SDK tests need them" >&2
  fi
fi

# The SDK packages at the lockfile's exact versions (Node.js 20 or later). npm ci starts from an
# empty node_modules, so it runs only when the lockfile changed since the last install; the
# SDK tests fail, saying this command, when node_modules is missing.
sdk_clients=tests/sdk-clients
lock_sum=$(sha256sum "$sdk_clients/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$sdk_clients/node_modules/.lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
  if npm ci --prefix "$sdk_clients" --prefer-offline --no-audit --no-fund --loglevel=error; then
    echo "$lock_sum" > "$sdk_clients/node_modules/.lock-sha256"
  else
    echo "npm ci --prefix $sdk_clients failed: the SDK tests will fail until it succeeds" >&2
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

# The load-benchmark harness must not rot: a few seconds of every arm under load, each must
# answer 2xx (bench/run.sh installs nginx and wrk from Debian packages when missing). No timing
# is asserted; the figures live in bench/README.md.
if ! bash bench/run.sh --smoke > "$results/bench-smoke.md" 2> "$results/bench-smoke.log"; then
  echo "bench smoke failed: see $results/bench-smoke.log (bash bench/run.sh --smoke)" >&2
  cat "$results/bench-smoke.log" >&2
  status=1
fi

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
# Name every failed test with the start of its message at the very end, so a log that is only
# read from its tail (a CI summary) still says what failed.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:"
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    awk '
      /<UnitTestResult / && /outcome="Failed"/ {
        name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
        print "  " name; inside = 1; shown = 0; next
      }
      inside && /<\/UnitTestResult>/ { inside = 0 }
      inside && /<Message>/ { message = 1 }
      inside && message && shown < 12 { print "      " $0; shown++ }
      inside && /<\/Message>/ { message = 0 }
    ' "$trx"
  done
fi
echo "$passed passed, $failed failed"
exit "$status"
