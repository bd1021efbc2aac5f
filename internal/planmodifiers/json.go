package planmodifiers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// RequiresReplaceUnlessSameJSON is RequiresReplace for a normalized JSON attribute that ignores
// changes of formatting and key order: reformatting a document in the configuration is an in-place
// update of the state, not a new object on the platform.
func RequiresReplaceUnlessSameJSON() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
				resp.RequiresReplace = !req.StateValue.Equal(req.PlanValue)
				return
			}
			same, diags := jsontypes.NewNormalizedValue(req.StateValue.ValueString()).
				StringSemanticEquals(ctx, jsontypes.NewNormalizedValue(req.PlanValue.ValueString()))
			resp.Diagnostics.Append(diags...)
			resp.RequiresReplace = !same
		},
		"Changing the JSON document (not merely its formatting) forces a new resource.",
		"Changing the JSON document (not merely its formatting) forces a new resource.",
	)
}
