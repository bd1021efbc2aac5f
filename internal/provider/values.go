package provider

import (
	"context"
	"math"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/validators"
)

// pathID is the path of every resource's id attribute.
var pathID = path.Root("id")

// pathAccountID is the path of the account_id attribute of everything that belongs to an account.
var pathAccountID = path.Root("account_id")

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

// uint64Number converts an unsigned 64-bit API number (a plan limit) to a Terraform number without
// losing a bit: Int64 would overflow and float64 would round 18446744073709551615.
func uint64Number(u uint64) types.Number {
	return types.NumberValue(new(big.Float).SetUint64(u))
}

// timeString writes an API instant as an RFC 3339 string in UTC, fractions kept when there are any.
func timeString(t time.Time) types.String {
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
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
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), req.ID)...)
}
