# Every active lease of a principal. All pages of the answer are read; page_size only sets how
# many leases the API evaluates per request.
data "sandbox_leases" "jdoe" {
  principal_id = "jdoe"
  status       = "Active"
  page_size    = 50
}

output "jdoe_accounts" {
  value = data.sandbox_leases.jdoe.leases[*].account_id
}
