# Import the plan assignment of an existing account by the account's id, naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
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
