# Lease a pool account to a principal for three days with a budget of 250 USD. Every argument
# forces a new lease: the Lease API cannot change one.
resource "sandbox_lease" "example" {
  principal_id               = "jdoe"
  account_id                 = sandbox_pool_account.example.id
  budget_amount              = 250
  budget_currency            = "USD"
  budget_notification_emails = ["jdoe@example.com"]
  expires_on                 = "2030-01-04T09:00:00Z"
}

# Without account_id the pool picks any Ready account; budget and expiry get the platform's
# defaults (1000, and a week).
resource "sandbox_lease" "any_account" {
  principal_id = "asmith"
}
