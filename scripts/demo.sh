#!/usr/bin/env bash
# The demo behind `make demo`: build the provider, start the bundled mock on a free loopback port,
# apply examples/demo through a dev_overrides CLI config, print the outputs, prove a second plan is
# empty, destroy, and stop the mock. Any failing step fails the demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid"
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cli=${DEMO_CLI:-$(command -v terraform || command -v tofu || true)}
if [ -z "$cli" ]; then
  echo "demo: neither terraform nor tofu is on PATH (set DEMO_CLI)" >&2
  exit 1
fi
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

step() { printf '\n==> %s\n' "$*"; }

step "building the provider and the mock server"
mkdir -p "$work/bin" "$work/demo"
(cd "$root" && go build -o "$work/bin/terraform-provider-sandbox" . && go build -o "$work/sandbox-mock" ./internal/cmd/sandbox-mock)

step "starting the mock server on a free loopback port"
token="demo-$(date +%s)-$RANDOM"
"$work/sandbox-mock" -addr 127.0.0.1:0 -addr-file "$work/addr" -token "$token" -account-ready-delay 200ms >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/addr" ] && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/addr" ] || { echo "demo: the mock server did not start" >&2; exit 1; }
export SANDBOX_ENDPOINT=$(cat "$work/addr") SANDBOX_TOKEN=$token
echo "mock server at $SANDBOX_ENDPOINT"

cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "sandbox-platform/sandbox" = "$work/bin"
  }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
cp -R "$root/examples/demo/." "$work/demo/"
cp -R "$root/examples/resources" "$work/resources" 2>/dev/null || true
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
kill "$mock_pid"
wait "$mock_pid" 2>/dev/null || true
mock_pid=""
echo "demo finished"
