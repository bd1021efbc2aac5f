package provider_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const pluginAddr = "sandbox_plugin.test"

// emptyWasm is the smallest valid WebAssembly module; customWasm adds a custom section named name.
var emptyWasm = []byte("\x00asm\x01\x00\x00\x00")

func customWasm(name string) []byte {
	section := append([]byte{byte(len(name))}, name...)
	return append(append(append([]byte{}, emptyWasm...), 0x00, byte(len(section))), section...)
}

// writeWasm writes content to a file in dir and returns its path and hex SHA-256.
func writeWasm(t *testing.T, file string, content []byte) string {
	t.Helper()
	if err := os.WriteFile(file, content, 0o600); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// pluginAccountConfig is the account every plugin test registers in.
const pluginAccountConfig = `
resource "sandbox_account" "test" {
  name  = "Plugins"
  email = "plugins@example.com"
}
`

func libraryPluginConfig(version, wasmFile string) string {
	return pluginAccountConfig + libraryPlugin("test", version, wasmFile)
}

// libraryPlugin is a Library plugin resource named name in the test account.
func libraryPlugin(name, version, wasmFile string) string {
	return fmt.Sprintf(`
resource "sandbox_plugin" %q {
  account_id = sandbox_account.test.id
  name       = "lib"
  version    = %q
  wasm_file  = %q
  spec = {
    type = "Library"
  }
}
`, name, version, wasmFile)
}

// pluginsGone is a CheckDestroy proving every plugin in the state is deleted on the mock.
func pluginsGone(mock *acctest.Mock) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "sandbox_plugin" {
				continue
			}
			if p, ok := mock.Plugin(rs.Primary.ID); !ok || !p.Deleted {
				return fmt.Errorf("plugin %s is not deleted on the mock (known: %v)", rs.Primary.ID, ok)
			}
		}
		if live := mock.LivePlugins(""); len(live) != 0 {
			return fmt.Errorf("the mock still holds %d live plugins", len(live))
		}
		return nil
	}
}

// expectMockPlugin checks the plugin with *id is live on the mock with the binary of sum.
func expectMockPlugin(mock *acctest.Mock, id *string, version, sum string, size int) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		p, err := liveMockPlugin(mock, *id)
		if err == nil && (p.Version != version || p.WasmSHA256 != sum || p.WasmSize != int64(size)) {
			err = fmt.Errorf("mock plugin %s is version %q with a %d-byte binary %s, want %q, %d bytes, %s",
				*id, p.Version, p.WasmSize, p.WasmSHA256, version, size, sum)
		}
		return err
	})
}

// expectMockSpec checks the plugin with *id is live on the mock with the spec the API answers as
// spec. Beside expectPluginDeleted of the plugin it replaced, it also proves the id is a new one.
func expectMockSpec(mock *acctest.Mock, id *string, spec string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		p, err := liveMockPlugin(mock, *id)
		if err == nil && p.SpecJSON != spec {
			err = fmt.Errorf("mock plugin %s has spec %s, want %s", *id, p.SpecJSON, spec)
		}
		return err
	})
}

// pluginWrites counts the plugin creates and deletes the mock has received.
func pluginWrites(mock *acctest.Mock) int {
	return mock.CountRequests(http.MethodPost, "/v1/accounts/*/plugins") + mock.CountRequests(http.MethodDelete, "/v1/plugins/*")
}

// expectOnlyPluginUntouched checks the plugin with *id is the only live one on the mock, and that
// no plugin was created or deleted since *writes was taken (by pluginWrites).
func expectOnlyPluginUntouched(mock *acctest.Mock, id *string, writes *int) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		if live := mock.LivePlugins(""); len(live) != 1 || live[0].ID != *id {
			return fmt.Errorf("the mock holds live plugins %+v, want only %s", live, *id)
		}
		if n := pluginWrites(mock) - *writes; n != 0 {
			return fmt.Errorf("the mock got %d plugin creates or deletes, want none", n)
		}
		return nil
	})
}

func expectPluginDeleted(mock *acctest.Mock, id *string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		if p, ok := mock.Plugin(*id); !ok || !p.Deleted {
			return fmt.Errorf("the replaced plugin %s is still live on the mock", *id)
		}
		return nil
	})
}

