package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/diagnostics"
)

// resourceBase is embedded by every resource: it holds the client the provider's Configure hands
// out, and refuses at plan time a change that would need a request while the provider's settings
// are unknown. A resource with more plan-time work overrides ModifyPlan and calls this one first.
type resourceBase struct {
	client *client.Client
}

// Configure keeps the client the provider configured (nil before the provider is configured).
func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fails, at plan time, a plan that creates or changes an object while the provider's
// own settings are not yet known, rather than letting the apply fail half-way. Destroy and no-op
// plans pass: they send no request.
func (b *resourceBase) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	c := b.client
	if c == nil || c.Err() == nil || req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	resp.Diagnostics.AddError("Provider attribute not yet known", c.Err().Error())
}

// dataSourceBase is embedded by every data source: it holds the client the provider configured.
type dataSourceBase struct {
	client *client.Client
}

// Configure keeps the client the provider configured (nil before the provider is configured).
func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// ephemeralBase is embedded by every ephemeral resource: it holds the client the provider configured.
type ephemeralBase struct {
	client *client.Client
}

// Configure keeps the client the provider configured (nil before the provider is configured).
func (b *ephemeralBase) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	b.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// configuredClient extracts the API client from the provider data handed to a resource, data
// source or ephemeral resource. It returns nil before the provider is configured.
func configuredClient(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd.client
}

// addAccountReadError reports a data source's failed read of an account or of something that
// belongs to one. A 404 means no live account with that id is visible to the token, so it is said
// against the attribute that names the account; any other failure gets the API error's advice.
func addAccountReadError(diags *diag.Diagnostics, attr path.Path, accountID, action string, err error) {
	if client.IsNotFound(err) {
		diags.AddAttributeError(attr, "Account not found",
			"No live account with id "+accountID+" is visible to the configured token. Check the id, and that the account was not deleted.")
		return
	}
	diagnostics.AddAPIError(diags, action, err)
}
