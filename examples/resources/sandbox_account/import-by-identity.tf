# Import an account by its id (a UUID), naming it by its identity (Terraform 1.12+, OpenTofu 1.12+).
import {
  to = sandbox_account.team
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}
