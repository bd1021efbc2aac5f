package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// TestObjectListMatchesTheFrameworksReflection builds the leases and pool accounts lists both ways,
// with objectList and with the framework's own reflection (what State.Set did), and wants equal values.
func TestObjectListMatchesTheFrameworksReflection(t *testing.T) {
	ctx := context.Background()
	leases := []leaseModel{
		newLeaseItem(&client.Lease{ID: "a", PrincipalID: "p", AccountID: "123456789012", LeaseStatus: client.LeaseActive,
			BudgetAmount: 10, BudgetNotificationEmails: []string{"x@example.com"}, ExpiresOn: client.EpochTime{}}),
		newLeaseItem(&client.Lease{ID: "b", PrincipalID: "q", AccountID: "210987654321", LeaseStatus: client.LeaseInactive}),
	}
	got, diags := objectList(leasesListAttribute(), leases)
	want, wantDiags := types.ListValueFrom(ctx, leasesListAttribute().NestedObject.Type(), leases)
	if diags.HasError() || wantDiags.HasError() {
		t.Fatalf("diagnostics: %v %v", diags, wantDiags)
	}
	if !got.Equal(want) || len(got.Elements()) != 2 {
		t.Errorf("leases list\n got %v\nwant %v", got, want)
	}

	accounts := []poolAccountModel{newPoolAccountItem(&client.PoolAccount{ID: "123456789012", AccountStatus: "Ready"}, jsontypes.NewNormalizedNull())}
	gotAccounts, diags := objectList(poolAccountsListAttribute(), accounts)
	wantAccounts, wantDiags := types.ListValueFrom(ctx, poolAccountsListAttribute().NestedObject.Type(), accounts)
	if diags.HasError() || wantDiags.HasError() {
		t.Fatalf("diagnostics: %v %v", diags, wantDiags)
	}
	if !gotAccounts.Equal(wantAccounts) {
		t.Errorf("pool accounts list\n got %v\nwant %v", gotAccounts, wantAccounts)
	}

	empty, diags := objectList(leasesListAttribute(), []leaseModel{})
	if diags.HasError() || empty.IsNull() || len(empty.Elements()) != 0 {
		t.Errorf("no leases: %v %v, want an empty, non-null list", empty, diags)
	}
}

// TestObjectListRefusesAModelItCannotRead checks the error for a model field that is not an attr.Value.
func TestObjectListRefusesAModelItCannotRead(t *testing.T) {
	type bad struct {
		ID string `tfsdk:"id"`
	}
	if _, diags := objectList(leasesListAttribute(), []bad{{ID: "x"}}); !diags.HasError() {
		t.Error("a model with a plain string field was accepted")
	}
}

// TestSetStateMatchesTheFrameworksReflection sets a sandbox_account state both ways and wants the
// same raw state.
func TestSetStateMatchesTheFrameworksReflection(t *testing.T) {
	ctx := context.Background()
	var schemaResp resource.SchemaResponse
	NewAccountResource().Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	model := newAccountModel(&client.Account{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08", Revision: 3, Name: "n", Email: "e@example.com",
		PlanID: "b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d", Roles: []string{"admin", "viewer"}})
	got := tfsdk.State{Schema: schemaResp.Schema}
	want := tfsdk.State{Schema: schemaResp.Schema}
	if diags := setState(ctx, &got, model); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := want.Set(ctx, model); diags.HasError() {
		t.Fatal(diags)
	}
	if !got.Raw.Equal(want.Raw) || got.Raw.IsNull() {
		t.Errorf("state\n got %v\nwant %v", got.Raw, want.Raw)
	}
}
