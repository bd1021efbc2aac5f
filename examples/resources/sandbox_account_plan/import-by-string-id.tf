# Import a plan assignment by the id of its account with an import block (Terraform 1.5+).
import {
  to = sandbox_account_plan.team
  id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}
