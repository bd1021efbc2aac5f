# Runs against whatever SANDBOX_ENDPOINT and SANDBOX_TOKEN point at: the bundled mock, offline.
# Each run applies (unless it says command = plan) and the test destroys everything at the end.

variables {
  team  = "Data Platform"
  email = "data-platform@example.com"
  lead  = "jdoe"
}

# A fixture module fills the pool first. Modules named in run blocks are installed by
# `terraform get` (or `terraform init`) before `terraform test`.
run "pool" {
  module {
    source = "./tests/setup"
  }
}

run "creates_the_team" {
  assert {
    condition     = sandbox_account.team.name == "Data Platform"
    error_message = "The account does not carry the team's name."
  }

  assert {
    condition     = sandbox_account_roles.team.roles == toset(["marketing-admin"])
    error_message = "The team's account does not have exactly the marketing-admin role."
  }

  assert {
    condition     = sandbox_lease.lead.lease_status == "Active" && output.sandbox_account_id == "123456789012"
    error_message = "The lead did not get the pool's account."
  }
}

# Validation runs before any request: a plan with a bad address fails on the variable.
run "refuses_a_bad_email" {
  command = plan

  variables {
    email = "not-an-address"
  }

  expect_failures = [var.email]
}
