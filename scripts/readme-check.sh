#!/usr/bin/env bash
# The check behind `make readme-check`: follow README.md's "Use it from your own configuration" as a
# newcomer would. It builds the provider into a folder, writes the README's CLI configuration (with
# that folder) and the README's main.tf (with the mock's endpoint and token) into a directory of its
# own, and runs apply, a second plan that must be empty, and destroy against the mock, without init.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
cli=$(pick_cli)

# readme_block MARKER prints the first ```hcl block after the README line starting with MARKER.
readme_block() {
  awk -v marker="$1" '
    index($0, marker) == 1 { found = 1; next }
    found && /^```hcl$/ { inside = 1; next }
    inside && /^```$/ { exit }
    inside { print }
  ' "$root/README.md"
}

build_all "$root"
start_mock
readme_block '**2. Point the CLI' | sed "s|\"/home/you/sandbox-provider/bin\"|\"$work/bin\"|" >"$work/dev.tfrc"
grep -q "\"$work/bin\"" "$work/dev.tfrc" || { echo "readme-check: the README's CLI configuration names no /home/you/sandbox-provider/bin" >&2; exit 1; }
mkdir "$work/my-config"
readme_block '**4. Write a configuration' |
  sed -e "s|\"http://127.0.0.1:8080\"|\"$SANDBOX_ENDPOINT\"|" -e "s|\"admin-token\"|\"$SANDBOX_TOKEN\"|" >"$work/my-config/main.tf"
grep -q 'source  *= "sandbox-platform/sandbox"' "$work/my-config/main.tf" || { echo "readme-check: the README's configuration has no required_providers source" >&2; exit 1; }
# Only what the README says: its CLI configuration, no SANDBOX_* variables.
unset SANDBOX_ENDPOINT SANDBOX_TOKEN
export TF_CLI_CONFIG_FILE="$work/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

cd "$work/my-config"
"$cli" apply -auto-approve -input=false -no-color
set +e
"$cli" plan -detailed-exitcode -input=false -no-color >"$work/plan.txt" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/plan.txt"; echo "readme-check: the second plan was not empty (exit code $code)" >&2; exit 1; }
"$cli" destroy -auto-approve -input=false -no-color
echo "readme-check: the README's configuration applied, planned clean and destroyed"
