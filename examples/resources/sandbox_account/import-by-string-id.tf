# Import an existing account by its id (a UUID) with an import block (Terraform 1.5+).
import {
  to = sandbox_account.team
  id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

resource "sandbox_account" "team" {
  name  = "Platform Team"
  email = "platform-team@example.com"
}
