# Import an active lease by its id (a UUID), naming it by its identity (Terraform 1.12+, OpenTofu 1.12+).
import {
  to = sandbox_lease.example
  identity = {
    id = "8f0e3c52-4a1b-4c6e-9d3f-2b7a1e5c9d40"
  }
}
