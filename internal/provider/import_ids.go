package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

// Import helpers: each checks the id's form before any request, so a typo fails with an example
// of the right form rather than a 404.

// importUUID imports a resource whose id is a UUID, refusing anything else before calling the API.
func importUUID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validators.IsUUID(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			"Import the "+kind+" by its id, a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08; got \""+req.ID+"\".")
		return
	}
	resource.ImportStatePassthroughID(ctx, pathID, req, resp)
}

// importAccountScoped imports a resource that belongs to one account and is named by the account's
// id (plan assignment, roles): both id and account_id take the imported id.
func importAccountScoped(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validators.IsUUID(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			"Import the "+kind+" by the id of its account, a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08; got \""+req.ID+"\".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathAccountID, req.ID)...)
}

// importAWSAccountID imports a resource whose id is a 12-digit AWS account id.
func importAWSAccountID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validators.IsAWSAccountID(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			"Import the "+kind+" by its 12-digit AWS account id, such as 123456789012; got \""+req.ID+"\".")
		return
	}
	resource.ImportStatePassthroughID(ctx, pathID, req, resp)
}
