#!/usr/bin/env bash
# The demo behind `make demo`: build the provider, start the bundled mock on a free loopback port,
# apply examples/demo through a dev_overrides CLI config, print the outputs, prove a second plan is
# empty, destroy, and stop the mock. Any failing step fails the demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
cli=$(pick_cli)
step() { printf '\n==> %s\n' "$*"; }

step "building the provider and the mock server"
build_all "$root"

step "starting the mock server on a free loopback port"
start_mock
echo "mock server at $SANDBOX_ENDPOINT"
use_dev_override

# The demo may use files beside the examples (a plugin's wasm), so keep the same relative layout.
mkdir -p "$work/demo"
cp -R "$root/examples/demo/." "$work/demo/"
cp -R "$root/examples/resources" "$work/resources"
cd "$work/demo"

step "$(basename "$cli") apply"
"$cli" apply -auto-approve -input=false -no-color

step "outputs"
"$cli" output -no-color

step "a second plan shows no drift"
set +e
"$cli" plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ]; then
  cat "$work/plan.txt"
  echo "demo: the second plan was not empty (exit code $code)" >&2
  exit 1
fi
echo "no changes"

step "$(basename "$cli") destroy"
"$cli" destroy -auto-approve -input=false -no-color

step "stopping the mock server"
stop_mock
echo "demo finished"
