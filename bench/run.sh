#!/usr/bin/env bash
# Latchkey load benchmark: one run, arms alternating, same load generator and connection counts.
#   bash bench/run.sh            full run (8 s per measurement, 5 alternating rounds; ~20 minutes on 2 cores)
#   bash bench/run.sh --smoke    a few seconds: every arm answers 2xx under load
# Knobs: BENCH_DURATION (s), BENCH_WARMUP (s of unmeasured load per arm and request first; 15), BENCH_CONNECTIONS ("16 64"), BENCH_PAYLOADS ("get post"),
#        BENCH_PROCESSES (1; start the .NET arms afresh this many times, BENCH_ROUNDS rounds each, rounds pooled),
#        BENCH_SEQ=off (Latchkey without Seq shipping, to size its cost), BENCH_ARMS ("yarp latchkey"),
#        BENCH_LATCHKEY_ENV="Name=value ..." (extra environment for the Latchkey process, for experiments),
#        BENCH_TRACE=/path/trace.nettrace (CPU-sample Latchkey with dotnet-trace during its last measurement;
#        needs dotnet-trace on PATH: dotnet tool install --tool-path /work/tools dotnet-trace),
#        BENCH_PERF=/path/perf.data (perf record -g of Latchkey; add BENCH_LATCHKEY_ENV=DOTNET_PerfMapEnabled=1).
# Loopback only. Needs nginx and wrk (Debian packages; installed when missing and run as root).
# Arms: 1 upstream directly, 2 nginx reverse proxy setting a static Authorization header,
# 3 bare YARP (bench/BareYarp), 4 Latchkey full pipeline (embedded store), 5 the same Latchkey on
# Redis (a redis-server on loopback; skipped with BENCH_REDIS=off or when redis-server is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0
DURATION=${BENCH_DURATION:-8}
CONNS=${BENCH_CONNECTIONS:-"16 64"}
PAYLOADS=${BENCH_PAYLOADS:-"get post"}
ARMS=${BENCH_ARMS:-"upstream nginx yarp latchkey"}
TRACE=${BENCH_TRACE:-}
if [ "${1:-}" = "--smoke" ]; then
  SMOKE=1; DURATION=2; CONNS=16; PAYLOADS="get"
fi

# Helpers, and LATCHKEY_RUNTIME_ENV: the runtime settings Latchkey's Dockerfile ships with.
source bench/lib.sh
ensure_tools nginx wrk openssl python3 curl

UP=18081 NGX=18082 YARP=18083 LK=18084 SEQ=18085
WORK=$(mktemp -d /tmp/latchkey-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx nginx; stop_nginx seq
  sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT

CPUS=$(nproc)
SERVER_CPU="" LOAD_CPU=""
if [ "$CPUS" -ge 2 ] && need taskset; then SERVER_CPU="taskset -c 1"; LOAD_CPU="taskset -c 0"; fi

echo "building (Release)..." >&2
dotnet build src/Latchkey -c Release -v q -nologo >/dev/null
dotnet build bench/BareYarp -c Release -v q -nologo >/dev/null

# --- nginx: the upstream and the nginx proxy arm; then a Seq stand-in -------------------------
start_nginx nginx 4096 $SERVER_CPU <<EOF
  client_max_body_size 2m;
  upstream backend { server 127.0.0.1:$UP; keepalive 128; }
  server {
    listen 127.0.0.1:$UP;
    location / { default_type application/json; return 200 '{"ok":true,"items":[1,2,3]}'; }
    # The provider's OAuth token endpoint: the connect flow below gives arms 4 and 5 a user token.
    location = /oauth/token { default_type application/json; return 200 '{"access_token":"bench-user-access-token","token_type":"Bearer","expires_in":86400,"refresh_token":"bench-user-refresh-token"}'; }
  }
  server {
    listen 127.0.0.1:$NGX;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer static-upstream-token";
    }
  }