func TestAccPlugin_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	firstSum := writeWasm(t, wasmFile, emptyWasm)
	secondSum := fmt.Sprintf("%x", sha256.Sum256(customWasm("v2")))
	var first, second, third string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(libraryPluginConfig("1.0.0", wasmFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionCreate),
						// The hash is known at plan time, from the file.
						plancheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_sha256"), knownvalue.StringExact(firstSum)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRegexp)),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("name"), knownvalue.StringExact("lib")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("icon"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type": knownvalue.StringExact("Library"), "provided_wit_package": knownvalue.Null(), "json_schema": knownvalue.Null(),
						"validate_url": knownvalue.Null(), "transform_url": knownvalue.Null(), "component_id": knownvalue.Null(),
						"component_revision": knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_sha256"), knownvalue.StringExact(firstSum)),
					statecheck.CompareValuePairs(pluginAddr, tfjsonpath.New("account_id"), "sandbox_account.test", tfjsonpath.New("id"), compare.ValuesSame()),
					acctest.CaptureString(pluginAddr, "id", &first),
					expectMockPlugin(mock, &first, "1.0.0", firstSum, len(emptyWasm)),
				},
			},
			{
				// A new version is a new plugin: the platform cannot change one.
				Config: mock.Config(libraryPluginConfig("1.1.0", wasmFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(pluginAddr, "id", &second),
					expectMockPlugin(mock, &second, "1.1.0", firstSum, len(emptyWasm)),
					expectPluginDeleted(mock, &first),
				},
			},
			{
				// A new binary at the same path is a new plugin too.
				PreConfig: func() { writeWasm(t, wasmFile, customWasm("v2")) },
				Config:    mock.Config(libraryPluginConfig("1.1.0", wasmFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionReplace),
						plancheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_sha256"), knownvalue.StringExact(secondSum)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(pluginAddr, "id", &third),
					expectMockPlugin(mock, &third, "1.1.0", secondSum, len(customWasm("v2"))),
					expectPluginDeleted(mock, &second),
				},
			},
			{
				ResourceName:      pluginAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// The platform never returns the binary, so the local file and its hash cannot be imported.
				ImportStateVerifyIgnore: []string{"wasm_file", "wasm_sha256"},
			},
			{
				Config: mock.Config(libraryPluginConfig("1.1.0", wasmFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccPlugin_movedWasmFileIsNotReplaced(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	dir := t.TempDir()
	sum := writeWasm(t, filepath.Join(dir, "a.wasm"), emptyWasm)
	writeWasm(t, filepath.Join(dir, "b.wasm"), emptyWasm)
	var id string
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(libraryPluginConfig("1", filepath.Join(dir, "a.wasm"))),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(pluginAddr, "id", &id)},
			},
			{
				// Same bytes under another name: only the state changes.
				PreConfig: func() { writes = pluginWrites(mock) },
				Config:    mock.Config(libraryPluginConfig("1", filepath.Join(dir, "b.wasm"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("plugin replaced: %s became %s", id, v)
						}
						return nil
					})),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_file"), knownvalue.StringExact(filepath.Join(dir, "b.wasm"))),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_sha256"), knownvalue.StringExact(sum)),
					expectOnlyPluginUntouched(mock, &id, &writes),
					expectMockPlugin(mock, &id, "1", sum, len(emptyWasm)),
				},
			},
		},
	})
}

func TestAccPlugin_importedPluginAdoptsItsWasmFileWithoutReplacement(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	sum := writeWasm(t, wasmFile, emptyWasm)
	var id string
	var writes int
	both := mock.Config(libraryPluginConfig("1", wasmFile), libraryPlugin("imported", "1", wasmFile))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(libraryPluginConfig("1", wasmFile)),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(pluginAddr, "id", &id)},
			},
			{
				// Import the same plugin under a second address and keep the result.
				Config:             both,
				ResourceName:       "sandbox_plugin.imported",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return id, nil },
			},
			{
				PreConfig: func() { writes = pluginWrites(mock) },
				Config:    both,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sandbox_plugin.imported", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sandbox_plugin.imported", tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("imported plugin replaced: %s became %s", id, v)
						}
						return nil
					})),
					statecheck.ExpectKnownValue("sandbox_plugin.imported", tfjsonpath.New("wasm_sha256"), knownvalue.StringExact(sum)),
					// Adopting the file is a state change only: the one plugin stays, none is sent or deleted.
					expectOnlyPluginUntouched(mock, &id, &writes),
				},
			},
		},
	})
}

func transformerPluginConfig(schema string) string {
	return pluginAccountConfig + fmt.Sprintf(`
resource "sandbox_plugin" "test" {
  account_id  = sandbox_account.test.id
  name        = "transformer"
  version     = "0.1.0"
  description = "Adds a header"
  icon        = "aWNvbg=="
  homepage    = "https://example.com/transformer"
  spec = {
    type                 = "ComponentTransformer"
    provided_wit_package = "example:transformer"
    json_schema          = %s
    validate_url         = "https://example.com/validate"
    transform_url        = "https://example.com/transform"
  }
}
`, schema)
}

