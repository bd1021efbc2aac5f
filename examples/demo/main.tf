# A demo of the sandbox provider against the bundled mock server. `make demo` starts the mock, points
# the provider at it through SANDBOX_ENDPOINT and SANDBOX_TOKEN, applies, checks for drift and destroys.

terraform {
  required_providers {
    sandbox = {
      source = "sandbox-platform/sandbox"
    }
  }
}

provider "sandbox" {}

resource "sandbox_account" "demo" {
  name  = "Demo Team"
  email = "demo-team@example.com"
}

resource "sandbox_account" "ci" {
  name  = "CI Robot"
  email = "ci-robot@example.com"
}

output "accounts" {
  description = "The accounts the demo created."
  value = {
    # Not plan_id or roles: sandbox_account_plan and sandbox_account_roles (tokens.tf) change them
    # after the account is created, so they would differ at the next refresh.
    for a in [sandbox_account.demo, sandbox_account.ci] : a.name => {
      id    = a.id
      email = a.email
    }
  }
}
