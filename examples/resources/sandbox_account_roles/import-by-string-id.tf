# Import the roles of an existing account by the account's id with an import block (Terraform 1.5+).
import {
  to = sandbox_account_roles.ops
  id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

resource "sandbox_account_roles" "ops" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  roles      = ["admin"]
}
