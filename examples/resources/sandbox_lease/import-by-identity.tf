# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (id: the same value as the import id).
# A lease is imported by its id (a UUID). Only an active lease can be imported. Its expiry is
# whatever the platform holds, so leave expires_on out (or copy it from the plan).
import {
  to = sandbox_lease.example
  identity = {
    id = "8f0e3c52-4a1b-4c6e-9d3f-2b7a1e5c9d40"
  }
}

resource "sandbox_lease" "example" {
  principal_id = "jdoe"
  account_id   = "123456789012"
}
