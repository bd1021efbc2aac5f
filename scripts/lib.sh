# Shared by demo.sh and bench-apply.sh: build the provider and the mock, start the mock on a free
# loopback port, and write a CLI configuration whose dev_overrides point at the fresh build.
# Callers set $work (a temporary directory they remove) and source this file.

# pick_cli prints the CLI to drive: $DEMO_CLI, else terraform, else tofu.
pick_cli() {
  local cli=${DEMO_CLI:-$(command -v terraform || command -v tofu || true)}
  if [ -z "$cli" ]; then
    echo "neither terraform nor tofu is on PATH (set DEMO_CLI)" >&2
    return 1
  fi
  echo "$cli"
}

# build_all builds the provider into $work/bin and the mock into $work/sandbox-mock.
build_all() {
  local root=$1
  mkdir -p "$work/bin"
  (cd "$root" && go build -o "$work/bin/terraform-provider-sandbox" . && go build -o "$work/sandbox-mock" ./internal/cmd/sandbox-mock)
}

# start_mock starts the mock, waits until it serves, and exports SANDBOX_ENDPOINT, SANDBOX_TOKEN and mock_pid.
start_mock() {
  export SANDBOX_TOKEN="demo-$(date +%s)-$RANDOM"
  # shellcheck disable=SC2086 # MOCK_FLAGS is a list of flags
  "$work/sandbox-mock" -addr 127.0.0.1:0 -addr-file "$work/addr" -token "$SANDBOX_TOKEN" -account-ready-delay 200ms ${MOCK_FLAGS:-} >"$work/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/addr" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; return 1; }
    sleep 0.1
  done
  [ -s "$work/addr" ] || { echo "the mock server did not start" >&2; return 1; }
  SANDBOX_ENDPOINT=$(cat "$work/addr")
  export SANDBOX_ENDPOINT
}

# stop_mock stops the mock if it still runs.
stop_mock() {
  if [ -n "${mock_pid:-}" ] && kill -0 "$mock_pid" 2>/dev/null; then
    kill "$mock_pid"
    wait "$mock_pid" 2>/dev/null || true
  fi
  mock_pid=""
}

# use_dev_override makes the CLI load the provider from $work/bin without a registry.
use_dev_override() {
  cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "sandbox-platform/sandbox" = "$work/bin"
  }
  direct {}
}
TFRC
  export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
  export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
}

# find_clis prints every CLI the benchmark can drive, one per line: $BENCH_CLIS (space-separated) if
# set, else terraform on PATH, the cached Terraform 1.15 and the cached OpenTofu, those that exist.
find_clis() {
  local cache=${CACHE_DIR:-$HOME/.cache/terraform-provider-sandbox} cli
  if [ -n "${BENCH_CLIS:-}" ]; then
    for cli in $BENCH_CLIS; do echo "$cli"; done
    return
  fi
  for cli in "$(command -v terraform || true)" "$cache/terraform-v1.15.0/terraform" "$cache/tofu-v1.12.6/tofu"; do
    [ -n "$cli" ] && [ -x "$cli" ] && echo "$cli"
  done
  return 0
}
