# Who is the provider's token? Useful when a configuration has only a token.
data "sandbox_caller" "me" {}

output "me" {
  value = {
    account_id = data.sandbox_caller.me.account_id
    is_admin   = contains(data.sandbox_caller.me.roles, "admin")
    token_ends = data.sandbox_caller.me.token_expires_at
  }
}
