# Import by plugin id. The platform never returns the WebAssembly binary, so wasm_file and
# wasm_sha256 start out null; the next apply records them without replacing the plugin.
terraform import sandbox_plugin.example 497f6eca-6276-4993-bfeb-53cbbbba6f08
