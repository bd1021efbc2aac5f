#!/usr/bin/env bash
# Adopting objects made outside Terraform, as a user would with Terraform 1.14+ (`make query-demo`):
# start the mock, make a pool account, a lease, an account with a token and a plugin through its
# HTTP API, then
#   1. `terraform query` with list blocks for the four listable types must show each object;
#   2. `terraform query -generate-config-out` writes their configuration and import blocks, and
#      import blocks by identity for the account, its plan assignment and its roles get theirs from
#      `terraform plan -generate-config-out`;
#   3. that plan must show only imports, one for each of the 7 resource types;
#   4. after the apply, a plan must show no changes.
# Any failing step fails the script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
work=$(mktemp -d)
trap 'stop_mock; rm -rf "$work"' EXIT
cli=$(pick_cli)
step() { printf '\n==> %s\n' "$*"; }
fail() { echo "query-demo: $*" >&2; exit 1; }

step "building the provider and the mock server"
build_all "$root"
start_mock
use_dev_override
echo "mock server at $SANDBOX_ENDPOINT"

# api METHOD PATH [curl arguments...] calls the mock with the admin token and prints the answer.
api() {
  local method=$1 path=$2
  shift 2
  curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $SANDBOX_TOKEN" "$@" "$SANDBOX_ENDPOINT$path"
}
# field NAME reads the first string field NAME of a JSON answer on standard input.
field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | head -n 1; }

step "making objects through the HTTP API, outside Terraform"
pool_id=210987654321
api POST /accounts -H 'Content-Type: application/json' \
  -d "{\"id\":\"$pool_id\",\"adminRoleArn\":\"arn:aws:iam::$pool_id:role/DCEAdmin\"}" >/dev/null
for _ in $(seq 1 50); do
  api GET "/accounts/$pool_id" | grep -q '"Ready"' && break
  sleep 0.1
done
lease_id=$(api POST /leases -H 'Content-Type: application/json' -d "{\"principalId\":\"adopted-principal\",\"accountId\":\"$pool_id\"}" | field id)
account_id=$(api POST /v1/accounts -H 'Content-Type: application/json' -d '{"name":"Adopted","email":"adopted@example.com"}' | field id)
token_id=$(api POST "/v1/accounts/$account_id/tokens" -H 'Content-Type: application/json' -d '{"expiresAt":"2099-01-01T00:00:00Z"}' | field id)
printf '\0asm\1\0\0\0' >"$work/lib.wasm"
plugin_id=$(api POST "/v1/accounts/$account_id/plugins" \
  -F 'metadata={"name":"adopted-lib","version":"1.0.0","description":"","icon":"","homepage":"","spec":{"type":"Library"}};type=application/json' \
  -F "pluginWasm=@$work/lib.wasm;type=application/octet-stream" | field id)
for v in pool_id lease_id account_id token_id plugin_id; do
  [ -n "${!v}" ] || fail "could not make the $v object"
  echo "$v=${!v}"
done

mkdir -p "$work/adopt"
cd "$work/adopt"
cat >main.tf <<'TF'
terraform {
  required_providers {
    sandbox = { source = "sandbox-platform/sandbox" }
  }
}

provider "sandbox" {}
TF
cat >adopt.tfquery.hcl <<HCL
list "sandbox_pool_account" "pool" {
  provider         = sandbox
  include_resource = true
}

list "sandbox_lease" "leases" {
  provider         = sandbox
  include_resource = true
}

list "sandbox_token" "tokens" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "$account_id"
  }
}

list "sandbox_plugin" "plugins" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "$account_id"
  }
}
HCL

step "$(basename "$cli") query"
"$cli" query -no-color | tee "$work/query.txt"
for id in "$pool_id" "$lease_id" "$token_id" "$plugin_id"; do
  grep -q "$id" "$work/query.txt" || fail "terraform query did not show $id"
done

step "$(basename "$cli") query -generate-config-out=generated.tf"
"$cli" query -no-color -generate-config-out=generated.tf >/dev/null
cat generated.tf

# Accounts cannot be listed: name the account, its plan assignment and its roles by identity.
cat >accounts.tf <<TF
import {
  to       = sandbox_account.adopted
  identity = { id = "$account_id" }
}

import {
  to       = sandbox_account_plan.adopted
  identity = { account_id = "$account_id" }
}

import {
  to       = sandbox_account_roles.adopted
  identity = { account_id = "$account_id" }
}
TF

step "$(basename "$cli") plan -generate-config-out=accounts-generated.tf"
"$cli" plan -input=false -no-color -generate-config-out=accounts-generated.tf -out="$work/plan" | tee "$work/plan.txt"
grep -q '^Plan: 7 to import, 0 to add, 0 to change, 0 to destroy\.$' "$work/plan.txt" ||
  fail "the plan of the generated configuration is not 7 imports and nothing else"
for type in sandbox_account sandbox_account_plan sandbox_account_roles sandbox_pool_account sandbox_lease sandbox_token sandbox_plugin; do
  grep -qE "^  # $type\.[a-z0-9_]+ will be imported" "$work/plan.txt" || fail "no import of a $type in the plan"
done

step "$(basename "$cli") apply"
"$cli" apply -input=false -no-color "$work/plan" | tail -n 3

step "a second plan shows no changes"
set +e
"$cli" plan -detailed-exitcode -input=false -no-color >"$work/plan2.txt" 2>&1
code=$?
set -e
if [ "$code" -ne 0 ]; then
  cat "$work/plan2.txt"
  fail "the plan after the import was not empty (exit code $code)"
fi
echo "no changes"

stop_mock
echo "query demo finished"
