# The live plugins of an account. The platform cannot return a plugin's WebAssembly binary, so
# generated configuration has `wasm_file = null`: it imports as is, and setting wasm_file to the
# binary's path afterwards lets Terraform track it (recorded in place, no replacement).
list "sandbox_plugin" "all" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}
