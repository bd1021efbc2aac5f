# Every argument can come from the environment instead: SANDBOX_ENDPOINT, SANDBOX_TOKEN,
# SANDBOX_ACCOUNT_API_ENDPOINT, SANDBOX_LEASE_API_ENDPOINT, SANDBOX_LEASE_API_AUTH, SANDBOX_MAX_RETRIES.
provider "sandbox" {
  endpoint        = "http://127.0.0.1:8080" # the bundled mock: go run ./internal/cmd/sandbox-mock
  token           = var.sandbox_token
  max_retries     = 4
  request_timeout = "30s"
}

variable "sandbox_token" {
  type      = string
  sensitive = true
}
