#!/usr/bin/env bash
# What an MCP tools/call through /mcp costs over the same REST request through the data plane
# (issue 20's budget: at most 1 ms more at p50). One Latchkey, one tool mapped onto GET /data/{id}
# of the bench upstream, and two arms measured in alternating slices on the same process:
#   rest  GET /bench/data/1 with the session token
#   mcp   POST /mcp  {"method":"tools/call","params":{"name":"bench_get","arguments":{"id":"1"}}}
# Both run the same pipeline (session, rule, credential, forward, audit); the MCP arm adds the
# JSON-RPC parse, the argument schema check, the request mapping and the response projection.
#   bash bench/mcp.sh            Knobs: SLICES (8), SLICE (s, 4), CONNS (16), WARM (s, 20),
#                                PACE_MS (0: each connection sends its next request as soon as the last is
#                                answered, so the process is saturated and p50 is mostly queueing; N > 0: each
#                                connection waits N ms between an answer and its next request, an offered load
#                                below saturation, so p50 is the time one call takes with CONNS agents active),
#                                LATCHKEY_DIR (default src/Latchkey/bin/Release/net10.0, built if absent),
#                                LATCHKEY_ENV ("K=V ..." added to Latchkey's environment), PERF_DIR (instead of
#                                slices: perf record of one MCP slice into $PERF_DIR/mcp.data; add
#                                LATCHKEY_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"; read it
#                                with bench/perf-owners.py)
# Prints every slice (arm, RPS, CPU us/request, p50 ms, p99 ms, non-2xx), medians and the p50 added
# per slice. Loopback only, ports 28181-28185; servers on CPU 1, wrk on CPU 0, as bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ensure_tools
LATCHKEY_DIR=${LATCHKEY_DIR:-src/Latchkey/bin/Release/net10.0}
[ -f "$LATCHKEY_DIR/latchkey.dll" ] || dotnet build src/Latchkey -c Release -v q -nologo >/dev/null
SLICES=${SLICES:-8}; SLICE=${SLICE:-4}; CONNS=${CONNS:-16}; WARM=${WARM:-20}; PACE_MS=${PACE_MS:-0}
[[ "$PACE_MS" =~ ^[0-9]+$ ]] || { echo "PACE_MS must be a whole number of milliseconds" >&2; exit 2; }
UP=28181 LK=28184 SEQ=28185
WORK=$(mktemp -d /tmp/lkmcp.XXXXXX); LKPID=
cleanup() { [ -n "$LKPID" ] && kill "$LKPID" 2>/dev/null; for f in nginx seq; do [ -f "$WORK/$f.pid" ] && kill "$(cat "$WORK/$f.pid")" 2>/dev/null; done; sleep 0.3; rm -rf "$WORK"; }
trap cleanup EXIT
start_bench_upstream $UP taskset -c 1
start_seq_standin $SEQ taskset -c 0
write_bench_providers $UP
cat > "$WORK/config/rules.yaml" <<'EOF'
rules:
  - id: bench.read
    provider: bench
    methods: [GET]
    path: /data/{id}
    scopes: [bench.call]
    action: allow
EOF
cat > "$WORK/config/tools.yaml" <<'EOF'
tools:
  - name: bench_get
    description: Read one bench item.
    provider: bench
    method: GET
    path: /data/{id}
    input_schema:
      type: object
      properties:
        id: { type: string, pattern: "^[0-9]{1,9}$" }
      required: [id]
      additionalProperties: false
    response:
      fields: [ok, items]
EOF
KEY_B64=$(openssl rand -base64 32)
BENCH_CLIENT_SECRET=s Latchkey__ConfigDir="$WORK/config" Latchkey__Admin__SigningKey="$KEY_B64" \
  Latchkey__Seq__ServerUrl="http://127.0.0.1:$SEQ" Latchkey__Audit__BufferPath="$WORK/audit" \
  Latchkey__RateLimits__Default__PermitsPerSecond=0 Urls="http://127.0.0.1:$LK" \
  env $LATCHKEY_RUNTIME_ENV ${LATCHKEY_ENV:-} taskset -c 1 dotnet "$LATCHKEY_DIR/latchkey.dll" >"$WORK/lk.log" 2>&1 &
