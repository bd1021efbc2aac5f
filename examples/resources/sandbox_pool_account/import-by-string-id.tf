# A pool account is imported by its 12-digit AWS account id.
import {
  to = sandbox_pool_account.example
  id = "123456789012"
}

resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}
