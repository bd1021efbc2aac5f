package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// TestAccPluginList finds the live plugins of an account registered through the HTTP API (a
// deleted one is not found); a found Library plugin's wasm_file is null.
func TestAccPluginList(t *testing.T) {
	mock := newLeaseMock(t)
	api, ctx := outsideTerraform(t, mock)
	account, err := api.CreateAccount(ctx, client.AccountCreateInput{Name: "Plugins", Email: "plugins@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	lib, err := api.CreatePlugin(ctx, account.ID, client.PluginCreateInput{
		Name: "lib", Version: "1.0.0", Spec: client.PluginSpec{Type: client.PluginTypeLibrary}, Wasm: emptyWasm,
	})
	if err != nil {
		t.Fatal(err)
	}
	oplog, err := api.CreatePlugin(ctx, account.ID, client.PluginCreateInput{
		Name: "oplog", Version: "0.1.0", Spec: client.PluginSpec{Type: client.PluginTypeOplogProcessor,
			ComponentID: ptr("7b2a6f4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"), ComponentRevision: ptr(uint64(3))},
	})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := api.CreatePlugin(ctx, account.ID, client.PluginCreateInput{
		Name: "lib", Version: "0.9.0", Spec: client.PluginSpec{Type: client.PluginTypeLibrary}, Wasm: emptyWasm,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := api.DeletePlugin(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	queryTest(t, mock, `
list "sandbox_plugin" "all" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "`+account.ID+`"
  }
}
`,
		querycheck.ExpectLength("sandbox_plugin.all", 2),
		foundID("sandbox_plugin.all", lib.ID),
		foundID("sandbox_plugin.all", oplog.ID),
		querycheck.ExpectResourceDisplayName("sandbox_plugin.all",
			queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(lib.ID)}),
			knownvalue.StringExact("lib 1.0.0 (Library)")),
		foundWith("sandbox_plugin.all", lib.ID,
			querycheck.KnownValueCheck{Path: tfjsonpath.New("wasm_file"), KnownValue: knownvalue.Null()},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("spec").AtMapKey("type"), KnownValue: knownvalue.StringExact("Library")}),
		foundWith("sandbox_plugin.all", oplog.ID,
			querycheck.KnownValueCheck{Path: tfjsonpath.New("spec").AtMapKey("component_revision"), KnownValue: knownvalue.Int64Exact(3)}),
	)
}

func ptr[T any](v T) *T { return &v }