LKPID=$!
wait_up $UP /; wait_up $LK /healthz
JWT=$(mint_jwt "$KEY_B64" bench bench)
AUTH_URL=$(curl -s -X POST "http://127.0.0.1:$LK/v1/connections/bench" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' -d '{}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["authorize_url"])')
connect_bench_user "$LK" "$AUTH_URL" c
TOKEN=$(curl -s -X POST "http://127.0.0.1:$LK/v1/sessions" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
  -d '{"agent_id":"bench","scopes":["bench.call"],"ttl_seconds":7200}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"bench_get","arguments":{"id":"1"}}}'
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LK/bench/data/1" -H "Authorization: Bearer $TOKEN")
[ "$code" = 200 ] || { echo "REST arm answered $code" >&2; cat "$WORK/lk.log" >&2; exit 1; }
answer=$(curl -s "http://127.0.0.1:$LK/mcp" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -d "$CALL")
grep -q '"structuredContent"' <<<"$answer" && ! grep -q '"isError":true' <<<"$answer" \
  || { echo "MCP arm did not return the projected result: $answer" >&2; cat "$WORK/lk.log" >&2; exit 1; }
cat > "$WORK/mcp.lua" <<EOF
wrk.method = "POST"
wrk.body = '$CALL'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
EOF
# Pacing: wrk calls delay() after each answer and starts the latency clock only when the next
# request is written, so the pause is not counted in p50. The pause is drawn from an exponential
# distribution with mean PACE_MS: a fixed pause keeps every connection in step, and the calls then
# arrive in bursts of CONNS at once, so p50 would again measure a queue. Each wrk thread seeds its
# own generator. Closed loop (PACE_MS=0) uses no script for REST: a delay() of 0 still adds a timer.
REST_ARGS=()
if [ "$PACE_MS" != 0 ]; then
  cat > "$WORK/rest.lua" <<LUA
local threads = 0
function setup(thread) threads = threads + 1; thread:set("seed", threads) end
function init() math.randomseed(os.time() * 1000 + seed) end
function delay() return math.floor(-$PACE_MS * math.log(1 - math.random())) end
LUA
  cat "$WORK/rest.lua" >> "$WORK/mcp.lua"
  REST_ARGS=(-s "$WORK/rest.lua")
fi
CLK=$(getconf CLK_TCK)
ticks() { set -- $(cut -d' ' -f14,15 /proc/$1/stat); echo $(($1 + $2)); }
run() { # name secs path [wrk args...] -> name rps cpu_us p50 p99 non2xx
  local name=$1 secs=$2 path=$3 b a out; shift 3
  b=$(ticks $LKPID)
  out=$(taskset -c 0 wrk -t$(( CONNS < 2 ? 1 : 2 )) -c$CONNS -d${secs}s --latency "$@" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$LK$path")
  a=$(ticks $LKPID)
  python3 - "$name" "$((a-b))" "$CLK" <<PY
import re,sys
n,t,c=sys.argv[1:]; out="""$out"""
def ms(l):
    m=re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\s*$"%l,out,re.M); v,u=float(m.group(1)),m.group(2)
    return v/1000 if u=="us" else v*1000 if u=="s" else v
tot=int(re.search(r"(\d+) requests in",out).group(1)); rps=float(re.search(r"Requests/sec:\s+([\d.]+)",out).group(1))
bad=re.search(r"Non-2xx or 3xx responses: (\d+)",out)
print(f"{n}\t{rps:.0f}\t{int(t)/int(c)*1e6/max(tot,1):.1f}\t{ms('50%'):.3f}\t{ms('99%'):.3f}\t{bad.group(1) if bad else 0}")
PY
}
run rest $WARM /bench/data/1 "${REST_ARGS[@]}" >/dev/null; run mcp $WARM /mcp -s "$WORK/mcp.lua" >/dev/null
if [ -n "${PERF_DIR:-}" ]; then
  mkdir -p "$PERF_DIR"
  perf record -F 2999 -g -p $LKPID -o "$PERF_DIR/mcp.data" -- sleep "$SLICE" >/dev/null 2>&1 &
  PP=$!; run mcp "$SLICE" /mcp -s "$WORK/mcp.lua"; wait $PP
  exit 0
fi
R=$WORK/r.tsv; : > "$R"
[ "$PACE_MS" = 0 ] && echo "closed loop: $CONNS connections, each sending as soon as answered" \
  || echo "paced: $CONNS connections, each pausing ${PACE_MS} ms between an answer and its next request"
printf 'arm\tRPS\tCPU us/req\tp50 ms\tp99 ms\tnon-2xx\n'
for _ in $(seq 1 "$SLICES"); do
  run rest "$SLICE" /bench/data/1 "${REST_ARGS[@]}" | tee -a "$R"
  run mcp "$SLICE" /mcp -s "$WORK/mcp.lua" | tee -a "$R"
done
python3 - "$R" <<'PY'
import sys,statistics as st
from collections import defaultdict
d=defaultdict(list)
for l in open(sys.argv[1]):
    n,r,c,p5,p9,b=l.split("\t"); d[n].append((float(r),float(c),float(p5),float(p9)))
for n in ["rest","mcp"]:
    v=d[n]; print(f"{n}: rps {st.median(x[0] for x in v):.0f}  cpu {st.median(x[1] for x in v):.1f}us  p50 {st.median(x[2] for x in v):.3f}  p99 {st.median(x[3] for x in v):.3f}")
added=[m[2]-r[2] for m,r in zip(d["mcp"],d["rest"])]
cpu=[m[1]-r[1] for m,r in zip(d["mcp"],d["rest"])]
print(f"p50 added by MCP per slice (ms): median {st.median(added):+.3f}, range {min(added):+.3f} to {max(added):+.3f}")
print(f"CPU added per call (us): median {st.median(cpu):+.1f}, range {min(cpu):+.1f} to {max(cpu):+.1f}")
PY
