resource "sandbox_account" "ci" {
  name  = "CI Robot"
  email = "ci-robot@example.com"
}

# A long-lived token for the CI account. Its secret is kept in the state (marked sensitive):
# protect the state, or use the ephemeral sandbox_token when a run only needs a credential.
resource "sandbox_token" "ci" {
  account_id = sandbox_account.ci.id
  expires_at = "2100-01-01T00:00:00Z"
}

output "ci_token" {
  value     = sandbox_token.ci.secret
  sensitive = true
}
