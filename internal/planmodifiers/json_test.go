package planmodifiers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestRequiresReplaceUnlessSameJSON(t *testing.T) {
	cases := []struct {
		name        string
		state, plan types.String
		wantReplace bool
	}{
		{"reformatted", types.StringValue(`{"a":1,"b":[1,2]}`), types.StringValue("{\n  \"b\": [1, 2],\n  \"a\": 1\n}"), false},
		{"changed", types.StringValue(`{"a":1}`), types.StringValue(`{"a":2}`), true},
		{"removed", types.StringValue(`{"a":1}`), types.StringNull(), true},
		{"unknown", types.StringValue(`{"a":1}`), types.StringUnknown(), true},
	}
	// RequiresReplaceIf acts only on an update: a resource in the state and one in the plan.
	raw := tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := planmodifier.StringRequest{
				Path: path.Root("spec"), StateValue: c.state, PlanValue: c.plan, ConfigValue: c.plan,
				State: tfsdk.State{Raw: raw}, Plan: tfsdk.Plan{Raw: raw},
			}
			resp := planmodifier.StringResponse{PlanValue: c.plan}
			RequiresReplaceUnlessSameJSON().PlanModifyString(context.Background(), req, &resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			if resp.RequiresReplace != c.wantReplace {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, c.wantReplace)
			}
		})
	}
}
