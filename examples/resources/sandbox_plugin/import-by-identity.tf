# Import a registered plugin by its id (a UUID), naming it by its identity
# (Terraform 1.12+, OpenTofu 1.12+). Without the resource block, `terraform plan
# -generate-config-out=generated.tf` writes one.
import {
  to = sandbox_plugin.library
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_plugin" "library" {
  account_id = "2a1f6c3e-8d4b-4f7a-9c2e-5b6d7e8f9a0b"
  name       = "string-utils"
  version    = "1.0.0"

  # The platform cannot return the WebAssembly binary: without wasm_file the plugin is adopted as
  # it is; with it, the apply after the import records the file and its hash (no new plugin).
  wasm_file = "${path.module}/plugin.wasm"

  spec = {
    type = "Library"
  }
}
