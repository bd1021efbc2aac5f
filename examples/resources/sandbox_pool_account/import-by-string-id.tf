# Import a pool account by its 12-digit AWS account id with an import block (Terraform 1.5+).
import {
  to = sandbox_pool_account.example
  id = "123456789012"
}

resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}
