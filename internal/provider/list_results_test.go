package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// TestStreamListResults checks each result's identity comes from its resource object, and that the
// stream stops at the list block's limit (Terraform truncates too; the provider stops earlier).
func TestStreamListResults(t *testing.T) {
	ctx := context.Background()
	r := &poolAccountResource{}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	var identityResp resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &identityResp)
	req := list.ListRequest{Limit: 2, IncludeResource: true, ResourceSchema: schemaResp.Schema, ResourceIdentitySchema: identityResp.IdentitySchema}

	accounts := []client.PoolAccount{{ID: "111111111111"}, {ID: "222222222222"}, {ID: "333333333333"}}
	var stream list.ListResultsStream
	streamListResults(ctx, req, &stream, accounts, func(a client.PoolAccount) (string, any) {
		return a.ID, newPoolAccountModel(&a, poolAccountResourceModel{Timeouts: nullTimeouts(ctx, req)})
	})
	var got []string
	for result := range stream.Results {
		if result.Diagnostics.HasError() {
			t.Fatalf("result %q: %v", result.DisplayName, result.Diagnostics)
		}
		var id types.String
		if diags := result.Identity.GetAttribute(ctx, path.Root("id"), &id); diags.HasError() {
			t.Fatal(diags)
		}
		if id.ValueString() != result.DisplayName {
			t.Errorf("result %q has identity id %s", result.DisplayName, id)
		}
		got = append(got, id.ValueString())
	}
	if len(got) != 2 || got[0] != "111111111111" || got[1] != "222222222222" {
		t.Errorf("identities %v, want the first two accounts (limit 2)", got)
	}
}
