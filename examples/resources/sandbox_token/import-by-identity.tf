# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (id: the same value as the import id).
# A token is imported by its id. The platform never reveals a secret after creation, so an
# imported token's secret is null.
import {
  to = sandbox_token.ci
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_token" "ci" {
  account_id = "8d0a2f0c-7e1b-4a3c-9f5e-6b2d1c0a9e87"
  expires_at = "2030-01-01T00:00:00Z"
}
