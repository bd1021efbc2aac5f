resource "sandbox_account" "deployer" {
  name  = "Deployer"
  email = "deployer@example.com"
}

# A token that exists only while Terraform runs: created when the run opens it, deleted when the
# run closes it, never written to the plan or the state. (Terraform >= 1.10, OpenTofu >= 1.11.)
ephemeral "sandbox_token" "deployer" {
  account_id = sandbox_account.deployer.id
  expires_in = "15m"
}

# Act as the deployer account through a second provider configuration.
provider "sandbox" {
  alias    = "deployer"
  endpoint = "http://127.0.0.1:8080"
  token    = ephemeral.sandbox_token.deployer.secret
}

data "sandbox_caller" "deployer" {
  provider = sandbox.deployer
}
