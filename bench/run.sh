#!/usr/bin/env bash
# Latchkey load benchmark: one run, arms alternating, same load generator and connection counts.
#   bash bench/run.sh            full run (about 10 s per measurement; ~3 minutes in all)
#   bash bench/run.sh --smoke    a few seconds: every arm answers 2xx under load
# Knobs: BENCH_DURATION (s), BENCH_CONNECTIONS ("16 64"), BENCH_PAYLOADS ("get post"),
#        BENCH_SEQ=off (Latchkey without Seq shipping, to size its cost).
# Loopback only. Needs nginx and wrk (Debian packages; installed when missing and run as root).
# Arms: 1 upstream directly, 2 nginx reverse proxy setting a static Authorization header,
# 3 bare YARP (bench/BareYarp), 4 Latchkey full pipeline. Arm 5 (Latchkey on Redis) waits for the
# Redis store (issue 4).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNECTIONS:-"16 64"}
PAYLOADS=${BENCH_PAYLOADS:-"get post"}
if [ "${1:-}" = "--smoke" ]; then
  SMOKE=1; DURATION=2; CONNS=16; PAYLOADS="get"
fi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx || ! need wrk; then
  if need apt-get && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null) || true
  fi
fi
for tool in nginx wrk openssl python3 curl; do
  need "$tool" || { echo "bench needs $tool: apt-get install -y nginx wrk openssl python3 curl" >&2; exit 2; }
done

UP=18081 NGX=18082 YARP=18083 LK=18084 SEQ=18085
WORK=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT

CPUS=$(nproc)
SERVER_CPU="" LOAD_CPU=""
if [ "$CPUS" -ge 2 ] && need taskset; then SERVER_CPU="taskset -c 1"; LOAD_CPU="taskset -c 0"; fi

echo "building (Release)..." >&2
dotnet build src/Latchkey -c Release -v q -nologo >/dev/null
dotnet build bench/BareYarp -c Release -v q -nologo >/dev/null

# --- nginx: the upstream, the nginx proxy arm and a Seq stand-in -------------------------------
cat > "$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_max_body_size 2m;
  upstream backend { server 127.0.0.1:$UP; keepalive 128; }
  server { listen 127.0.0.1:$UP; location / { default_type application/json; return 200 '{"ok":true,"items":[1,2,3]}'; } }
  server {
    listen 127.0.0.1:$NGX;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer static-upstream-token";
    }
  }
  server { listen 127.0.0.1:$SEQ; location / { return 201 '{}'; } }
}
EOF
$SERVER_CPU nginx -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon on;'

# --- bare YARP ---------------------------------------------------------------------------------
$SERVER_CPU dotnet bench/BareYarp/bin/Release/net10.0/BareYarp.dll "http://127.0.0.1:$UP" --urls "http://127.0.0.1:$YARP" >"$WORK/yarp.log" 2>&1 &
YARP_PID=$!; PIDS+=("$YARP_PID")

# --- Latchkey, full pipeline ---------------------------------------------------------------------
mkdir -p "$WORK/config"
cat > "$WORK/config/providers.yaml" <<EOF
providers:
  bench:
    upstream: http://127.0.0.1:$UP
    credential: agent
    agent:
      type: api_key
      key: env:BENCH_UPSTREAM_TOKEN
EOF
cat > "$WORK/config/rules.yaml" <<'EOF'
rules:
  - id: bench.all
    provider: bench
    methods: [GET, POST]
    path: /{**rest}
    scopes: [bench.call]
EOF
KEY_B64=$(openssl rand -base64 32)
BENCH_UPSTREAM_TOKEN=bench-upstream-token \
Latchkey__ConfigDir="$WORK/config" \
Latchkey__Admin__SigningKey="$KEY_B64" \
Latchkey__Seq__ServerUrl="$([ "${BENCH_SEQ:-on}" = off ] || echo "http://127.0.0.1:$SEQ")" \
Latchkey__Audit__BufferPath="$WORK/audit" \
Latchkey__RateLimits__Default__PermitsPerSecond=0 \
Urls="http://127.0.0.1:$LK" \
  $SERVER_CPU dotnet src/Latchkey/bin/Release/net10.0/latchkey.dll >"$WORK/latchkey.log" 2>&1 &
LK_PID=$!; PIDS+=("$LK_PID")

wait_up() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.2; done; echo "port $1 never answered" >&2; exit 1; }
wait_up "$UP" / ; wait_up "$NGX" / ; wait_up "$YARP" / ; wait_up "$LK" /healthz

