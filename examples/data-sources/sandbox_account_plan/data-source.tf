data "sandbox_account_plan" "current" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

output "plan" {
  value = "${data.sandbox_account_plan.current.name}: up to ${data.sandbox_account_plan.current.worker_limit} workers"
}
