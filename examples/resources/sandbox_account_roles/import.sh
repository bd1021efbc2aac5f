# Import the roles of an account by the account's id.
terraform import sandbox_account_roles.example 497f6eca-6276-4993-bfeb-53cbbbba6f08
