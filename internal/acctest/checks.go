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
	v, err := attributeValue(req, c.address, c.attr)
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
}

// CaptureListedIDs stores the "id" of every element of a list attribute (a data source's listing)
// into *dst, replacing what it held.
func CaptureListedIDs(address, attr string, dst *[]string) statecheck.StateCheck {
	return captureListedIDs{address: address, attr: attr, dst: dst}
}

type captureListedIDs struct {
	address, attr string
	dst           *[]string
}

func (c captureListedIDs) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	v, err := attributeValue(req, c.address, c.attr)
	if err != nil {
		resp.Error = err
		return
	}
	items, _ := v.([]any)
	*c.dst = (*c.dst)[:0]
	for _, item := range items {
		m, _ := item.(map[string]any)
		id, _ := m["id"].(string)
		*c.dst = append(*c.dst, id)
	}
}

// attributeValue finds attr of the resource at address in the state a check is given.
func attributeValue(req statecheck.CheckStateRequest, address, attr string) (any, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return nil, fmt.Errorf("no state to read %s.%s from", address, attr)
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == address {
			return tfjsonpath.Traverse(r.AttributeValues, tfjsonpath.New(attr))
		}
	}
	return nil, fmt.Errorf("%s is not in the state", address)
}
