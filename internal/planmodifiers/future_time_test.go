package planmodifiers

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestFutureTimeOnChange(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	m := futureTimeOnChange{now: func() time.Time { return now }}
	past, future := types.StringValue("2029-12-31T23:59:59Z"), types.StringValue("2030-01-01T00:00:01+00:00")
	cases := []struct {
		name        string
		state, plan types.String
		wantError   bool
	}{
		{"past on create", types.StringNull(), past, true},
		{"now on create", types.StringNull(), types.StringValue("2030-01-01T00:00:00Z"), true},
		{"future on create", types.StringNull(), future, false},
		{"changed to the past", future, past, true},
		{"already in the state and since passed", past, past, false},
		{"unknown", types.StringNull(), types.StringUnknown(), false},
		{"malformed is left to the type", types.StringNull(), types.StringValue("soon"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := &planmodifier.StringResponse{PlanValue: tc.plan}
			m.PlanModifyString(context.Background(), planmodifier.StringRequest{
				Path: path.Root("expires_at"), StateValue: tc.state, PlanValue: tc.plan, ConfigValue: tc.plan,
			}, resp)
			if got := resp.Diagnostics.HasError(); got != tc.wantError {
				t.Errorf("error = %v, want %v: %v", got, tc.wantError, resp.Diagnostics)
			}
		})
	}
}
