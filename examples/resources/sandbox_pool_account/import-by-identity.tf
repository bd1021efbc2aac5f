# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (id: the same value as the import id).
# A pool account is imported by its 12-digit AWS account id.
import {
  to = sandbox_pool_account.example
  identity = {
    id = "123456789012"
  }
}

resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}
