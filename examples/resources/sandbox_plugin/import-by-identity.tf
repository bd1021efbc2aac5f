# In Terraform 1.12+ and OpenTofu 1.12+ an import block can name the object by its identity
# (id: the same value as the import id).
# A plugin is imported by its id. The platform never returns the WebAssembly binary, so
# wasm_file and wasm_sha256 start out null; the next apply records them without replacing the
# plugin.
import {
  to = sandbox_plugin.library
  identity = {
    id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  }
}

resource "sandbox_plugin" "library" {
  account_id = "8d0a2f0c-7e1b-4a3c-9f5e-6b2d1c0a9e87"
  name       = "string-utils"
  version    = "1.0.0"
  wasm_file  = "${path.module}/plugin.wasm"

  spec = {
    type = "Library"
  }
}
