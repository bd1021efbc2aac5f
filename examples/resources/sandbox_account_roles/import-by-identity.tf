# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (account_id: the same value as the import id).
# The roles of an account are imported by the account's id; the configuration then holds the
# complete set of its roles.
import {
  to = sandbox_account_roles.ops
  identity = {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_account_roles" "ops" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  roles      = ["admin", "marketing-admin"]
}
