package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestFloat64GreaterThan(t *testing.T) {
	cases := map[string]struct {
		value types.Float64
		want  string // "" when the value passes
	}{
		"above":   {value: types.Float64Value(0.01)},
		"limit":   {value: types.Float64Value(0), want: "Attribute budget_amount value must be greater than 0, got: 0"},
		"below":   {value: types.Float64Value(-1.5), want: "Attribute budget_amount value must be greater than 0, got: -1.5"},
		"null":    {value: types.Float64Null()},
		"unknown": {value: types.Float64Unknown()},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			req := validator.Float64Request{Path: path.Root("budget_amount"), ConfigValue: c.value}
			var resp validator.Float64Response
			Float64GreaterThan(0).ValidateFloat64(context.Background(), req, &resp)
			switch {
			case c.want == "" && resp.Diagnostics.HasError():
				t.Fatalf("got %v, want no error", resp.Diagnostics)
			case c.want != "" && (len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail(), c.want)):
				t.Fatalf("got %v, want one error saying %q", resp.Diagnostics, c.want)
			}
		})
	}
}
