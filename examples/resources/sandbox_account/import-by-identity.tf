# Import an existing account by its id (a UUID), naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
import {
  to = sandbox_account.team
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_account" "team" {
  name  = "Platform Team"
  email = "platform-team@example.com"
}
