#!/usr/bin/env bash
# The ratio benchmark behind `make bench`: on every CLI find_clis finds, applies, plans and destroys
# BENCH_N (1,000) sandbox_account resources against the mock and as many resources of the no-op
# framework provider (internal/benchmark/noopprovider), interleaved in one run, BENCH_ROUNDS (3)
# rounds, and prints the best wall time of each, the ratios (below 1.00 means faster than a provider
# that does nothing), each provider's peak RSS, and its start-to-schema time. Two floors:
#   noop_account  sandbox_account's shape (same attributes, values of the same size, identity): the
#                 ratio of the provider's own cost, since Terraform writes the whole state after every
#                 change and so spends more per resource the more each one holds;
#   noop_thing    an id, a name and an email, no identity: the smallest resource of the kind.
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
# The access log would charge the mock for writing one line per request: the benchmark is about the provider.
MOCK_FLAGS=-quiet start_mock
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
  rm -rf "$work/sandbox" "$work/noop" "$work/thing"
  write_config "$work/sandbox" sandbox sandbox_account
  write_config "$work/noop" noop noop_account
  write_config "$work/thing" noop noop_thing
  for round in $(seq 1 "$rounds"); do
    for op in apply plan destroy; do
      case $op in
        apply) args=(apply -auto-approve) ;;
        plan) args=(plan) ;;
        destroy) args=(destroy -auto-approve) ;;
      esac
      for side in sandbox noop thing; do
        ms=$(timed "$work/rss/$key-$op-$side" "$work/$side" "$cli" "${args[@]}")
        echo "$ms" >>"$work/rss/$key-$op-$side.ms"
      done
    done
    echo "bench:   round $round done (load $(cut -d' ' -f1 /proc/loadavg))"
  done
  for op in apply plan destroy; do
    s=$(best "$work/rss/$key-$op-sandbox.ms")
    f=$(best "$work/rss/$key-$op-noop.ms")
    th=$(best "$work/rss/$key-$op-thing.ms")
    rs=$(peak "$work/rss/$key-$op-sandbox-sandbox")
    rf=$(peak "$work/rss/$key-$op-noop-noop")
    echo "$label|$op|$s|$f|$th|$rs|$rf" >>"$results"
  done
done

schema_sandbox=$("$work/pluginstat" schema -n 10 "$work/real/terraform-provider-sandbox")
schema_noop=$("$work/pluginstat" schema -n 10 "$work/real/terraform-provider-noop")

echo
echo "N = $n resources, best of $rounds (wall ms); ratio = sandbox_account / noop_account (same shape), and / noop_thing (smallest); peak RSS of the provider process"
awk -F'|' 'BEGIN {
  printf "%-22s %-8s %10s %10s %7s %10s %7s %12s %10s\n", "CLI", "op", "sandbox", "noop_acct", "ratio", "noop_thing", "ratio", "sandbox RSS", "noop RSS"
}
{
  printf "%-22s %-8s %10d %10d %7.2f %10d %7.2f %9.1f MB %7.1f MB\n", $1, $2, $3, $4, $3 / $4, $5, $3 / $5, $6 / 1024, $7 / 1024
}' "$results"
echo "start to schema (best of 10): sandbox ${schema_sandbox} ms, noop ${schema_noop} ms"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
