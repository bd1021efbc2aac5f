# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (account_id: the same value as the import id).
# A plan assignment is imported by the id of its account.
import {
  to = sandbox_account_plan.team
  identity = {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_account_plan" "team" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  plan_id    = "c685f150-7cb7-436f-9700-386be171480b"
}
