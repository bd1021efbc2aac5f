package provider

import (
	"context"
	"math"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

// pathID is the path of every resource's id attribute.
var pathID = path.Root("id")

// stringSet converts API strings to a Terraform set; a nil slice becomes an empty set, never null.
func stringSet(values []string) types.Set {
	elems := make([]types.String, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	set, _ := types.SetValueFrom(context.Background(), types.StringType, elems)
	return set
}

// revisionValue converts an API revision (unsigned) to a Terraform number. Revisions count writes,
// so they never come near the int64 limit; the clamp only guards against a corrupt answer.
func revisionValue(r uint64) types.Int64 {
	return types.Int64Value(int64(min(r, math.MaxInt64)))
}

// importUUID imports a resource whose id is a UUID, refusing anything else before calling the API.
func importUUID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !validators.IsUUID(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			"Import the "+kind+" by its id, a UUID such as 497f6eca-6276-4993-bfeb-53cbbbba6f08; got \""+req.ID+"\".")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
