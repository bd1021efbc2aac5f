data "sandbox_account" "team" {
  id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

output "team_plan" {
  value = data.sandbox_account.team.plan_id
}
