# Import a pool account by its 12-digit AWS account id, naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
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
