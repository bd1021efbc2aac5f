# Add an AWS account to the lease pool. Creation waits until the platform has reset the account
# and it is Ready to be leased.
resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"

  metadata = jsonencode({
    team       = "platform"
    costCenter = "1234"
  })

  timeouts {
    create = "30m"
  }
}
