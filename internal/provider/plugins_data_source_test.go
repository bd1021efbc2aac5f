package provider_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func pluginsDataSourceConfig(wasmFile string) string {
	return pluginAccountConfig + fmt.Sprintf(`
resource "sandbox_plugin" "app" {
  account_id = sandbox_account.test.id
  name       = "a-app"
  version    = "1"
  wasm_file  = %q
  spec       = { type = "App" }
}

resource "sandbox_plugin" "oplog" {
  account_id = sandbox_account.test.id
  name       = "b-oplog"
  version    = "2"
  spec = {
    type               = "OplogProcessor"
    component_id       = "c0d0f0a0-0000-4000-8000-000000000000"
    component_revision = 7
  }
}

resource "sandbox_plugin" "transformer" {
  account_id = sandbox_account.test.id
  name       = "c-transformer"
  version    = "3"
  icon       = "aWNvbg=="
  spec = {
    type          = "ComponentTransformer"
    json_schema   = jsonencode({ type = "object" })
    validate_url  = "https://example.com/validate"
    transform_url = "https://example.com/transform"
  }
}

data "sandbox_plugins" "test" {
  account_id = sandbox_account.test.id
  depends_on = [sandbox_plugin.app, sandbox_plugin.oplog, sandbox_plugin.transformer]
}
`, wasmFile)
}

func TestAccPluginsDataSource(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	writeWasm(t, wasmFile, emptyWasm)
	const addr = "data.sandbox_plugins.test"
	spec := func(fields map[string]knownvalue.Check) knownvalue.Check {
		all := map[string]knownvalue.Check{
			"type": nil, "provided_wit_package": knownvalue.Null(), "json_schema": knownvalue.Null(), "validate_url": knownvalue.Null(),
			"transform_url": knownvalue.Null(), "component_id": knownvalue.Null(), "component_revision": knownvalue.Null(),
		}
		for k, v := range fields {
			all[k] = v
		}
		return knownvalue.ObjectExact(all)
	}
	plugin := func(name, version, icon string, specCheck knownvalue.Check) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":          knownvalue.StringRegexp(uuidRegexp),
			"account_id":  knownvalue.StringRegexp(uuidRegexp),
			"name":        knownvalue.StringExact(name),
			"version":     knownvalue.StringExact(version),
			"description": knownvalue.StringExact(""),
			"icon":        knownvalue.StringExact(icon),
			"homepage":    knownvalue.StringExact(""),
			"spec":        specCheck,
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(pluginsDataSourceConfig(wasmFile)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plugins"), knownvalue.ListExact([]knownvalue.Check{
						plugin("a-app", "1", "", spec(map[string]knownvalue.Check{"type": knownvalue.StringExact("App")})),
						plugin("b-oplog", "2", "", spec(map[string]knownvalue.Check{
							"type":               knownvalue.StringExact("OplogProcessor"),
							"component_id":       knownvalue.StringExact("c0d0f0a0-0000-4000-8000-000000000000"),
							"component_revision": knownvalue.Int64Exact(7),
						})),
						plugin("c-transformer", "3", "aWNvbg==", spec(map[string]knownvalue.Check{
							"type":          knownvalue.StringExact("ComponentTransformer"),
							"json_schema":   knownvalue.StringExact(`{"type":"object"}`),
							"validate_url":  knownvalue.StringExact("https://example.com/validate"),
							"transform_url": knownvalue.StringExact("https://example.com/transform"),
						})),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plugins").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringFunc(func(v string) error {
						if p, ok := mock.Plugin(v); !ok || p.Name != "a-app" {
							return fmt.Errorf("listed plugin %s is not a-app on the mock", v)
						}
						return nil
					})),
				},
			},
		},
	})
}

func TestAccPluginsDataSource_unknownAccount(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`
data "sandbox_plugins" "test" {
  account_id = "11111111-2222-4333-8444-555555555555"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Account not found.*11111111-2222-4333-8444-555555555555`),
			},
		},
	})
}
