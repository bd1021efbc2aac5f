package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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
