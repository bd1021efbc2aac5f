resource "sandbox_account" "example" {
  name  = "Plugin Team"
  email = "plugin-team@example.com"
}

# A Library plugin: the WebAssembly binary is required. Replacing the file's content registers a new
# plugin (wasm_sha256 changes at plan time).
resource "sandbox_plugin" "library" {
  account_id  = sandbox_account.example.id
  name        = "string-utils"
  version     = "1.0.0"
  description = "Shared string helpers"
  homepage    = "https://example.com/string-utils"
  wasm_file   = "${path.module}/plugin.wasm"

  spec = {
    type = "Library"
  }
}

# A component transformer: no binary needed; the configuration schema is any JSON document.
resource "sandbox_plugin" "transformer" {
  account_id = sandbox_account.example.id
  name       = "add-header"
  version    = "0.1.0"
  icon       = "iVBORw0KGgo=" # base64, e.g. filebase64("icon.png")

  spec = {
    type                 = "ComponentTransformer"
    provided_wit_package = "example:add-header"
    validate_url         = "https://transformer.example.com/validate"
    transform_url        = "https://transformer.example.com/transform"
    json_schema = jsonencode({
      type       = "object"
      required   = ["header"]
      properties = { header = { type = "string" } }
    })
  }
}

# An oplog processor backed by an existing component.
resource "sandbox_plugin" "oplog" {
  account_id = sandbox_account.example.id
  name       = "audit-log"
  version    = "1"

  spec = {
    type               = "OplogProcessor"
    component_id       = "c0d0f0a0-0000-4000-8000-000000000000"
    component_revision = 0
  }
}