func TestAccPlugin_componentTransformerWithJSONSchema(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	const schema = `jsonencode({ type = "object", required = ["header"], properties = { header = { type = "string" } } })`
	// The same document, formatted by hand with the keys in another order.
	const reformatted = "<<EOT\n{\n  \"properties\": { \"header\": { \"type\": \"string\" } },\n  \"type\": \"object\",\n  \"required\": [\"header\"]\n}\nEOT"
	const changed = `jsonencode({ type = "object", required = [] })`
	var id, replaced string
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(transformerPluginConfig(schema)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("icon"), knownvalue.StringExact("aWNvbg==")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("homepage"), knownvalue.StringExact("https://example.com/transformer")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec").AtMapKey("json_schema"),
						knownvalue.StringExact(`{"properties":{"header":{"type":"string"}},"required":["header"],"type":"object"}`)),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec").AtMapKey("validate_url"), knownvalue.StringExact("https://example.com/validate")),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_file"), knownvalue.Null()),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("wasm_sha256"), knownvalue.Null()),
					acctest.CaptureString(pluginAddr, "id", &id),
					acctest.CheckFunc(func() error {
						p, _ := mock.Plugin(id)
						want := `{"type":"ComponentTransformer","providedWitPackage":"example:transformer","jsonSchema":{"properties":{"header":{"type":"string"}},"required":["header"],"type":"object"},"validateUrl":"https://example.com/validate","transformUrl":"https://example.com/transform"}`
						if p.SpecJSON != want || p.WasmSize != 0 {
							return fmt.Errorf("mock spec %s (wasm %d bytes), want %s", p.SpecJSON, p.WasmSize, want)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:            pluginAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wasm_file", "wasm_sha256"},
			},
			{
				// Reformatting the schema changes no plugin.
				PreConfig: func() { writes = pluginWrites(mock) },
				Config:    mock.Config(transformerPluginConfig(reformatted)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("id"), knownvalue.StringFunc(func(v string) error {
						if v != id {
							return fmt.Errorf("reformatting the schema replaced the plugin")
						}
						return nil
					})),
					expectOnlyPluginUntouched(mock, &id, &writes),
				},
			},
			{
				Config: mock.Config(transformerPluginConfig(reformatted)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: mock.Config(transformerPluginConfig(changed)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(pluginAddr, "id", &replaced),
					expectPluginDeleted(mock, &id),
					expectMockSpec(mock, &replaced, `{"type":"ComponentTransformer","providedWitPackage":"example:transformer","jsonSchema":{"required":[],"type":"object"},"validateUrl":"https://example.com/validate","transformUrl":"https://example.com/transform"}`),
				},
			},
		},
	})
}

func oplogPluginConfig(revision int) string {
	return pluginAccountConfig + fmt.Sprintf(`
resource "sandbox_plugin" "test" {
  account_id = sandbox_account.test.id
  name       = "oplog"
  version    = "1"
  spec = {
    type               = "OplogProcessor"
    component_id       = "c0d0f0a0-0000-4000-8000-000000000000"
    component_revision = %d
  }
}
`, revision)
}

func TestAccPlugin_oplogProcessor(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	oplogSpec := func(revision int) string {
		return fmt.Sprintf(`{"type":"OplogProcessor","componentId":"c0d0f0a0-0000-4000-8000-000000000000","componentRevision":%d}`, revision)
	}
	var id, replaced string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(oplogPluginConfig(3)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec").AtMapKey("component_revision"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec").AtMapKey("validate_url"), knownvalue.Null()),
					acctest.CaptureString(pluginAddr, "id", &id),
					expectMockSpec(mock, &id, oplogSpec(3)),
				},
			},
			{
				ResourceName:            pluginAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"wasm_file", "wasm_sha256"},
			},
			{
				Config: mock.Config(oplogPluginConfig(4)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pluginAddr, tfjsonpath.New("spec").AtMapKey("component_revision"), knownvalue.Int64Exact(4)),
					acctest.CaptureString(pluginAddr, "id", &replaced),
					expectPluginDeleted(mock, &id),
					expectMockSpec(mock, &replaced, oplogSpec(4)),
				},
			},
		},
	})
}

func TestAccPlugin_deletedOutsideTerraform(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	sum := writeWasm(t, wasmFile, emptyWasm)
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(libraryPluginConfig("1", wasmFile)),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(pluginAddr, "id", &first)},
			},
			{
				PreConfig: func() {
					if !mock.DeletePlugin(first) {
						t.Fatalf("plugin %s was not live on the mock", first)
					}
				},
				Config: mock.Config(libraryPluginConfig("1", wasmFile)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(pluginAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(pluginAddr, "id", &second),
					acctest.CheckFunc(func() error {
						if second == first {
							return fmt.Errorf("expected a new plugin, still have %s", first)
						}
						return nil
					}),
					expectMockPlugin(mock, &second, "1", sum, len(emptyWasm)),
				},
			},
		},
	})
}

