data "sandbox_plugins" "example" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
}

output "plugin_versions" {
  value = { for p in data.sandbox_plugins.example.plugins : p.name => p.version }
}
