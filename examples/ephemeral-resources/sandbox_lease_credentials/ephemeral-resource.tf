# Short-lived AWS credentials for a lease, fetched on every run and never stored in the plan or
# the state (Terraform >= 1.10, OpenTofu >= 1.11). Feed them to the AWS provider to manage
# resources inside the leased account.
ephemeral "sandbox_lease_credentials" "example" {
  lease_id = sandbox_lease.example.id
}

provider "aws" {
  region     = "us-east-1"
  access_key = ephemeral.sandbox_lease_credentials.example.access_key_id
  secret_key = ephemeral.sandbox_lease_credentials.example.secret_access_key
  token      = ephemeral.sandbox_lease_credentials.example.session_token
}
