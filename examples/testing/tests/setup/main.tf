# Test fixture: puts an AWS account into the lease pool, so the module under test has one to lease.
terraform {
  required_providers {
    sandbox = {
      source = "sandbox-platform/sandbox"
    }
  }
}

resource "sandbox_pool_account" "fixture" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}

output "pool_account_id" {
  value = sandbox_pool_account.fixture.id
}
