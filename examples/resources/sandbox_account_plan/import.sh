# Import a plan assignment by the id of its account.
terraform import sandbox_account_plan.example 497f6eca-6276-4993-bfeb-53cbbbba6f08
