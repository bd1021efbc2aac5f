resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}

resource "sandbox_pool_account" "spare" {
  id             = "210987654321"
  admin_role_arn = "arn:aws:iam::210987654321:role/DCEAdmin"
}

# Lease a pool account to a principal for three days with a budget of 250 USD. Every argument
# forces a new lease: the Lease API cannot change one.
resource "sandbox_lease" "example" {
  principal_id               = "jdoe"
  account_id                 = sandbox_pool_account.example.id
  budget_amount              = 250
  budget_currency            = "USD"
  budget_notification_emails = ["jdoe@example.com"]

  # Three days from the first plan, and at most a week ahead (the platform's max lease period).
  # plantimestamp() moves on every plan, so the expiry is read only when the lease is created;
  # without ignore_changes every later plan would replace the lease.
  expires_on = timeadd(plantimestamp(), "72h")
  lifecycle {
    ignore_changes = [expires_on]
  }
}

# Without account_id the pool picks any Ready account; budget and expiry get the platform's
# defaults (1000, and a week). depends_on makes sure the spare account is in the pool, and the
# named one already taken, when the pool picks.
resource "sandbox_lease" "any_account" {
  principal_id = "asmith"
  depends_on   = [sandbox_pool_account.spare, sandbox_lease.example]
}