EOF
# The Seq stand-in is a separate nginx on the load generator's CPU: a real Seq is neither the
# provider nor on the proxy's machine. (Sharing the upstream's worker and CPU 1, as before
# 2026-12-04, put every 300 KB audit batch in the way of upstream responses: +1 ms p99.)
start_seq_standin $SEQ $LOAD_CPU

# --- bare YARP ---------------------------------------------------------------------------------
start_yarp() {
  $SERVER_CPU dotnet bench/BareYarp/bin/Release/net10.0/BareYarp.dll "http://127.0.0.1:$UP" --urls "http://127.0.0.1:$YARP" >>"$WORK/yarp.log" 2>&1 &
  YARP_PID=$!; PIDS+=("$YARP_PID")
}

# --- Latchkey, full pipeline (arm 4: embedded store; arm 5: the same on Redis) -------------------
write_bench_providers $UP
cat > "$WORK/config/rules.yaml" <<'EOF'
rules:
  - id: bench.all
    provider: bench
    methods: [GET, POST]
    path: /{**rest}
    scopes: [bench.call]
    action: allow
EOF
KEY_B64=$(openssl rand -base64 32)
REDIS_PORT=18086 LKR=18087 LKR_PID=""
WITH_REDIS=0
if [ "${BENCH_REDIS:-auto}" != off ] && need redis-server; then WITH_REDIS=1; fi
if [ "${BENCH_REDIS:-auto}" = on ] && [ "$WITH_REDIS" = 0 ]; then
  echo "BENCH_REDIS=on needs redis-server: apt-get install -y redis-server" >&2; exit 2
fi

start_latchkey() { # start_latchkey <port> <audit dir> [redis]: Latchkey as the bench runs it
  BENCH_CLIENT_SECRET=bench-client-secret \
  Latchkey__ConfigDir="$WORK/config" \
  Latchkey__Admin__SigningKey="$KEY_B64" \
  Latchkey__Seq__ServerUrl="$([ "${BENCH_SEQ:-on}" = off ] || echo "http://127.0.0.1:$SEQ")" \
  Latchkey__Audit__BufferPath="$2" \
  Latchkey__Redis="${3:-}" \
  Latchkey__RateLimits__Default__PermitsPerSecond=0 \
  Urls="http://127.0.0.1:$1" \
    env $LATCHKEY_RUNTIME_ENV ${BENCH_LATCHKEY_ENV:-} $SERVER_CPU dotnet src/Latchkey/bin/Release/net10.0/latchkey.dll >>"$WORK/latchkey-$1.log" 2>&1 &
}
if [ "$WITH_REDIS" = 1 ]; then
  $SERVER_CPU redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  PIDS+=("$!")
fi
start_dotnet_arms() { # start_dotnet_arms <process number>: bare YARP and the Latchkey arms, fresh
  start_yarp
  start_latchkey "$LK" "$WORK/audit-$1"
  LK_PID=$!; PIDS+=("$LK_PID")
  if [ "$WITH_REDIS" = 1 ]; then
    start_latchkey "$LKR" "$WORK/audit-redis-$1" "127.0.0.1:$REDIS_PORT"
    LKR_PID=$!; PIDS+=("$LKR_PID")
  fi
  wait_up "$UP" / ; wait_up "$NGX" / ; wait_up "$YARP" / ; wait_up "$LK" /healthz
  if [ "$WITH_REDIS" = 1 ]; then wait_up "$LKR" /readyz; fi
}
stop_dotnet_arms() { # the next process starts on the same ports once these have exited
  local pid
  for pid in "$YARP_PID" "$LK_PID" ${LKR_PID:+"$LKR_PID"}; do kill "$pid" 2>/dev/null || true; done
  for pid in "$YARP_PID" "$LK_PID" ${LKR_PID:+"$LKR_PID"}; do wait "$pid" 2>/dev/null || true; done
}

