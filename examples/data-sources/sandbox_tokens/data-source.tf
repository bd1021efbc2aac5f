data "sandbox_tokens" "ci" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

# Tokens that have already expired (the list keeps them).
output "expired_token_ids" {
  value = [for t in data.sandbox_tokens.ci.tokens : t.id if timecmp(t.expires_at, plantimestamp()) <= 0]
}
