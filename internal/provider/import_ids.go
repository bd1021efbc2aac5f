package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

// Import helpers: each takes the value from the import id or from an import block's identity,
// and checks its form before any request, so a typo fails with an example of the right form
// rather than a 404.

// importKey is how an object is named on import: which identity attribute carries it, what it
// looks like, and an example for the diagnostic.
type importKey struct {
	attr    string
	valid   func(string) bool
	what    string
	example string
}

var (
	importByUUID         = importKey{attr: identityID, valid: validators.IsUUID, what: "its id, a UUID", example: "497f6eca-6276-4993-bfeb-53cbbbba6f08"}
	importByAccountUUID  = importKey{attr: identityAccountID, valid: validators.IsUUID, what: "the id of its account, a UUID", example: "497f6eca-6276-4993-bfeb-53cbbbba6f08"}
	importByAWSAccountID = importKey{attr: identityID, valid: validators.IsAWSAccountID, what: "its 12-digit AWS account id", example: "123456789012"}
)

// importedValue returns the value an import names: the import id (`terraform import`, an import
// block's `id`), or the key's attribute of an import block's `identity`. It refuses a malformed
// value before any request, naming where it came from.
func importedValue(ctx context.Context, kind string, key importKey, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	value, source := req.ID, "the import id"
	if value == "" && req.Identity != nil {
		var v types.String
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(key.attr), &v)...)
		value, source = v.ValueString(), "identity."+key.attr
	}
	if diags.HasError() {
		return "", false
	}
	if !key.valid(value) {
		diags.AddError("Invalid import id",
			"Import the "+kind+" by "+key.what+" such as "+key.example+" (as the import id, or as "+key.attr+
				" in an import block's identity); "+source+" is \""+value+"\".")
		return "", false
	}
	return value, true
}

// importResource imports an object named by its own id: the id attribute and the identity take
// the imported value, and the Read that follows fills in the rest.
func importResource(ctx context.Context, kind string, key importKey, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	value, ok := importedValue(ctx, kind, key, req, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, value)...)
	setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

// importAccountScoped imports a resource that belongs to one account and is named by the account's
// id (plan assignment, roles): both id and account_id take the imported id.
func importAccountScoped(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	value, ok := importedValue(ctx, kind, importByAccountUUID, req, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathID, value)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathAccountID, value)...)
	setIdentity(ctx, &resp.State, resp.Identity, &resp.Diagnostics)
}

// importUUID imports a resource whose id is a UUID, refusing anything else before calling the API.
func importUUID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importResource(ctx, kind, importByUUID, req, resp)
}

// importAWSAccountID imports a resource whose id is a 12-digit AWS account id.
func importAWSAccountID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importResource(ctx, kind, importByAWSAccountID, req, resp)
}
