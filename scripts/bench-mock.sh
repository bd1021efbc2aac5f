#!/usr/bin/env bash
# Load test of the sandbox-mock binary with wrk (2 threads, 32 connections, loopback): its
# in-memory GET between two runs of internal/benchmark/httpfloor (a net/http server answering a
# fixed account: the most any Go server serves on this machine while wrk shares its cores), then
# in memory and with -state: creates, reads, creates with 20,000 accounts stored, reads while a
# client uploads at 1 KB/s, and the mock's peak RSS after an unsigned 300 MB body to a
# SigV4-protected Lease API.
# Prints one line per run: requests/s, p99, the server's CPU time per request, and the share of the
# machine's CPU time stolen by the hypervisor meanwhile. Linux only (it reads /proc). Skips (exit 0)
# when wrk is not installed. BENCH_MOCK_SECONDS sets each run's length (default 5).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v wrk >/dev/null 2>&1; then
  echo "bench-mock: wrk is not installed (apt-get install wrk); skipped"
  exit 0
fi
secs=${BENCH_MOCK_SECONDS:-5}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$root" && go build -o "$work/sandbox-mock" ./internal/cmd/sandbox-mock &&
  go build -o "$work/httpfloor" ./internal/benchmark/httpfloor)
# -quiet silences the access log; a build older than the flag logs nothing by default.
# The help text is read whole first: under pipefail, a -h that exits non-zero (as builds before
# the fix did) failed the pipeline, and the mock was measured with its access log on.
help=$("$work/sandbox-mock" -h 2>&1 || true)
quiet=
case $help in *-quiet*) quiet=-quiet ;; esac

# start NAME ARGS...: starts a mock on a free port; sets url and pid. BIN (default sandbox-mock) is
# the binary to start.
start() {
  local name=$1 bin=${BIN:-sandbox-mock} flags=$quiet
  shift
  [ "$bin" = sandbox-mock ] || flags=
  rm -f "$work/$name.addr"
  "$work/$bin" -addr 127.0.0.1:0 -addr-file "$work/$name.addr" $flags "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    [ -s "$work/$name.addr" ] && break
    sleep 0.1
  done
  url=$(cat "$work/$name.addr")
}

stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cat >"$work/create.lua" <<'LUA'
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads .. "-" .. math.random(1000000000))
end
local n = 0
local run = ""
function init(args)
  run = args[1] or ""
end
function request()
  n = n + 1
  local body = string.format('{"name":"bench","email":"bench-%s-%s-%d@example.com"}', run, tid, n)
  return wrk.format("POST", "/v1/accounts", {["Authorization"] = "Bearer admin-token", ["Content-Type"] = "application/json"}, body)
end
LUA

# cpu_ticks: the CPU time (user and system, in clock ticks) the server $pid has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)
# machine_ticks: the machine's total and stolen CPU ticks so far ("steal": time the hypervisor gave
# this VM's cores to another guest). A run with much stolen time measured a slower machine.
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat; }

# run LABEL PATH [wrk args...]: one wrk run, one line: requests/s, p99, the server's CPU time per
# request, errors. The machine's speed swings (other tenants share its cores), so requests/s from
# two runs compare only so far; CPU time per request is what the server itself costs.
run() {
  local label=$1 path=$2 before machine_before machine_after
  shift 2
  before=$(cpu_ticks)
  machine_before=$(machine_ticks)
  wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer admin-token" "$@" "$url$path" -- "$RANDOM$RANDOM" >"$work/wrk.out" 2>&1
  cpu=$(($(cpu_ticks) - before))
  machine_after=$(machine_ticks)
  awk -v label="$label" -v cpu="$cpu" -v hz="$ticks_per_second" -v m0="$machine_before" -v m1="$machine_after" '
    BEGIN { split(m0, a, " "); split(m1, b, " "); if (b[1] > a[1]) steal = 100 * (b[2] - a[2]) / (b[1] - a[1]) }
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { p99 = $2 }
    /requests in/ { total = $1 }
    /Non-2xx/ { non2xx = $NF }
    /Socket errors/ { sock = $0 }
    END { printf "%-44s %10.0f req/s  p99 %-9s  cpu %5.1f us/req  steal %2.0f%%  requests %s  non-2xx %s %s\n", label, rps, p99, 1e6 * cpu / hz / total, steal, total, non2xx + 0, sock }
  ' "$work/wrk.out"
}

