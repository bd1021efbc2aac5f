package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const testAdminRoleArn = "arn:aws:iam::123456789012:role/DCEAdmin"

var rfc3339Regexp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// newLeaseMock starts a mock whose pool accounts are reset in 50ms, so tests that wait for Ready are fast.
func newLeaseMock(t *testing.T) *acctest.Mock {
	t.Helper()
	return acctest.NewMock(t, mockserver.Options{AccountReadyDelay: 50 * time.Millisecond})
}

// leaseAPIClean is a CheckDestroy proving the Lease API holds no pool account and no active lease.
func leaseAPIClean(mock *acctest.Mock) func(*terraform.State) error {
	return func(*terraform.State) error {
		if ids := mock.PoolAccountIDs(); len(ids) > 0 {
			return fmt.Errorf("pool accounts left on the mock: %v", ids)
		}
		for _, l := range mock.Leases() {
			if l.Status == "Active" {
				return fmt.Errorf("lease %s of %s is still active on the mock", l.ID, l.PrincipalID)
			}
		}
		return nil
	}
}

// listedIDs is a state check that reads the "id" of every element of a list attribute into *dst.
func listedIDs(address, attr string, dst *[]string) statecheck.StateCheck {
	return listedIDsCheck{address: address, attr: attr, dst: dst}
}

type listedIDsCheck struct {
	address, attr string
	dst           *[]string
}

func (c listedIDsCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
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
		items, _ := v.([]any)
		*c.dst = (*c.dst)[:0]
		for _, item := range items {
			m, _ := item.(map[string]any)
			id, _ := m["id"].(string)
			*c.dst = append(*c.dst, id)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.address)
}

// sameIDsOnce reports whether got holds every id of want exactly once, and nothing else.
func sameIDsOnce(got, want []string) error {
	count := map[string]int{}
	for _, id := range got {
		count[id]++
	}
	for _, id := range want {
		if count[id] != 1 {
			return fmt.Errorf("id %s listed %d times, want once", id, count[id])
		}
		delete(count, id)
	}
	if len(count) > 0 {
		extra := make([]string, 0, len(count))
		for id := range count {
			extra = append(extra, id)
		}
		sort.Strings(extra)
		return fmt.Errorf("unexpected ids listed: %v", extra)
	}
	return nil
}
