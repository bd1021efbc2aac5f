# Import a pool account by its 12-digit AWS account id, naming it by its identity (Terraform 1.12+, OpenTofu 1.12+).
import {
  to = sandbox_pool_account.example
  identity = {
    id = "123456789012"
  }
}
