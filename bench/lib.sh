# Shared helpers for the bench scripts (sourced). Loopback only.

need() { command -v "$1" >/dev/null 2>&1; }

# The runtime settings Latchkey's Dockerfile ships with (docs/operations.md, "CPU, tier-up,
# scheduling"): count calls for tier-1 promotion at once instead of after 1 s of quiet on one
# CPU, and a 64 MiB gen-0 budget. Every bench script runs Latchkey with exactly these.
LATCHKEY_RUNTIME_ENV="DOTNET_TC_CallCountingDelayMs=0 DOTNET_GCgen0size=0x4000000"

# Installs Debian packages when missing and running as root; fails with an instruction otherwise.
ensure_tools() {
  local missing=()
  for tool in "$@"; do need "$tool" || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ] && need apt-get && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) || true
  fi
  for tool in "$@"; do need "$tool" || { echo "this script needs $tool: apt-get install -y $tool" >&2; exit 2; }; done
}

# start_nginx <name> <worker connections> [pinning command...] < http-block lines: writes
# $WORK/<name>.conf (one worker, pid and error log in $WORK, no access log) around the lines read
# from standard input, and starts it as a daemon; stop it with stop_nginx <name>.
start_nginx() {
  local name=$1 connections=$2; shift 2
  {
    printf 'worker_processes 1;\npid %s/%s.pid;\nerror_log %s/%s-error.log;\n' "$WORK" "$name" "$WORK" "$name"
    printf 'events { worker_connections %s; }\nhttp {\n  access_log off;\n' "$connections"
    cat
    printf '}\n'
  } > "$WORK/$name.conf"
  "$@" nginx -c "$WORK/$name.conf" -p "$WORK" -g 'daemon on;'
}

# start_bench_upstream <port> [pinning command...]: the provider every bench arm forwards to, a
# small JSON answer, and its OAuth token endpoint (the connect flow gives Latchkey a user token).
start_bench_upstream() {
  local port=$1; shift
  start_nginx nginx 4096 "$@" <<EOF
  client_max_body_size 2m;
  server { listen 127.0.0.1:$port;
    location / { default_type application/json; return 200 '{"ok":true,"items":[1,2,3]}'; }
    location = /oauth/token { default_type application/json; return 200 '{"access_token":"bench-user-access-token","token_type":"Bearer","expires_in":86400,"refresh_token":"bench-user-refresh-token"}'; } }
EOF
}

# start_seq_standin <port> [pinning command...]: accepts every audit batch, as Seq would. Run it on
# the load generator's CPU: a real Seq is neither the provider nor on the proxy's machine.
start_seq_standin() {
  local port=$1; shift
  start_nginx seq 256 "$@" <<EOF
  client_max_body_size 16m;
  client_body_buffer_size 16m;
  server { listen 127.0.0.1:$port; location / { return 201 '{}'; } }
EOF
}

# write_bench_providers <upstream port>: $WORK/config/providers.yaml with the one provider every
# bench arm uses, the user's OAuth token from the upstream's token endpoint.
write_bench_providers() {
  mkdir -p "$WORK/config"
  cat > "$WORK/config/providers.yaml" <<EOF
providers:
  bench:
    upstream: http://127.0.0.1:$1
    allow_private_network: true
    credential: user
    oauth:
      authorize_url: http://127.0.0.1:$1/oauth/authorize
      token_url: http://127.0.0.1:$1/oauth/token
      client_id: bench-client
      client_secret: env:BENCH_CLIENT_SECRET
      scopes: [bench]
EOF
}

stop_nginx() { [ -f "$WORK/$1.pid" ] && kill "$(cat "$WORK/$1.pid")" 2>/dev/null || true; }

wait_up() { for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.2; done; echo "port $1 never answered" >&2; exit 1; }

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# mint_jwt <base64 HS256 key> <tenant> <user>: a management JWT valid for an hour.
mint_jwt() {
  local key_b64=$1 tenant=$2 user=$3 now header payload key_hex sig
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","tid":"%s","aud":"latchkey","iat":%d,"exp":%d}' "$user" "$tenant" "$now" $((now + 3600)) | b64url)
  key_hex=$(printf '%s' "$key_b64" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)
  echo "$header.$payload.$sig"
}

# rss_kib <pid>: resident set size in KiB.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# connect_bench_user <port> <link> <code>: completes the OAuth connect flow for the link that
# POST /v1/connections answered: Latchkey's page binds the flow to the browser that opens it by a
# cookie, so open it with a cookie jar, press Continue (its hidden proof field), take the state
# from the provider URL it redirects to, and call back with the same jar.
connect_bench_user() {
  local port=$1 link=$2 code=$3 jar proof authorize state
  jar=$(mktemp)
  proof=$(curl -s -c "$jar" -b "$jar" "$link" | python3 -c 'import re, sys
m = re.search(r"name=\"proof\" value=\"([^\"]*)\"", sys.stdin.read())
sys.exit("no proof field on the connect page") if m is None else print(m.group(1))') || { rm -f "$jar"; return 1; }
  authorize=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -X POST --data-urlencode "proof=$proof" "$link")
  state=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["state"][0])' "$authorize") || { rm -f "$jar"; return 1; }
  curl -s -o /dev/null -b "$jar" "http://127.0.0.1:$port/oauth/callback?code=$code&state=$state"
  rm -f "$jar"
}
