package provider

import (
	"context"
	"math"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// uint64Number converts an unsigned 64-bit API number (a plan limit) to a Terraform number without
// losing a bit: Int64 would overflow and float64 would round 18446744073709551615.
func uint64Number(u uint64) types.Number {
	return types.NumberValue(new(big.Float).SetUint64(u))
}

// timeString writes an API instant as an RFC 3339 string in UTC, fractions kept when there are any.
func timeString(t time.Time) types.String {
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}
