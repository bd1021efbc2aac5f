# Import the roles of an existing account by the account's id, naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
import {
  to = sandbox_account_roles.ops
  identity = {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_account_roles" "ops" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  roles      = ["admin"]
}
