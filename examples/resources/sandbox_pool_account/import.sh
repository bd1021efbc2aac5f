# A pool account is imported by its 12-digit AWS account id.
terraform import sandbox_pool_account.example 123456789012