func TestAccPlugin_badInputAtPlanTime(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	dir := t.TempDir()
	wasmFile := filepath.Join(dir, "plugin.wasm")
	writeWasm(t, wasmFile, emptyWasm)
	notWasm := filepath.Join(dir, "plugin.txt")
	writeWasm(t, notWasm, []byte("hello"))
	plugin := func(body string) string {
		return mock.Config(fmt.Sprintf(`
resource "sandbox_plugin" "test" {
  account_id = %q
  name       = "bad"
  version    = "1"
%s
}
`, mockserver.RootAccountID, body))
	}
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: plugin(body), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(`spec = { type = "Bogus" }`, `(?s)Attribute spec.type value must be one of.*"Bogus"`),
			step(`spec = { type = "App" }`, `Attribute wasm_file is required for a new App plugin`),
			step(fmt.Sprintf(`
  wasm_file = %q
  icon      = "not base64!"
  spec      = { type = "Library" }`, wasmFile), `(?s)Attribute icon must be standard base64.*"not base64!"`),
			step(`spec = { type = "ComponentTransformer", transform_url = "https://t" }`,
				`Attribute spec.validate_url is required for a ComponentTransformer plugin`),
			step(fmt.Sprintf(`
  wasm_file = %q
  spec      = { type = "Library", validate_url = "https://v" }`, wasmFile),
				`Attribute spec.validate_url does not apply to a Library plugin; it belongs to\s+ComponentTransformer plugins`),
			step(`spec = { type = "OplogProcessor", component_id = "nope", component_revision = 1 }`,
				`(?s)Attribute spec.component_id must be a UUID`),
			step(fmt.Sprintf(`
  wasm_file = %q
  spec      = { type = "App" }`, notWasm), `(?s)Attribute wasm_file:.*is not a\s+WebAssembly binary`),
			step(fmt.Sprintf(`
  wasm_file = %q
  spec      = { type = "App" }`, filepath.Join(dir, "missing.wasm")), `(?s)Attribute wasm_file: cannot read the\s+WebAssembly file`),
		},
	})
	if n := len(mock.LivePlugins("")); n != 0 {
		t.Errorf("the mock holds %d plugins after plans that should all fail", n)
	}
}

func TestAccPlugin_duplicateNameAndVersionFailsWithTheAPIMessage(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	writeWasm(t, wasmFile, emptyWasm)
	second := fmt.Sprintf(`
resource "sandbox_plugin" "twin" {
  account_id = sandbox_account.test.id
  name       = "lib"
  version    = "1"
  wasm_file  = %q
  spec       = { type = "Library" }
  depends_on = [sandbox_plugin.test]
}
`, wasmFile)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(libraryPluginConfig("1", wasmFile), second),
				ExpectError: regexp.MustCompile(`(?s)plugin\s+[0-9a-f-]{36}\s+already\s+exists.*before\s+this\s+create.*import \{\s+to = sandbox_plugin.NAME\s+id = "[0-9a-f-]{36}"\s+\}`),
			},
		},
	})
}

func TestAccPlugin_createRetriedAfter503MakesOnePlugin(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	mock.InjectFault(mockserver.ScriptedFault{Method: http.MethodPost, Path: "/v1/accounts/" + mockserver.RootAccountID + "/plugins",
		Status: http.StatusServiceUnavailable, Count: 1})
	wasmFile := filepath.Join(t.TempDir(), "plugin.wasm")
	sum := writeWasm(t, wasmFile, emptyWasm)
	config := strings.Replace(libraryPluginConfig("1", wasmFile), "sandbox_account.test.id", fmt.Sprintf("%q", mockserver.RootAccountID), 1)
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             pluginsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(config),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(pluginAddr, "id", &id),
					// The multipart body is sent again whole: the mock got the complete binary.
					expectMockPlugin(mock, &id, "1", sum, len(emptyWasm)),
					acctest.CheckFunc(func() error {
						if n := mock.PendingFaults(); n != 0 {
							return fmt.Errorf("the injected 503 never fired (%d pending)", n)
						}
						if live := mock.LivePlugins(mockserver.RootAccountID); len(live) != 1 {
							return fmt.Errorf("the mock holds %d plugins, want exactly 1", len(live))
						}
						return nil
					}),
				},
			},
		},
	})
}
