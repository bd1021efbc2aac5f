#!/usr/bin/env bash
# Applies N sandbox_account resources against the mock and N terraform_data resources in the same run,
# and prints both wall times and their ratio: the provider's overhead over Terraform's own floor.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
n=${BENCH_N:-100}
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
cli=$(pick_cli)
build_all "$root"
start_mock
use_dev_override

mkdir -p "$work/sandbox" "$work/floor"
cat >"$work/sandbox/main.tf" <<TF
terraform {
  required_providers {
    sandbox = { source = "sandbox-platform/sandbox" }
  }
}
resource "sandbox_account" "bench" {
  count = $n
  name  = "bench \${count.index}"
  email = "bench-\${count.index}@example.com"
}
TF
cat >"$work/floor/main.tf" <<TF
resource "terraform_data" "bench" {
  count = $n
  input = "bench \${count.index}"
}
TF

timed_apply() {
  local dir=$1 start end
  start=$(date +%s%N)
  (cd "$dir" && "$cli" apply -auto-approve -input=false -no-color >/dev/null)
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
sandbox_ms=$(timed_apply "$work/sandbox")
floor_ms=$(timed_apply "$work/floor")
awk -v n="$n" -v s="$sandbox_ms" -v f="$floor_ms" 'BEGIN {
  printf "apply of %d resources: sandbox_account %d ms, terraform_data %d ms, ratio %.2f\n", n, s, f, s / f
}'
