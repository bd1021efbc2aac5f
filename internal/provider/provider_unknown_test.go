package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

// TestUnknownSettingsFailOnlyWorkThatNeedsARequest drives the provider over the plugin protocol with
// a token that is not yet known, as OpenTofu does when it plans a destroy before it opens the
// ephemeral resource the token comes from. Configuring and planning the destroy must succeed;
// planning a create and refreshing must fail at plan time and name the attribute.
func TestUnknownSettingsFailOnlyWorkThatNeedsARequest(t *testing.T) {
	ctx := context.Background()
	server, err := acctest.ProviderFactories["sandbox"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerConfig := objectOf(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"endpoint": tftypes.NewValue(tftypes.String, "http://127.0.0.1:1"),
		"token":    tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerConfig})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "configure", configured.Diagnostics)

	accountType := schemas.ResourceSchemas["sandbox_account"].ValueType()
	nullAccount := dynamicValue(t, accountType, tftypes.NewValue(accountType, nil))
	existing := objectOf(t, accountType, map[string]tftypes.Value{
		"id":    tftypes.NewValue(tftypes.String, "497f6eca-6276-4993-bfeb-53cbbbba6f08"),
		"name":  tftypes.NewValue(tftypes.String, "Existing"),
		"email": tftypes.NewValue(tftypes.String, "existing@example.com"),
	})
	destroy, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "sandbox_account", PriorState: existing, ProposedNewState: nullAccount, Config: nullAccount,
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoErrors(t, "destroy plan", destroy.Diagnostics)

	newAccount := objectOf(t, accountType, map[string]tftypes.Value{
		"name":  tftypes.NewValue(tftypes.String, "New"),
		"email": tftypes.NewValue(tftypes.String, "new@example.com"),
	})
	create, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "sandbox_account", PriorState: nullAccount, ProposedNewState: newAccount, Config: newAccount,
	})
	if err != nil {
		t.Fatal(err)
	}
	requireErrorNaming(t, "create plan", create.Diagnostics, "token")

	refresh, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "sandbox_account", CurrentState: existing})
	if err != nil {
		t.Fatal(err)
	}
	requireErrorNaming(t, "refresh", refresh.Diagnostics, "token")
}

// objectOf builds a value of the object type typ with the given attributes set and the rest null.
func objectOf(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	objectType, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	attrs := make(map[string]tftypes.Value, len(objectType.AttributeTypes))
	for name, attrType := range objectType.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
	}
	for name, v := range set {
		if _, ok := attrs[name]; !ok {
			t.Fatalf("the schema has no attribute %q", name)
		}
		attrs[name] = v
	}
	return dynamicValue(t, typ, tftypes.NewValue(typ, attrs))
}

func dynamicValue(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func requireNoErrors(t *testing.T, step string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("%s: unexpected error %q: %s", step, d.Summary, d.Detail)
		}
	}
}

func requireErrorNaming(t *testing.T, step string, diags []*tfprotov6.Diagnostic, attr string) {
	t.Helper()
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && strings.Contains(d.Summary+d.Detail, "not yet known") &&
			strings.Contains(d.Detail, "provider's "+attr) {
			return
		}
	}
	t.Fatalf("%s: no error saying the provider's %s is not yet known; got %+v", step, attr, diags)
}
