#!/usr/bin/env bash
# The check behind `make test-modules`: run `terraform test` on examples/testing against the
# bundled mock, exactly as docs/guides/testing-modules-offline.md tells users to: a provider build
# in a dev_overrides folder, `terraform get` for the test's modules (not `init`, which would look
# the provider up in the registry), then `terraform test`. Nothing is downloaded. DEMO_CLI picks
# the CLI (terraform, else tofu).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
cli=$(pick_cli)

build_all "$root"
start_mock
use_dev_override

# A copy, so the CLI's .terraform folder never lands in the repository.
cp -R "$root/examples/testing" "$work/module"
cd "$work/module"
"$cli" get -no-color
"$cli" test -no-color
