package provider

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// TestLeaseReadWarnsWhyAnEndedLeaseLeavesTheState calls Read directly, because the acceptance
// harness does not expose warnings: an Inactive lease is removed, and the warning gives the reason.
func TestLeaseReadWarnsWhyAnEndedLeaseLeavesTheState(t *testing.T) {
	ctx := context.Background()
	mock, err := mockserver.New(mockserver.Options{AccountReadyDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	defer srv.Close()
	c, err := client.New(client.Config{AccountAPIEndpoint: srv.URL, LeaseAPIEndpoint: srv.URL, Token: mock.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	mock.AddPoolAccount("123456789012", "arn:aws:iam::123456789012:role/DCEAdmin")
	id := mock.InsertLease(mockserver.Lease{PrincipalID: "alice", AccountID: "123456789012"})

	r := &leaseResource{resourceBase{client: c}}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	read := func() *resource.ReadResponse {
		state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
		var model leaseResourceModel
		model.ID = types.StringValue(id)
		model.BudgetNotificationEmails = types.ListNull(types.StringType)
		model.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})}
		if diags := state.Set(ctx, &model); diags.HasError() {
			t.Fatal(diags)
		}
		resp := &resource.ReadResponse{State: state}
		r.Read(ctx, resource.ReadRequest{State: state}, resp)
		return resp
	}

	if resp := read(); resp.Diagnostics.WarningsCount() != 0 || resp.State.Raw.IsNull() {
		t.Fatalf("active lease: diagnostics %v, removed %v; want it kept silently", resp.Diagnostics, resp.State.Raw.IsNull())
	}
	mock.AdvanceClock(8 * 24 * time.Hour)
	resp := read()
	if !resp.State.Raw.IsNull() {
		t.Error("an expired lease stayed in the state")
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 || !strings.Contains(warnings[0].Detail(), "is Inactive (reason: Expired)") ||
		!strings.Contains(warnings[0].Detail(), "the next apply creates a new lease") {
		t.Errorf("warnings = %v, want one saying the lease expired and will be recreated", warnings)
	}
}
