# Import an account by its id (a UUID).
terraform import sandbox_account.team 497f6eca-6276-4993-bfeb-53cbbbba6f08
