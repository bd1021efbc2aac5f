# Import a plan assignment by the id of its account, naming it by its identity (Terraform 1.12+, OpenTofu 1.12+).
import {
  to = sandbox_account_plan.team
  identity = {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}
