#!/usr/bin/env bash
# Streaming memory bound: a 1 GiB upload and a 1 GiB download through Latchkey (full pipeline,
# agent api_key credential, audit on) to a loopback nginx, sampling Latchkey's RSS every 50 ms.
# Reports the peak RSS added over the idle, warmed-up process for each direction.
#   bash bench/streaming.sh                 (BENCH_STREAM_MIB=1024 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ensure_tools nginx curl openssl python3

MIB=${BENCH_STREAM_MIB:-1024}
UP=18181 LK=18184
WORK=$(mktemp -d /tmp/latchkey-stream.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; stop_nginx nginx; sleep 0.3; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/Latchkey -c Release -v q -nologo >/dev/null
truncate -s "${MIB}M" "$WORK/big.bin"   # sparse: no disk space used
chmod 755 "$WORK"; chmod 644 "$WORK/big.bin"   # nginx workers run unprivileged

mkdir -p "$WORK/www"; ln -s "$WORK/big.bin" "$WORK/www/big"
start_nginx nginx 256 <<NGX
  client_max_body_size 0;
  client_body_temp_path $WORK/body;
  server {
    listen 127.0.0.1:$UP;
    location /big { root $WORK/www; }
    location /upload { client_body_buffer_size 64k; proxy_request_buffering off; return 200 '{"ok":true}'; }
  }
NGX

mkdir -p "$WORK/config"
cat > "$WORK/config/providers.yaml" <<YAML
providers:
  files:
    upstream: http://127.0.0.1:$UP
    allow_private_network: true
    credential: agent
    agent:
      type: api_key
      key: env:BENCH_UPSTREAM_TOKEN
YAML
cat > "$WORK/config/rules.yaml" <<'YAML'
rules:
  - id: files.all
    provider: files
    methods: [GET, PUT]
    path: /{**rest}
    scopes: [files]
    action: allow
YAML
KEY_B64=$(openssl rand -base64 32)
BENCH_UPSTREAM_TOKEN=bench-upstream-token \
Latchkey__ConfigDir="$WORK/config" \
Latchkey__Admin__SigningKey="$KEY_B64" \
Latchkey__Audit__BufferPath="$WORK/audit" \
Latchkey__Kestrel__MaxRequestBodyBytes=$(( (MIB + 1) * 1024 * 1024 )) \
Latchkey__Forwarding__UpstreamTimeout=00:10:00 \
Latchkey__RateLimits__Default__PermitsPerSecond=0 \
Urls="http://127.0.0.1:$LK" \
  env $LATCHKEY_RUNTIME_ENV dotnet src/Latchkey/bin/Release/net10.0/latchkey.dll >"$WORK/latchkey.log" 2>&1 &
LK_PID=$!; PIDS+=("$LK_PID")
wait_up "$UP" /big; wait_up "$LK" /healthz

JWT=$(mint_jwt "$KEY_B64" bench bench)
TOKEN=$(curl -s -X POST "http://127.0.0.1:$LK/v1/sessions" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
  -d '{"agent_id":"bench","scopes":["files"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Warm the pipeline with small transfers so JIT and pools are settled before the baseline.
for _ in $(seq 1 50); do
  curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LK/files/big" -r 0-65535
  head -c 65536 /dev/zero | curl -s -o /dev/null -X PUT -T - -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LK/files/upload"
done
sleep 2

# measure <label> <command...>: runs the transfer while sampling RSS; prints baseline, peak, added.
measure() {
  local label=$1; shift
  local base peak=0 rss start end status
  base=$(rss_kib "$LK_PID")
  start=$(date +%s.%N)
  "$@" &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do
    rss=$(rss_kib "$LK_PID"); [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.05
  done
  status=0; wait "$job" || status=$?
  end=$(date +%s.%N)
  python3 - "$label" "$base" "$peak" "$start" "$end" "$MIB" "$status" <<'PY'
import sys
label, base, peak, start, end, mib, status = sys.argv[1:]
base, peak, mib = int(base), int(peak), int(mib)
secs = float(end) - float(start)
print(f"| {label} | {mib} MiB | {secs:.1f} s | {mib / secs:.0f} MiB/s | {base / 1024:.1f} MB | {peak / 1024:.1f} MB | {(peak - base) / 1024:+.1f} MB | {'ok' if status == '0' else 'FAILED'} |")
PY
}

download() { curl -sSf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LK/files/big"; }
upload() { curl -sSf -o /dev/null -X PUT -T "$WORK/big.bin" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LK/files/upload"; }

echo "machine: $(nproc) CPUs; Latchkey RSS sampled every 50 ms (VmRSS)"
echo "| transfer | size | time | rate | RSS before | RSS peak | added |  |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
measure "download" download
measure "upload" upload

