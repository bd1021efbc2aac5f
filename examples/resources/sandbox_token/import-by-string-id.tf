# Import a token by its id (a UUID) with an import block (Terraform 1.5+).
import {
  to = sandbox_token.ci
  id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}