# A management JWT (HS256) minted here; the user's connection through the OAuth code flow (the
# link page is opened and continued with a cookie jar, as a browser would; nginx is the token
# endpoint), so the data plane injects a stored, encrypted user token; then one agent session.
NOW=$(date +%s)
HEADER=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"sub":"bench","tid":"bench","aud":"latchkey","iat":%d,"exp":%d}' "$NOW" $((NOW + 3600)) | b64url)
KEY_HEX=$(printf '%s' "$KEY_B64" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
SIG=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | b64url)
JWT="$HEADER.$PAYLOAD.$SIG"
json_field() { # json_field <name> <what>: the field of the JSON on stdin; the whole answer on stderr if it has none
  python3 -c 'import json,sys
text = sys.stdin.read()
try: print(json.loads(text)[sys.argv[1]])
except Exception: sys.exit(f"{sys.argv[2]}: no {sys.argv[1]} in the answer: {text[:500]}")' "$1" "$2"
}
setup_latchkey() { # setup_latchkey <port>: connects the user, prints a session token
  local port=$1 link
  link=$(curl -s -X POST "http://127.0.0.1:$port/v1/connections/bench" -H "Authorization: Bearer $JWT" \
    -H 'Content-Type: application/json' -d '{}' | json_field authorize_url "POST /v1/connections/bench on $port") || return 1
  connect_bench_user "$port" "$link" bench-code || return 1
  curl -s -X POST "http://127.0.0.1:$port/v1/sessions" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
    -d '{"agent_id":"bench","scopes":["bench.call"],"ttl_seconds":3600}' | json_field token "POST /v1/sessions on $port"
}
prepare_arm() { # prepare_arm <port>: prints a session token once the arm forwards with the user token
  # A Latchkey that has just started shares its one CPU with every other server starting; once
  # in 8 smokes the Redis arm's first session write was answered 503 store_unavailable right
  # after /readyz (fail closed, as it should be; most likely the store's 1 s timeout on the
  # starved CPU). That is start-up, not what the bench measures: try up to 3 times.
  local attempt token code
  for attempt in 1 2 3; do
    if token=$(setup_latchkey "$1"); then
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/bench/data" -H "Authorization: Bearer $token")
      if [ "$code" = 200 ]; then echo "$token"; return 0; fi
      echo "Latchkey on port $1 answered $code, not 200 (attempt $attempt of 3)" >&2
    fi
    sleep 2
  done
  cat "$WORK/latchkey-$1.log" >&2; exit 1
}
prepare_arms() { # a user connected and a session token on every Latchkey arm of this process
  TOKEN=$(prepare_arm "$LK")
  TOKEN_REDIS=""
  if [ "$WITH_REDIS" = 1 ]; then TOKEN_REDIS=$(prepare_arm "$LKR"); fi
}
if [ "$WITH_REDIS" = 1 ]; then
  case " $ARMS " in *" latchkey "*) ARMS="$ARMS latchkey-redis";; esac
fi

cat > "$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("x", 65536)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF

CLK=$(getconf CLK_TCK)
nginx_pids() { local master; master=$(cat "$WORK/nginx.pid"); echo "$master $(ps -o pid= --ppid "$master" | tr '\n' ' ')"; }
cpu_ticks() { local total=0; for pid in $1; do set -- $(cut -d' ' -f14,15 "/proc/$pid/stat"); total=$((total + $1 + $2)); done; echo "$total"; }

arm_port() { case $1 in upstream) echo "$UP";; nginx) echo "$NGX";; yarp) echo "$YARP";; latchkey) echo "$LK";; latchkey-redis) echo "$LKR";; esac; }
arm_token() { [ "$1" = latchkey-redis ] && echo "$TOKEN_REDIS" || echo "$TOKEN"; }
arm_pids() { case $1 in upstream|nginx) nginx_pids;; yarp) echo "$YARP_PID";; latchkey) echo "$LK_PID";; latchkey-redis) echo "$LKR_PID";; esac; }
arm_path() { case $1 in latchkey|latchkey-redis) echo /bench/data;; *) echo /data;; esac; }

