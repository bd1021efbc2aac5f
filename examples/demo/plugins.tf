# Plugins registered in the demo account: a Library with a WebAssembly binary, and a component
# transformer whose configuration schema is a JSON document.

resource "sandbox_plugin" "demo_library" {
  account_id  = sandbox_account.demo.id
  name        = "demo-library"
  version     = "1.0.0"
  description = "An empty WebAssembly module, the smallest valid one"
  wasm_file   = "${path.module}/../resources/sandbox_plugin/plugin.wasm"

  spec = {
    type = "Library"
  }
}

resource "sandbox_plugin" "demo_transformer" {
  account_id  = sandbox_account.demo.id
  name        = "demo-transformer"
  version     = "0.1.0"
  description = "Adds a header to every component"
  homepage    = "https://example.com/demo-transformer"

  spec = {
    type                 = "ComponentTransformer"
    provided_wit_package = "demo:transformer"
    validate_url         = "https://example.com/demo-transformer/validate"
    transform_url        = "https://example.com/demo-transformer/transform"
    json_schema = jsonencode({
      type       = "object"
      required   = ["header"]
      properties = { header = { type = "string" } }
    })
  }
}

data "sandbox_plugins" "demo" {
  account_id = sandbox_account.demo.id
  depends_on = [sandbox_plugin.demo_library, sandbox_plugin.demo_transformer]
}

output "plugins" {
  description = "The demo account's plugins, by name."
  value = {
    for p in data.sandbox_plugins.demo.plugins : p.name => {
      id      = p.id
      version = p.version
      type    = p.spec.type
    }
  }
}

output "demo_library_wasm_sha256" {
  description = "SHA-256 of the uploaded Library binary."
  value       = sandbox_plugin.demo_library.wasm_sha256
}
