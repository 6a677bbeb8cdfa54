#!/usr/bin/env bash
# Paired comparison of two Latchkey variants next to bare YARP: how every "before/after" figure in
# bench/README.md was decided. The VM this was written on drifts by up to 2x within minutes, so
# only interleaved slices of processes that run side by side compare fairly.
#   A=/dir/with/latchkey.dll B=/other/dir [ENV_A="K=V ..."] [ENV_B="K=V ..."] bash bench/pair.sh
# A and B are build outputs (copy src/Latchkey/bin/Release/net10.0 aside before changing code);
# the same dir with two environments compares settings. Knobs: SLICES (8), SLICE (s, 4), WARM
# (s of unmeasured load per process first, 20), CONNS (16), PAYLOAD (get|post), ENV_Y (bare YARP's
# environment; default: the same runtime settings as Latchkey, bench/lib.sh, since with defaults
# bare YARP swings ~2x between slices; ENV_Y= for defaults),
# PERF_DIR (instead of slices: perf record A and bare YARP for one slice each; add
# DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 to ENV_A and ENV_Y; read them with
# bench/perf-owners.py), SYS_DIR (instead of slices: system calls per request of A, B and bare
# YARP, one slice each, perf stat on the syscall tracepoints), TRACE_DIR (instead of
# slices: dotnet-trace of A for one slice, thread-time sampling or TRACE_PROVIDERS; `dotnet tool
# install -g dotnet-trace`),
# ORDER (the arms' order in every slice; default: "yarp A B" and "yarp B A" by turns),
# PAIRS (1: A and B are started afresh, set up and warmed PAIRS times, SLICES slices each; a
# process keeps the luck of its start, which moved B/A by ~8 % between runs of the same builds,
# bench/README.md, so a difference counts only if it holds across pairs).
# Prints every slice (arm, RPS, CPU us/request, p50, p99, non-2xx, context switches/request,
# process pair), medians, B/A per slice and the median B/A of each pair.
# Loopback only, ports 28081-28088; servers on CPU 1, wrk on CPU 0, as bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${A:?A=<dir with latchkey.dll>}" "${B:?B=<dir with latchkey.dll>}"
source bench/lib.sh
[ -f bench/BareYarp/bin/Release/net10.0/BareYarp.dll ] || dotnet build bench/BareYarp -c Release -v q -nologo >/dev/null
SLICES=${SLICES:-8}; SLICE=${SLICE:-4}; CONNS=${CONNS:-16}; PAYLOAD=${PAYLOAD:-get}; WARM=${WARM:-20}
UP=28081 YARP=28083 LKA=28084 LKB=28088 SEQ=28085
WORK=$(mktemp -d /tmp/lkpair.XXXXXX); PIDS=()
cleanup() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    # A run that stops early says why: which server is gone, and the end of each one's log.
    echo "pair.sh stopped early (exit $rc) at: ${BASH_COMMAND:-?}" >&2
    for p in "${PIDS[@]}"; do
      [ "$(awk '/^State:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" = S ] || [ "$(awk '/^State:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" = R ] \
        && echo "  pid $p alive" >&2 || echo "  pid $p GONE (exited or killed)" >&2
    done
    # (the Latchkeys' logs without their audit lines, which are most of them under load)
    for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $(basename "$f")" >&2; { grep -v '"@i":"00001389"' "$f" || true; } | tail -5 >&2; }; done
  fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for f in nginx seq; do [ -f "$WORK/$f.pid" ] && kill "$(cat $WORK/$f.pid)" 2>/dev/null; done; sleep 0.3; rm -rf "$WORK"
}
trap cleanup EXIT
start_bench_upstream $UP taskset -c 1
start_seq_standin $SEQ taskset -c 0
env ${ENV_Y-$LATCHKEY_RUNTIME_ENV} taskset -c 1 dotnet bench/BareYarp/bin/Release/net10.0/BareYarp.dll "http://127.0.0.1:$UP" --urls "http://127.0.0.1:$YARP" >"$WORK/yarp.log" 2>&1 &
YPID=$!; PIDS+=($YPID)
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
start_lk() { # port dir env audit
  BENCH_CLIENT_SECRET=s Latchkey__ConfigDir="$WORK/config" Latchkey__Admin__SigningKey="$KEY_B64" \
  Latchkey__Seq__ServerUrl="http://127.0.0.1:$SEQ" Latchkey__Audit__BufferPath="$WORK/$4" \
  Latchkey__RateLimits__Default__PermitsPerSecond=0 Urls="http://127.0.0.1:$1" \
  env $LATCHKEY_RUNTIME_ENV $3 taskset -c 1 dotnet "$2/latchkey.dll" >"$WORK/lk-$1.log" 2>&1 &
}
wait_up() { for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.2; done; echo "port $1 down" >&2; cat $WORK/*.log >&2; exit 1; }
wait_up $UP /; wait_up $YARP /
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
H=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
P=$(printf '{"sub":"bench","tid":"bench","aud":"latchkey","iat":%d,"exp":%d}' "$NOW" $((NOW + 7200)) | b64url)
KH=$(printf '%s' "$KEY_B64" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
S=$(printf '%s.%s' "$H" "$P" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KH" -binary | b64url)
JWT="$H.$P.$S"
setup() { local port=$1 a
  a=$(curl -s -X POST "http://127.0.0.1:$port/v1/connections/bench" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' -d '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["authorize_url"])')
  connect_bench_user "$port" "$a" c
  curl -s -X POST "http://127.0.0.1:$port/v1/sessions" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' -d '{"agent_id":"bench","scopes":["bench.call"],"ttl_seconds":7200}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# Starts A and B (each on a fresh audit buffer), connects the bench user and creates a session on each.
start_pair() { # pair number
  start_lk $LKA "$A" "${ENV_A:-}" auditA$1; APID=$!
  start_lk $LKB "$B" "${ENV_B:-}" auditB$1; BPID=$!
  PIDS=($YPID $APID $BPID)
  wait_up $LKA /healthz; wait_up $LKB /healthz
  TA=$(setup $LKA); TB=$(setup $LKB)
  for t in "$LKA $TA" "$LKB $TB"; do set -- $t; c=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/bench/data" -H "Authorization: Bearer $2"); [ "$c" = 200 ] || { echo "lk $1 -> $c"; cat $WORK/lk-$1.log; exit 1; }; done
}
start_pair 1
cat > "$WORK/post.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("x", 65536)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF
SCRIPT=(); [ "$PAYLOAD" = post ] && SCRIPT=(-s "$WORK/post.lua")
CLK=$(getconf CLK_TCK)
ticks() { set -- $(cut -d' ' -f14,15 /proc/$1/stat); echo $(($1 + $2)); }
switches() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/ { n += $2 } END { print n }'; }
run() { # name port pid token secs -> prints name rps cpu_us p50 p99
  local b a out sb sa; b=$(ticks $3); sb=$(switches $3)
  out=$(taskset -c 0 wrk -t2 -c$CONNS -d${5}s --latency "${SCRIPT[@]}" -H "Authorization: Bearer $4" "http://127.0.0.1:$2$6")
  a=$(ticks $3); sa=$(switches $3)
  python3 - "$1" "$((a-b))" "$CLK" "$((sa-sb))" <<PY
import re,sys
n,t,c,sw=sys.argv[1:]; out="""$out"""
def ms(l):
    m=re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\s*$"%l,out,re.M); v,u=float(m.group(1)),m.group(2)
    return v/1000 if u=="us" else v*1000 if u=="s" else v
tot=int(re.search(r"(\d+) requests in",out).group(1)); rps=float(re.search(r"Requests/sec:\s+([\d.]+)",out).group(1))
bad=re.search(r"Non-2xx or 3xx responses: (\d+)",out)
print(f"{n}\t{rps:.0f}\t{int(t)/int(c)*1e6/max(tot,1):.1f}\t{ms('50%'):.3f}\t{ms('99%'):.3f}\t{bad.group(1) if bad else 0}\t{int(sw)/max(tot,1):.2f}")
PY
}
run yarp $YARP $YPID x $WARM /data >/dev/null
warm_pair() { run A $LKA $APID $TA $WARM /bench/data >/dev/null; run B $LKB $BPID $TB $WARM /bench/data >/dev/null; }
warm_pair
if [ -n "${SYS_DIR:-}" ]; then
  # System calls per request: perf stat on the syscall tracepoints of A, B and bare YARP for one
  # slice each; $SYS_DIR/<arm>.stat holds the counts and <arm>.run the slice (divide by RPS x SLICE).
  mkdir -p "$SYS_DIR"
  EV=$(for c in sendto recvfrom read write pwrite64 futex epoll_wait sendmsg recvmsg writev openat close getdents64; do printf 'syscalls:sys_enter_%s,' $c; done)raw_syscalls:sys_enter
  for t in "A $APID $LKA $TA /bench/data" "B $BPID $LKB $TB /bench/data" "yarp $YPID $YARP x /data"; do set -- $t
    perf stat -e "$EV" -p $2 -o "$SYS_DIR/$1.stat" -- sleep $SLICE >/dev/null 2>&1 &
    PP=$!; run $1 $3 $2 $4 $SLICE $5 | tee "$SYS_DIR/$1.run"; wait $PP
  done
  for a in A B yarp; do
    n=$(awk -v s=$SLICE '{ print $2 * s }' "$SYS_DIR/$a.run")
    echo "$a: system calls per request"
    awk -v n="$n" '/syscalls|raw_syscalls/ { gsub(",", "", $1); if ($1 + 0 > 0) printf "  %7.3f %s\n", $1 / n, $2 }' "$SYS_DIR/$a.stat"
  done
  exit 0
fi
if [ -n "${PERF_DIR:-}" ]; then
  mkdir -p $PERF_DIR
  for t in "A $APID $LKA $TA /bench/data" "yarp $YPID $YARP x /data"; do set -- $t
    perf record -F 2999 -g -p $2 -o $PERF_DIR/$1.data -- sleep $SLICE >/dev/null 2>&1 &
    PP=$!; run $1 $3 $2 $4 $SLICE $5; wait $PP
  done
  exit 0
fi
if [ -n "${TRACE_DIR:-}" ]; then
  # dotnet-trace's CPU sampling of arm A under load for one slice; read it with
  # `dotnet-trace report $TRACE_DIR/A.nettrace topN -n 40 [--inclusive]`.
  mkdir -p "$TRACE_DIR"
  dotnet-trace collect -p $APID ${TRACE_PROVIDERS:+--providers "$TRACE_PROVIDERS"} ${TRACE_PROVIDERS:---profile dotnet-sampled-thread-time} --duration 00:00:00:$(printf '%02d' $((SLICE + 2))) -o "$TRACE_DIR/A.nettrace" >"$WORK/trace.log" 2>&1 &
  TP=$!; sleep 1; run A $LKA $APID $TA $SLICE /bench/data; wait $TP || cat "$WORK/trace.log" >&2
  exit 0
fi
R=$WORK/r.tsv; : > $R
arm() { case $1 in yarp) run yarp $YARP $YPID x $SLICE /data;; A) run A $LKA $APID $TA $SLICE /bench/data;; B) run B $LKB $BPID $TB $SLICE /bench/data;; esac; }
# The arm measured right after bare YARP fared ~8 % better in two runs of the same builds with
# the order swapped (bench/README.md), so by default A and B swap places every slice.
for pair in $(seq 1 ${PAIRS:-1}); do
  if [ "$pair" -gt 1 ]; then
    kill $APID $BPID 2>/dev/null || true; wait $APID $BPID 2>/dev/null || true
    start_pair $pair; warm_pair
  fi
  for i in $(seq 1 $SLICES); do
    order=${ORDER:-}; [ -n "$order" ] || { [ $((i % 2)) = 1 ] && order="yarp A B" || order="yarp B A"; }
    for a in $order; do arm $a | sed "s/\$/\t$pair/" | tee -a $R; done
  done
done
python3 - $R <<'PY'
import sys,statistics as st
from collections import defaultdict
d=defaultdict(list)
for l in open(sys.argv[1]):
    n,r,c,p5,p9,b,sw,pr=l.split("\t"); d[n].append((float(r),float(c),float(p5),float(p9),float(sw),int(pr)))
for n in ["yarp","A","B"]:
    v=d[n]; print(f"{n}: rps {st.median(x[0] for x in v):.0f}  cpu {st.median(x[1] for x in v):.1f}us  p50 {st.median(x[2] for x in v):.3f}  p99 {st.median(x[3] for x in v):.3f}  switches/req {st.median(x[4] for x in v):.2f}")
y=d["yarp"]
for n in ["A","B"]:
    rr=[a[0]/b[0] for a,b in zip(d[n],y)]; cr=[a[1]/b[1] for a,b in zip(d[n],y)]
    p9=[a[3]-b[3] for a,b in zip(d[n],y)]
    print(f"{n}/yarp: rps median {st.median(rr):.2f} cpu median {st.median(cr):.2f}  p99 added per slice {' '.join(f'{x:+.2f}' for x in p9)}  median {st.median(p9):+.2f} ms")
ba=[b[1]/a[1] for a,b in zip(d["A"],d["B"])]
print(f"B/A cpu per slice: {' '.join(f'{x:.2f}' for x in ba)}  median {st.median(ba):.3f}")
pairs=sorted({a[5] for a in d["A"]})
if len(pairs)>1:
    per=[st.median(b[1]/a[1] for a,b in zip(d["A"],d["B"]) if a[5]==p) for p in pairs]
    print(f"B/A cpu median per process pair: {' '.join(f'{x:.3f}' for x in per)}")
PY
