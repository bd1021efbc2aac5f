# Every pool account, with the full object (include_resource) so
# `terraform query -generate-config-out=pool.tf` can write its configuration.
list "sandbox_pool_account" "all" {
  provider         = sandbox
  include_resource = true
}

# Only the accounts leased right now.
list "sandbox_pool_account" "leased" {
  provider = sandbox
  config {
    status = "Leased"
  }
}
