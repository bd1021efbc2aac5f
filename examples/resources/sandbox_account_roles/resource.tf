resource "sandbox_account" "ops" {
  name  = "Ops"
  email = "ops@example.com"
}

# The complete set of the account's roles: any other role is removed. Destroying the resource
# removes every role.
resource "sandbox_account_roles" "ops" {
  account_id = sandbox_account.ops.id
  roles      = ["admin", "marketing-admin"]
}
