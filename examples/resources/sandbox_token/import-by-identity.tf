# Import a token by its id (a UUID), naming it by its identity (Terraform 1.12+, OpenTofu 1.12+).
import {
  to = sandbox_token.ci
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}
