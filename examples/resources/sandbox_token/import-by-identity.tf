# Import a token by its id (a UUID); its secret stays null (the platform shows it only at creation), naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
import {
  to = sandbox_token.ci
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_token" "ci" {
  account_id = "2a1f6c3e-8d4b-4f7a-9c2e-5b6d7e8f9a0b"
  expires_at = "2030-01-01T00:00:00Z"
}
