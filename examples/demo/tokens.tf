# Tokens, plan and roles of the demo account.

# A long-lived token of the demo account; its secret stays in the state, marked sensitive.
resource "sandbox_token" "demo" {
  account_id = sandbox_account.demo.id
  expires_at = "2100-01-01T00:00:00Z"
}

# The demo account moves to the larger plan of the catalogue.
resource "sandbox_account_plan" "demo" {
  account_id = sandbox_account.demo.id
  plan_id    = "c685f150-7cb7-436f-9700-386be171480b"
}

# And may administer the platform and read its statistics.
resource "sandbox_account_roles" "demo" {
  account_id = sandbox_account.demo.id
  roles      = ["admin", "marketing-admin"]
}

data "sandbox_tokens" "demo" {
  account_id = sandbox_account.demo.id
  depends_on = [sandbox_token.demo]
}

output "demo_token_id" {
  description = "Id of the demo account's token."
  value       = sandbox_token.demo.id
}

output "demo_token_secret" {
  description = "Bearer secret of the demo account's token (terraform output -raw demo_token_secret)."
  value       = sandbox_token.demo.secret
  sensitive   = true
}

output "demo_plan" {
  description = "The demo account's plan and some of its limits."
  value = {
    name         = sandbox_account_plan.demo.name
    app_limit    = sandbox_account_plan.demo.app_limit
    worker_limit = sandbox_account_plan.demo.worker_limit
  }
}

output "demo_roles" {
  description = "The demo account's roles."
  value       = sandbox_account_roles.demo.roles
}

output "demo_token_count" {
  description = "How many tokens the demo account has."
  value       = length(data.sandbox_tokens.demo.tokens)
}