# Warm-up: the .NET arms start on tier-0 JIT code and tier up in the background. Pinned to one
# CPU, the runtime waits 10 x 100 ms without new tier-0 compilation before it even starts
# counting calls (TC_DelaySingleProcMultiplier), so a big app can run unoptimised code for a
# minute under load; measuring that would compare start-up, not the steady state. Every arm and
# request type gets unmeasured load until two consecutive 3 s slices agree within 5 % and, for the
# .NET arms, the JIT was quiet in both (below; at least BENCH_WARMUP s, at most BENCH_WARMUP_MAX s);
# what each arm needed is printed.
WARMUP=${BENCH_WARMUP:-15}
WARMUP_MAX=${BENCH_WARMUP_MAX:-120}
[ "$SMOKE" = 1 ] && WARMUP=1 && WARMUP_MAX=1
slice_rps() { # slice_rps <secs> <arm> <payload>: requests/s of one unmeasured slice
  local script=(); [ "$3" = post ] && script=(-s "$WORK/post.lua")
  $LOAD_CPU wrk -t2 -c16 -d"${1}s" "${script[@]}" -H "Authorization: Bearer $(arm_token $2)" \
    "http://127.0.0.1:$(arm_port $2)$(arm_path $2)" | awk '/Requests\/sec/ { print int($2) }'
}
# A .NET arm is also not warm while the runtime is still tiering its code up: pinned to one CPU
# it can hold at tier-0 speed for two slices in a row (bare YARP's warm-up once ended at 1 937
# RPS, a sixth of its speed, and was measured while it tiered up). So for those arms a slice
# counts only if the tiered-compilation thread used at most 1 % of the process's CPU in it.
jit_ticks() { # jit_ticks <pid>: "tid ticks" of the runtime's tiered-compilation thread, "- 0" if it has none now
  local t
  for t in /proc/$1/task/*; do
    if [ "$(cat "$t/comm" 2>/dev/null)" = ".NET Tiered Com" ]; then
      echo "${t##*/} $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }')"; return
    fi
  done
  echo "- 0"
}
warm_up() {
  local arm payload spent previous current pid before after jit_before jit_after jit quiet
  for arm in $ARMS; do
    for payload in $PAYLOADS; do
      slice_rps "$WARMUP" "$arm" "$payload" >/dev/null
      spent=$WARMUP previous=0 pid=""
      case $arm in yarp) pid=$YARP_PID;; latchkey) pid=$LK_PID;; latchkey-redis) pid=$LKR_PID;; esac
      while [ "$spent" -lt "$WARMUP_MAX" ]; do
        quiet=1
        if [ -n "$pid" ]; then before=$(cpu_ticks "$pid"); jit_before=$(jit_ticks "$pid"); fi
        current=$(slice_rps 3 "$arm" "$payload"); current=${current:-0}; spent=$((spent + 3))
        if [ -n "$pid" ]; then
          after=$(cpu_ticks "$pid"); jit_after=$(jit_ticks "$pid")
          # A thread that is new since the slice began did all its work in it.
          if [ "${jit_before% *}" = "${jit_after% *}" ]; then jit=$(( ${jit_after#* } - ${jit_before#* } )); else jit=${jit_after#* }; fi
          [ $((100 * jit)) -le $((after - before)) ] || quiet=0
        fi
        if [ "$quiet" = 1 ] && [ "$previous" -gt 0 ] && [ $((100 * (current > previous ? current - previous : previous - current))) -le $((5 * previous)) ]; then break; fi
        [ "$quiet" = 1 ] && previous=$current || previous=0
      done
      echo "warm-up $arm $payload: ${spent} s (last slice ${current:-?} RPS)" >&2
    done
  done
}

# Measurement: BENCH_ROUNDS rounds; in each, every (request, connections) pair is measured on
# every arm in turn, so drift hits all arms alike; the tables report the median over rounds.
# BENCH_PROCESSES (1): the .NET arms are started afresh, set up and warmed this many times, with
# BENCH_ROUNDS rounds each, and the tables pool every round. One process keeps the luck of its
# start for its life (the same build moved by 15-30 % between starts, bench/README.md), so a
# figure over several processes is the typical process, not one lucky or unlucky one.
ROUNDS=${BENCH_ROUNDS:-5}
PROCESSES=${BENCH_PROCESSES:-1}
[ "$SMOKE" = 1 ] && ROUNDS=1 && PROCESSES=1
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
measure_round() { # measure_round <round> <process>
local round=$1 proc=$2 payload conns arm script TRACE_PID before after out
for payload in $PAYLOADS; do
  for conns in $CONNS; do
    for arm in $ARMS; do
      script=(); [ "$payload" = post ] && script=(-s "$WORK/post.lua")
      TRACE_PID=""
      if [ -n "$TRACE" ] && [ "$arm" = latchkey ] && [ "$round" = "$ROUNDS" ] && [ "$proc" = "$PROCESSES" ]; then
        dotnet-trace collect -p "$LK_PID" --profile dotnet-sampled-thread-time -o "$TRACE" --duration "00:00:$(printf '%02d' "$DURATION")" >"$WORK/trace.log" 2>&1 &
        TRACE_PID=$!; sleep 1
      fi
      if [ -n "${BENCH_PERF:-}" ] && [ "$arm" = latchkey ] && [ "$round" = "$ROUNDS" ] && [ "$proc" = "$PROCESSES" ]; then
        perf record -F 999 -g -p "$LK_PID" -o "$BENCH_PERF" -- sleep "$DURATION" >"$WORK/perf.log" 2>&1 &
        TRACE_PID=$!
      fi
      before=$(cpu_ticks "$(arm_pids $arm)")
      out=$($LOAD_CPU wrk -t2 -c"$conns" -d"${DURATION}s" --latency "${script[@]}" \
        -H "Authorization: Bearer $(arm_token $arm)" "http://127.0.0.1:$(arm_port $arm)$(arm_path $arm)")
      after=$(cpu_ticks "$(arm_pids $arm)")
      [ -n "$TRACE_PID" ] && wait "$TRACE_PID" || true
      python3 - "$arm" "$payload" "$conns" "$((after - before))" "$CLK" "$SMOKE" "$proc" >>"$RESULTS" <<PY
import re, sys
arm, payload, conns, ticks, clk, smoke, proc = sys.argv[1:]
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
print(f"{arm}\t{payload}\t{conns}\t{rps:.0f}\t{ms('50%'):.3f}\t{ms('99%'):.3f}\t{cpu_us:.1f}\t{errors}\t{proc}")
PY
    done
  done
done
}
for proc in $(seq 1 "$PROCESSES"); do
  if [ "$proc" -gt 1 ]; then stop_dotnet_arms; fi
  [ "$PROCESSES" -gt 1 ] && echo "process $proc of $PROCESSES" >&2
  start_dotnet_arms "$proc"
  prepare_arms
  warm_up
  for round in $(seq 1 "$ROUNDS"); do measure_round "$round" "$proc"; done
done

python3 - "$RESULTS" "$SMOKE" "$DURATION" "$CPUS" "${SERVER_CPU:-none}" "$ROUNDS" "$PROCESSES" <<'PY'
import sys, platform, statistics
from collections import defaultdict
path, smoke, duration, cpus, pinning, rounds, processes = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
measured = f"{rounds} rounds (medians)" if int(processes) == 1 else f"the .NET arms started {processes} times, {rounds} rounds each (medians over all)"
print(f"machine: {cpus} CPUs, {model}; {duration} s per measurement, {measured}; servers pinned: {pinning}")
runs = defaultdict(list)
order = []
for arm, payload, conns, rps, p50, p99, cpu, bad, proc in rows:
    key = (arm, payload, conns)
    if key not in runs:
        order.append(key)
    runs[key].append((float(rps), float(p50), float(p99), float(cpu), int(bad), int(proc)))
by = {k: tuple(statistics.median(r[i] for r in v) for i in range(4)) for k, v in runs.items()}
print("| arm | request | conns | RPS | p50 ms | p99 ms | CPU µs/req | non-2xx |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
for key in order:
    rps, p50, p99, cpu = by[key]
    print(f"| {key[0]} | {key[1]} | {key[2]} | {rps:.0f} | {p50:.3f} | {p99:.3f} | {cpu:.1f} | {sum(r[4] for r in runs[key])} |")
print()
def spread(arm, base, payload, conns, i=0):
    # the ratio within each round, so a reader sees how far single rounds wander
    ratios = [a[i] / b[i] for a, b in zip(runs[(arm, payload, conns)], runs[(base, payload, conns)])]
    return f"{min(ratios):.2f}–{max(ratios):.2f}"
print("| request | conns | latchkey/yarp RPS | (per round) | latchkey/nginx RPS | p50 added vs yarp (ms) | p99 added vs yarp (ms) | CPU/req latchkey/yarp | (per round) |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for (arm, payload, conns) in order:
    if arm != "latchkey" or ("yarp", payload, conns) not in by:
        continue
    rps, p50, p99, cpu = by[(arm, payload, conns)]
    y, n = by[("yarp", payload, conns)], by.get(("nginx", payload, conns))
    # BENCH_ARMS may leave the nginx arm out: the yarp ratios still stand on their own
    vs_nginx = f"{rps / n[0]:.2f}" if n else "—"
    print(f"| {payload} | {conns} | {rps / y[0]:.2f} | {spread(arm, 'yarp', payload, conns)} | {vs_nginx} | {p50 - y[1]:+.3f} | {p99 - y[2]:+.3f} | {cpu / y[3]:.2f} | {spread(arm, 'yarp', payload, conns, 3)} |")
if int(processes) > 1:
    # Each started process on its own: the median over its rounds of latchkey/yarp RPS.
    print()
    print("| request | conns | latchkey/yarp RPS per started process (median of its rounds) |")
    print("| --- | --- | --- |")
    for (arm, payload, conns) in order:
        if arm != "latchkey" or ("yarp", payload, conns) not in by:
            continue
        pairs = list(zip(runs[(arm, payload, conns)], runs[("yarp", payload, conns)]))
        medians = [statistics.median(a[0] / b[0] for a, b in pairs if a[5] == proc) for proc in range(1, int(processes) + 1)]
        print(f"| {payload} | {conns} | {' '.join(f'{m:.2f}' for m in medians)} |")
if any(arm == "latchkey-redis" for (arm, _, _) in by):
    print()
    print("| request | conns | redis/embedded RPS (5/4) | (per round) | p50 added (ms) | p99 added (ms) | CPU/req redis/embedded |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (arm, payload, conns) in order:
        if arm != "latchkey-redis" or ("latchkey", payload, conns) not in by:
            continue
        rps, p50, p99, cpu = by[(arm, payload, conns)]
        e = by[("latchkey", payload, conns)]
        print(f"| {payload} | {conns} | {rps / e[0]:.2f} | {spread(arm, 'latchkey', payload, conns)} | {p50 - e[1]:+.3f} | {p99 - e[2]:+.3f} | {cpu / e[3]:.2f} |")
bad = [r for r in rows if int(r[7]) > 0 or float(r[3]) == 0]
if bad:
    print("FAILED: arms with errors or no throughput: " + ", ".join(r[0] for r in bad), file=sys.stderr)
    sys.exit(1)
PY
