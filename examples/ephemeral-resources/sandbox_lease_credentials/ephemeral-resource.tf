resource "sandbox_pool_account" "example" {
  id             = "123456789012"
  admin_role_arn = "arn:aws:iam::123456789012:role/DCEAdmin"
}

resource "sandbox_lease" "example" {
  principal_id = "jdoe"
  account_id   = sandbox_pool_account.example.id
}

# Short-lived AWS credentials for the lease, fetched on every run and never stored in the plan or
# the state (Terraform >= 1.10, OpenTofu >= 1.11).
ephemeral "sandbox_lease_credentials" "example" {
  lease_id = sandbox_lease.example.id
}

# Ephemeral values may go only where nothing is stored: provider blocks, other ephemeral
# resources, locals, checks. Their usual destination is the AWS provider, to manage resources
# inside the leased account:
#
#   provider "aws" {
#     region     = "us-east-1"
#     access_key = ephemeral.sandbox_lease_credentials.example.access_key_id
#     secret_key = ephemeral.sandbox_lease_credentials.example.secret_access_key
#     token      = ephemeral.sandbox_lease_credentials.example.session_token
#   }
check "lease_credentials" {
  assert {
    condition     = startswith(ephemeral.sandbox_lease_credentials.example.console_url, "https://")
    error_message = "The lease has no console sign-in URL."
  }
}
