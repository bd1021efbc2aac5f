package acctest

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// CheckFunc is a state check that runs fn, so a step can assert what the mock server holds after
// the apply, next to its checks of Terraform's state.
func CheckFunc(fn func() error) statecheck.StateCheck {
	return checkFunc(fn)
}

type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// CaptureString stores a string attribute of a resource in the state into *dst, so later steps
// (PreConfig functions, checks against the mock) can use it.
func CaptureString(address string, attr string, dst *string) statecheck.StateCheck {
	return captureString{address: address, attr: attr, dst: dst}
}

type captureString struct {
	address, attr string
	dst           *string
}

func (c captureString) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state to capture %s.%s from", c.address, c.attr)
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.address {
			continue
		}
		v, err := tfjsonpath.Traverse(r.AttributeValues, tfjsonpath.New(c.attr))
		if err != nil {
			resp.Error = err
			return
		}
		s, ok := v.(string)
		if !ok {
			resp.Error = fmt.Errorf("%s.%s is %T, not a string", c.address, c.attr, v)
			return
		}
		*c.dst = s
		return
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.address)
}
