resource "sandbox_account" "team" {
  name  = "Platform Team"
  email = "platform-team@example.com"
}

output "team_account_id" {
  value = sandbox_account.team.id
}
