# The tokens of an account, expired ones included. A found token's secret is null:
# the platform reveals it only when the token is created.
list "sandbox_token" "ci" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}
