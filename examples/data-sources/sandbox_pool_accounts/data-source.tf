# Every account of the pool that can be leased right now.
data "sandbox_pool_accounts" "ready" {
  status = "Ready"
}

output "ready_account_ids" {
  value = data.sandbox_pool_accounts.ready.accounts[*].id
}