# A management JWT (HS256) minted here, then one agent session.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"sub":"bench","tid":"bench","aud":"latchkey","iat":%d,"exp":%d}' "$NOW" $((NOW + 3600)) | b64url)
KEY_HEX=$(printf '%s' "$KEY_B64" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
SIG=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | b64url)
JWT="$HEADER.$PAYLOAD.$SIG"
TOKEN=$(curl -s -X POST "http://127.0.0.1:$LK/v1/sessions" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
  -d '{"agent_id":"bench","scopes":["bench.call"],"ttl_seconds":3600}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
CHECK=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LK/bench/data" -H "Authorization: Bearer $TOKEN")
[ "$CHECK" = 200 ] || { echo "Latchkey arm answered $CHECK, not 200" >&2; cat "$WORK/latchkey.log" >&2; exit 1; }

cat > "$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("x", 65536)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF

CLK=$(getconf CLK_TCK)
nginx_pids() { local master; master=$(cat "$WORK/nginx.pid"); echo "$master $(ps -o pid= --ppid "$master" | tr '\n' ' ')"; }
cpu_ticks() { local total=0; for pid in $1; do set -- $(cut -d' ' -f14,15 "/proc/$pid/stat"); total=$((total + $1 + $2)); done; echo "$total"; }

arm_port() { case $1 in upstream) echo "$UP";; nginx) echo "$NGX";; yarp) echo "$YARP";; latchkey) echo "$LK";; esac; }
arm_pids() { case $1 in upstream|nginx) nginx_pids;; yarp) echo "$YARP_PID";; latchkey) echo "$LK_PID";; esac; }
arm_path() { [ "$1" = latchkey ] && echo /bench/data || echo /data; }

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for payload in $PAYLOADS; do
  for conns in $CONNS; do
    for arm in upstream nginx yarp latchkey; do
      script=(); [ "$payload" = post ] && script=(-s "$WORK/post.lua")
      before=$(cpu_ticks "$(arm_pids $arm)")
      out=$($LOAD_CPU wrk -t2 -c"$conns" -d"${DURATION}s" --latency "${script[@]}" \
        -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$(arm_port $arm)$(arm_path $arm)")
      after=$(cpu_ticks "$(arm_pids $arm)")
      python3 - "$arm" "$payload" "$conns" "$((after - before))" "$CLK" "$SMOKE" >>"$RESULTS" <<PY
import re, sys
arm, payload, conns, ticks, clk, smoke = sys.argv[1:]
out = """$out"""
def ms(label):
    m = re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\s*$" % label, out, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = int(bad.group(1)) if bad else 0
cpu_us = int(ticks) / int(clk) * 1e6 / max(total, 1)
print(f"{arm}\t{payload}\t{conns}\t{rps:.0f}\t{ms('50%'):.3f}\t{ms('99%'):.3f}\t{cpu_us:.1f}\t{errors}")
PY
    done
  done
done

python3 - "$RESULTS" "$SMOKE" "$DURATION" "$CPUS" "${SERVER_CPU:-none}" <<'PY'
import sys, platform
path, smoke, duration, cpus, pinning = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"machine: {cpus} CPUs, {model}; {duration} s per measurement; servers pinned: {pinning}")
print("| arm | request | conns | RPS | p50 ms | p99 ms | CPU µs/req | non-2xx |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
by = {}
for arm, payload, conns, rps, p50, p99, cpu, bad in rows:
    by[(arm, payload, conns)] = (float(rps), float(p50), float(p99), float(cpu))
    print(f"| {arm} | {payload} | {conns} | {rps} | {p50} | {p99} | {cpu} | {bad} |")
print()
print("| request | conns | latchkey/yarp RPS | latchkey/nginx RPS | p50 added vs yarp (ms) | p99 added vs yarp (ms) | CPU/req latchkey/yarp |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
for (arm, payload, conns), (rps, p50, p99, cpu) in by.items():
    if arm != "latchkey":
        continue
    y, n = by[("yarp", payload, conns)], by[("nginx", payload, conns)]
    print(f"| {payload} | {conns} | {rps / y[0]:.2f} | {rps / n[0]:.2f} | {p50 - y[1]:+.3f} | {p99 - y[2]:+.3f} | {cpu / y[3]:.2f} |")
bad = [r for r in rows if int(r[7]) > 0 or float(r[3]) == 0]
if bad:
    print("FAILED: arms with errors or no throughput: " + ", ".join(r[0] for r in bad), file=sys.stderr)
    sys.exit(1)
PY
