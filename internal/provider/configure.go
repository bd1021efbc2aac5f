package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// configuredClient extracts the API client that the provider's Configure handed to a resource,
// data source or ephemeral resource. It returns nil before the provider is configured.
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

// requireKnownSettings fails, at plan time, a plan that creates or changes an object while the
// provider's own settings are not yet known, rather than letting the apply fail half-way. Destroy
// and no-op plans pass: they send no request.
func requireKnownSettings(c *client.Client, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	if c == nil || c.Err() == nil || req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) {
		return
	}
	diags.AddError("Provider attribute not yet known", c.Err().Error())
}
