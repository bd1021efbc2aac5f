# Lease API part of the demo: an AWS account in the lease pool, a lease of it to the demo team,
# and what the leases and usage data sources report.

resource "sandbox_pool_account" "demo" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
  metadata = jsonencode({
    team    = sandbox_account.demo.name
    purpose = "demo"
  })
}

resource "sandbox_lease" "demo" {
  principal_id               = sandbox_account.demo.id
  account_id                 = sandbox_pool_account.demo.id
  budget_amount              = 250
  budget_currency            = "USD"
  budget_notification_emails = [sandbox_account.demo.email]
}

data "sandbox_leases" "demo" {
  principal_id = sandbox_lease.demo.principal_id
  status       = "Active"
}

# Usage over the lifetime of the lease; the mock accrues a daily cost for every leased account.
data "sandbox_usage" "demo" {
  start_date = sandbox_lease.demo.created_on
  end_date   = sandbox_lease.demo.expires_on
}

output "pool_account" {
  description = "The pool account and the role leaseholders assume in it."
  value = {
    id                 = sandbox_pool_account.demo.id
    principal_role_arn = sandbox_pool_account.demo.principal_role_arn
  }
}

output "lease" {
  description = "The demo lease."
  value = {
    id         = sandbox_lease.demo.id
    account_id = sandbox_lease.demo.account_id
    status     = sandbox_lease.demo.lease_status
    expires_on = sandbox_lease.demo.expires_on
  }
}

output "active_leases_of_demo_team" {
  description = "Ids of the demo team's active leases, as the leases data source lists them."
  value       = data.sandbox_leases.demo.leases[*].id
}

output "usage" {
  description = "Cost of the demo team's leases so far, per currency."
  value       = data.sandbox_usage.demo.total_cost
}
