package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
