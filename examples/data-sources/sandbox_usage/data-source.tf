# What leases cost in January 2030, per principal and in total per currency.
data "sandbox_usage" "january" {
  start_date = "2030-01-01"
  end_date   = "2030-01-31"
}

output "january_cost_by_principal" {
  value = { for r in data.sandbox_usage.january.records : r.principal_id => r.cost_amount }
}

output "january_total_usd" {
  value = lookup(data.sandbox_usage.january.total_cost, "USD", 0)
}

# One principal's usage last week (a Lease API user may read only its own principal's).
data "sandbox_usage" "mine" {
  start_date   = "2030-01-01"
  end_date     = "2030-01-07"
  principal_id = "jdoe@example.com"
}
