# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (id: the same value as the import id).
# Bring an existing account under management by its id (a UUID). The next plan shows any
# difference between the platform's account and this configuration.
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
