#!/usr/bin/env bash
# Memory per live session: creates BENCH_SESSIONS (100 000) sessions through POST /v1/sessions
# (the real store code path, embedded store) with `hey`, then reports Latchkey's RSS before and
# after, and after a minute idle so the GC can settle.
#   bash bench/sessions-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ensure_tools hey curl openssl python3

COUNT=${BENCH_SESSIONS:-100000}
SETTLE=${BENCH_SETTLE:-30}
LK=18284
WORK=$(mktemp -d /tmp/latchkey-sessions.XXXXXX)
LK_PID=""
cleanup() { [ -n "$LK_PID" ] && kill "$LK_PID" 2>/dev/null || true; sleep 0.3; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/Latchkey -c Release -v q -nologo >/dev/null
mkdir -p "$WORK/config"
cat > "$WORK/config/providers.yaml" <<'YAML'
providers:
  bench:
    upstream: http://127.0.0.1:9
    allow_private_network: true
    credential: agent
    agent:
      type: api_key
      key: not-used
YAML
printf 'rules:\n  - id: bench.all\n    provider: bench\n    methods: [GET]\n    path: /{**rest}\n    action: allow\n' > "$WORK/config/rules.yaml"
KEY_B64=$(openssl rand -base64 32)
Latchkey__ConfigDir="$WORK/config" \
Latchkey__Admin__SigningKey="$KEY_B64" \
Latchkey__Audit__BufferPath="$WORK/audit" \
Urls="http://127.0.0.1:$LK" \
  env $LATCHKEY_RUNTIME_ENV dotnet src/Latchkey/bin/Release/net10.0/latchkey.dll >"$WORK/latchkey.log" 2>&1 &
LK_PID=$!
wait_up "$LK" /healthz
JWT=$(mint_jwt "$KEY_B64" acme alice)
BODY='{"agent_id":"bench-agent","scopes":["email.send","tickets.read"],"ttl_seconds":86400}'

# Warm up with a few sessions so the baseline includes a JIT-ed, running service.
hey -n 500 -c 8 -m POST -H "Authorization: Bearer $JWT" -T application/json -d "$BODY" "http://127.0.0.1:$LK/v1/sessions" >/dev/null
sleep 3
before=$(rss_kib "$LK_PID")
hey -n "$COUNT" -c 16 -m POST -H "Authorization: Bearer $JWT" -T application/json -d "$BODY" "http://127.0.0.1:$LK/v1/sessions" > "$WORK/hey.txt"
created=$(awk '/\[201\]/ { print $2 }' "$WORK/hey.txt")
after=$(rss_kib "$LK_PID")
sleep "$SETTLE"
settled=$(rss_kib "$LK_PID")
python3 - "$COUNT" "${created:-0}" "$before" "$after" "$settled" "$SETTLE" <<'PY'
import sys
count, created, before, after, settled, settle = map(int, sys.argv[1:])
print(f"machine: sessions requested {count}, created (201) {created}")
print("| RSS before | RSS after creating | RSS after %d s idle | added (settled) | per session |" % settle)
print("| ---: | ---: | ---: | ---: | ---: |")
added = (settled - before) / 1024
print(f"| {before/1024:.1f} MB | {after/1024:.1f} MB | {settled/1024:.1f} MB | {added:+.1f} MB | {(settled - before) * 1024 / max(created, 1):.0f} B |")
PY
