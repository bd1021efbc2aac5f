package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestSchemasAreValid asks the framework for every schema, as Terraform does first, and fails on any
// diagnostic (bad attribute names, conflicting flags, missing descriptions are caught here).
func TestSchemasAreValid(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	if len(resp.ResourceSchemas) == 0 || len(resp.DataSourceSchemas) == 0 {
		t.Fatalf("no schemas: %d resources, %d data sources", len(resp.ResourceSchemas), len(resp.DataSourceSchemas))
	}
	all := map[string]*tfprotov6.Schema{"provider": resp.Provider}
	for name, s := range resp.ResourceSchemas {
		all[name] = s
	}
	for name, s := range resp.DataSourceSchemas {
		all["data."+name] = s
	}
	for name, s := range resp.EphemeralResourceSchemas {
		all["ephemeral."+name] = s
	}
	for name, s := range all {
		checkDescriptions(t, name, s.Block)
	}
}

// checkDescriptions fails for every attribute without a description: the docs are generated from them.
func checkDescriptions(t *testing.T, at string, block *tfprotov6.SchemaBlock) {
	t.Helper()
	for _, a := range block.Attributes {
		if a.Description == "" {
			t.Errorf("%s.%s has no description", at, a.Name)
		}
		if a.NestedType != nil {
			checkDescriptions(t, at+"."+a.Name, &tfprotov6.SchemaBlock{Attributes: a.NestedType.Attributes})
		}
	}
	for _, b := range block.BlockTypes {
		checkDescriptions(t, at+"."+b.TypeName, b.Block)
	}
}

// TestIdentityAndListSchemas checks what Terraform 1.12+ asks for next: every resource has an
// identity of the import id's parts (one required string attribute), and exactly the types the
// APIs can list have a list resource, whose attributes are all described.
func TestIdentityAndListSchemas(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	ids, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ids.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	want := map[string]string{
		"sandbox_account": "id", "sandbox_token": "id", "sandbox_plugin": "id", "sandbox_pool_account": "id",
		"sandbox_lease": "id", "sandbox_account_plan": "account_id", "sandbox_account_roles": "account_id",
	}
	if len(ids.IdentitySchemas) != len(want) {
		t.Errorf("%d identity schemas, want one for each of the %d resources", len(ids.IdentitySchemas), len(want))
	}
	for typ, attr := range want {
		s := ids.IdentitySchemas[typ]
		if s == nil || len(s.IdentityAttributes) != 1 {
			t.Errorf("%s: identity %v, want the single attribute %s", typ, s, attr)
			continue
		}
		a := s.IdentityAttributes[0]
		if a.Name != attr || !a.RequiredForImport || !a.Type.Equal(tftypes.String) || a.Description == "" {
			t.Errorf("%s: identity attribute %+v, want a described string %s required for import", typ, a, attr)
		}
	}

	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for name, s := range resp.ListResourceSchemas {
		listed = append(listed, name)
		checkDescriptions(t, "list."+name, s.Block)
	}
	slices.Sort(listed)
	if wantListed := []string{"sandbox_lease", "sandbox_plugin", "sandbox_pool_account", "sandbox_token"}; !slices.Equal(listed, wantListed) {
		t.Errorf("list resources %v, want %v (accounts, plans and roles cannot be listed)", listed, wantListed)
	}
}
