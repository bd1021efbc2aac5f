# The active leases of one principal (unset status means Active: an ended lease cannot be managed).
list "sandbox_lease" "alice" {
  provider         = sandbox
  include_resource = true
  config {
    principal_id = "alice"
  }
}

# The ended leases of one pool account (they cannot be imported; listing shows their history).
list "sandbox_lease" "ended_on_account" {
  provider = sandbox
  config {
    account_id = "123456789012"
    status     = "Inactive"
  }
}
