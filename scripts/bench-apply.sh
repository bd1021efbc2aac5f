#!/usr/bin/env bash
# The ratio benchmark behind `make bench`: on every CLI find_clis finds, applies, plans and destroys
# BENCH_N (1,000) sandbox_account resources against the mock and as many noop_thing resources of the
# no-op framework provider (internal/benchmark/noopprovider), interleaved in one run, BENCH_ROUNDS (3)
# rounds, and prints the best wall time of each, their ratio (sandbox / no-op: below 1.00 means faster
# than a provider that does nothing), each provider's peak RSS, and its start-to-schema time.
#
# Both providers run under `pluginstat rss`, a wrapper that records a child's peak RSS, so the
# wrapper's cost (one exec) is the same on both sides of each ratio.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
n=${BENCH_N:-1000}
rounds=${BENCH_ROUNDS:-3}
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT

mapfile -t clis < <(find_clis)
if [ ${#clis[@]} -eq 0 ]; then
  echo "bench: no terraform or tofu found (set BENCH_CLIS)" >&2
  exit 1
fi
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

build_all "$root"
mkdir -p "$work/real" "$work/rss"
mv "$work/bin/terraform-provider-sandbox" "$work/real/"
(cd "$root" && go build -o "$work/real/terraform-provider-noop" ./internal/benchmark/noopprovider &&
  go build -o "$work/pluginstat" ./internal/benchmark/pluginstat)
for p in sandbox noop; do
  cat >"$work/bin/terraform-provider-$p" <<SH
#!/bin/sh
exec "$work/pluginstat" rss "\${BENCH_RSS_FILE:-$work/rss/unnamed}-$p" "$work/real/terraform-provider-$p" "\$@"
SH
  chmod +x "$work/bin/terraform-provider-$p"
done
start_mock
use_dev_override
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "sandbox-platform/sandbox" = "$work/bin"
    "sandbox-platform/noop"    = "$work/bin"
  }
  direct {}
}
TFRC

write_config() {
  local dir=$1 provider=$2 type=$3
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<TF
terraform {
  required_providers {
    $provider = { source = "sandbox-platform/$provider" }
  }
}
resource "$type" "bench" {
  count = $n
  name  = "bench \${count.index}"
  email = "bench-\${count.index}@example.com"
}
TF
}

# timed RSS_FILE DIR CLI ARGS... runs the CLI in DIR and prints its wall time in ms.
timed() {
  local rss=$1 dir=$2 cli=$3 start end
  shift 3
  start=$(date +%s%N)
  (cd "$dir" && BENCH_RSS_FILE=$rss "$cli" "$@" -input=false -no-color >"$dir/last.log" 2>&1) ||
    { cat "$dir/last.log" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

# best FILE prints the smallest number in FILE; peak FILE the largest.
best() { sort -n "$1" | sed -n 1p; }
peak() { sort -n "$1" | tail -1; }

results="$work/results"
: >"$results"
for cli in "${clis[@]}"; do
  label=$("$cli" version | sed -n 1p)
  key=$(basename "$(dirname "$cli")")-$(basename "$cli")
  echo "bench: $label ($cli), N=$n, $rounds rounds"
  rm -rf "$work/sandbox" "$work/noop"
  write_config "$work/sandbox" sandbox sandbox_account
  write_config "$work/noop" noop noop_thing
  for round in $(seq 1 "$rounds"); do
    for op in apply plan destroy; do
      case $op in
        apply) args=(apply -auto-approve) ;;
        plan) args=(plan) ;;
        destroy) args=(destroy -auto-approve) ;;
      esac
      for side in sandbox noop; do
        ms=$(timed "$work/rss/$key-$op" "$work/$side" "$cli" "${args[@]}")
        echo "$ms" >>"$work/rss/$key-$op-$side.ms"
      done
    done
    echo "bench:   round $round done (load $(cut -d' ' -f1 /proc/loadavg))"
  done
  for op in apply plan destroy; do
    s=$(best "$work/rss/$key-$op-sandbox.ms")
    f=$(best "$work/rss/$key-$op-noop.ms")
    rs=$(peak "$work/rss/$key-$op-sandbox")
    rf=$(peak "$work/rss/$key-$op-noop")
    echo "$label|$op|$s|$f|$rs|$rf" >>"$results"
  done
done

schema_sandbox=$("$work/pluginstat" schema -n 10 "$work/real/terraform-provider-sandbox")
schema_noop=$("$work/pluginstat" schema -n 10 "$work/real/terraform-provider-noop")

echo
echo "N = $n resources, best of $rounds (wall ms); ratio = sandbox_account / noop_thing; peak RSS of the provider process"
awk -F'|' 'BEGIN {
  printf "%-20s %-8s %12s %10s %7s %14s %12s\n", "CLI", "op", "sandbox ms", "noop ms", "ratio", "sandbox RSS", "noop RSS"
}
{
  printf "%-20s %-8s %12d %10d %7.2f %11.1f MB %9.1f MB\n", $1, $2, $3, $4, $3 / $4, $5 / 1024, $6 / 1024
}' "$results"
echo "start to schema (best of 10): sandbox ${schema_sandbox} ms, noop ${schema_noop} ms"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
