#!/usr/bin/env bash
# The list benchmark behind `make bench`: against a mock holding BENCH_LEASES (10,000) leases, times
# a plan that reads data.sandbox_leases over all of them and the same plan without it, interleaved,
# best of BENCH_ROUNDS (3), on the first CLI find_clis finds, and prints what the list adds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
n=${BENCH_LEASES:-10000}
rounds=${BENCH_ROUNDS:-3}
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT

cli=$(find_clis | sed -n 1p)
if [ -z "$cli" ]; then
  echo "bench-leases: no terraform or tofu found (set BENCH_CLIS)" >&2
  exit 1
fi
build_all "$root"
(cd "$root" && go build -o "$work/leaseseed" ./internal/benchmark/leaseseed)
start_mock
use_dev_override
"$work/leaseseed" -n "$n"

provider_block='terraform {
  required_providers {
    sandbox = { source = "sandbox-platform/sandbox" }
  }
}'
mkdir -p "$work/with" "$work/without"
cat >"$work/with/main.tf" <<TF
$provider_block
data "sandbox_leases" "all" {}
output "leases" { value = length(data.sandbox_leases.all.leases) }
TF
cat >"$work/without/main.tf" <<TF
$provider_block
output "leases" { value = 0 }
TF

plan_ms() {
  local dir=$1 start end
  start=$(date +%s%N)
  (cd "$dir" && "$cli" plan -input=false -no-color >"$dir/last.log" 2>&1) || { cat "$dir/last.log" >&2; return 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
with_best="" without_best=""
for _ in $(seq 1 "$rounds"); do
  w=$(plan_ms "$work/with")
  wo=$(plan_ms "$work/without")
  if [ -z "$with_best" ] || [ "$w" -lt "$with_best" ]; then with_best=$w; fi
  if [ -z "$without_best" ] || [ "$wo" -lt "$without_best" ]; then without_best=$wo; fi
done
grep -q "leases = $n" "$work/with/last.log" || { echo "bench-leases: the plan did not list $n leases" >&2; cat "$work/with/last.log" >&2; exit 1; }
echo "plan over $n leases ($("$cli" version | sed -n 1p), best of $rounds): with data.sandbox_leases ${with_best} ms," \
  "without ${without_best} ms, the list adds $(( with_best - without_best )) ms (load $(cut -d' ' -f1 /proc/loadavg))"
