// Package planmodifiers holds the provider's own plan modifiers, for what the framework's
// stringplanmodifier and friends do not cover.
package planmodifiers

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// FutureTimeOnChange refuses, at plan time, an RFC 3339 value that is not in the future when the
// resource is created or the value changes. A value already in the state may pass its time without
// making the configuration invalid: an expired token stays what it is until the value is changed.
// Malformed values are left to the attribute's type or format validator.
func FutureTimeOnChange() planmodifier.String {
	return futureTimeOnChange{now: time.Now}
}

type futureTimeOnChange struct {
	now func() time.Time
}

func (m futureTimeOnChange) Description(context.Context) string {
	return "must be in the future when it is first set or changed"
}

func (m futureTimeOnChange) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m futureTimeOnChange) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if !req.StateValue.IsNull() && req.StateValue.Equal(req.PlanValue) {
		return
	}
	t, err := time.Parse(time.RFC3339, req.PlanValue.ValueString())
	if err != nil {
		return
	}
	if now := m.now(); !t.After(now) {
		resp.Diagnostics.AddAttributeError(req.Path, "Time in the past",
			fmt.Sprintf("Attribute %s must be in the future, got %q (now is %s).", req.Path, req.PlanValue.ValueString(), now.UTC().Format(time.RFC3339)))
	}
}
