package validators

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Float64GreaterThan accepts a number strictly above limit; the framework's float64validator.AtLeast
// admits the limit itself. Null and unknown values pass, as the framework's own validators do.
func Float64GreaterThan(limit float64) validator.Float64 {
	return float64GreaterThan{limit: limit}
}

type float64GreaterThan struct{ limit float64 }

func (v float64GreaterThan) Description(context.Context) string {
	return "value must be greater than " + strconv.FormatFloat(v.limit, 'f', -1, 64)
}

func (v float64GreaterThan) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v float64GreaterThan) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if f := req.ConfigValue.ValueFloat64(); f <= v.limit {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s %s, got: %s", req.Path, v.Description(ctx), strconv.FormatFloat(f, 'f', -1, 64)))
	}
}