requests_of_last_run() { awk '/requests in/ { print $1 }' "$work/wrk.out"; }
# cpu_per_request_of_last_run: the server's CPU microseconds per request in the last run.
cpu_per_request_of_last_run() { awk -v cpu="$cpu" -v hz="$ticks_per_second" '/requests in/ { printf "%.1f", 1e6 * cpu / hz / $1 }' "$work/wrk.out"; }
rps_of_last_run() { awk '/Requests\/sec/ { print $2 }' "$work/wrk.out"; }

root_account=/v1/accounts/e71a6160-4144-4720-9e34-e5943458d129
# Figures from a busy machine are not comparable with an idle one's: say how busy it was.
echo "bench-mock: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${secs}s per run, wrk -t2 -c32"

# The floor runs before and after the mock's GET, and the mock is read against their mean: the
# machine's speed can move between two runs.
run_floor() {
  BIN=httpfloor start floor
  run "floor: net/http, fixed answer" "$root_account"
  floor_rps+=("$(rps_of_last_run)")
  floor_cpu+=("$(cpu_per_request_of_last_run)")
  stop
}
floor_rps=()
floor_cpu=()
run_floor

start memory
run "memory: GET /v1/accounts/{id}" "$root_account"
get_rps=$(rps_of_last_run)
get_cpu=$(cpu_per_request_of_last_run)
stop
run_floor
awk -v m="$get_rps" -v mc="$get_cpu" -v f="${floor_rps[*]}" -v fc="${floor_cpu[*]}" 'BEGIN {
  split(f, r, " "); split(fc, c, " ")
  printf "  memory GET against the floor (mean of the runs before and after): %.0f%% of its requests/s, %.1f us of CPU per request against %.1f\n",
    200 * m / (r[1] + r[2]), mc, (c[1] + c[2]) / 2
}'

start memory
run "memory: POST /v1/accounts" /v1/accounts -s "$work/create.lua"
stop

start durable -state "$work/state.db"
run "state: GET /v1/accounts/{id}" "$root_account"
run "state: POST /v1/accounts (empty store)" /v1/accounts -s "$work/create.lua"
stored=$(requests_of_last_run)
seed_until=$(($(date +%s) + 120)) # a slow store may not get there: compare with what it stored
while [ "$stored" -lt 20000 ] && [ "$(date +%s)" -lt "$seed_until" ]; do
  wrk -t2 -c32 -d"${secs}s" -s "$work/create.lua" "$url/v1/accounts" -- "$RANDOM$RANDOM" >"$work/wrk.out" 2>&1
  stored=$((stored + $(requests_of_last_run)))
done
run "state: POST /v1/accounts ($stored stored)" /v1/accounts -s "$work/create.lua"
stop

# A client uploading a 20 KB body at 1 KB/s while others read.
start slow
head -c 20000 /dev/zero | tr '\0' ' ' >"$work/slow-body"
for _ in 1 2 3 4; do
  curl -s -o /dev/null --limit-rate 1K -X POST -H "Authorization: Bearer admin-token" -H "Content-Type: application/json" \
    --data-binary @"$work/slow-body" "$url/v1/accounts" &
  pids+=($!)
done
sleep 1
run "memory: GET while 4 clients upload at 1 KB/s" "$root_account"
stop

# An unsigned 300 MB body (the public access key id, a made-up signature) to a SigV4 mock.
start sigv4 -sigv4-access-key-id AKIDBENCH -sigv4-secret-access-key bench-secret
truncate -s 300M "$work/big-body"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -T "$work/big-body" \
  -H "X-Amz-Date: 20260101T000000Z" -H "Content-Type: application/json" \
  -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000" \
  "$url/leases" || true)
rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
printf "%-44s status %s, mock peak RSS %d MB\n" "sigv4: unsigned 300 MB POST /leases" "$status" $((rss / 1024))
stop
