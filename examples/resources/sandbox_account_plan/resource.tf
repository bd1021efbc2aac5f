resource "sandbox_account" "team" {
  name  = "Team"
  email = "team@example.com"
}

# Put the account on a larger plan. Destroying this resource does not unassign the plan (the
# platform cannot); the account keeps it.
resource "sandbox_account_plan" "team" {
  account_id = sandbox_account.team.id
  plan_id    = "c685f150-7cb7-436f-9700-386be171480b"
}

output "team_limits" {
  value = {
    plan       = sandbox_account_plan.team.name
    apps       = sandbox_account_plan.team.app_limit
    workers    = sandbox_account_plan.team.worker_limit
    storage_gb = sandbox_account_plan.team.storage_limit / 1e9
  }
}
