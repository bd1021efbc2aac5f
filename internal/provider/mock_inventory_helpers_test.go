package provider_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

// inventory lists object ids by the resource type that manages them.
type inventory map[string][]string

// mockInventory lists what the mock holds: live accounts and their tokens, live plugins, pool
// accounts and active leases.
func mockInventory(mock *acctest.Mock) inventory {
	inv := inventory{}
	for _, a := range mock.LiveAccounts() {
		inv["sandbox_account"] = append(inv["sandbox_account"], a.ID)
		for _, tok := range mock.Tokens(a.ID) {
			inv["sandbox_token"] = append(inv["sandbox_token"], tok.ID)
		}
	}
	for _, p := range mock.LivePlugins("") {
		inv["sandbox_plugin"] = append(inv["sandbox_plugin"], p.ID)
	}
	inv["sandbox_pool_account"] = mock.PoolAccountIDs()
	for _, l := range mock.Leases() {
		if l.Status == "Active" {
			inv["sandbox_lease"] = append(inv["sandbox_lease"], l.ID)
		}
	}
	return inv
}

// without removes the ids of base (what was there before the test) from inv.
func (inv inventory) without(base inventory) inventory {
	out := inventory{}
	for typ, ids := range inv {
		for _, id := range ids {
			if !slices.Contains(base[typ], id) {
				out[typ] = append(out[typ], id)
			}
		}
	}
	return out
}

// count returns how many objects inv holds.
func (inv inventory) count() int {
	n := 0
	for _, ids := range inv {
		n += len(ids)
	}
	return n
}

// diff describes how the mock's objects differ from the state's: orphans (on the mock only) and
// missing or duplicated ones; "" when they are the same.
func (inv inventory) diff(state inventory) string {
	var problems []string
	types := map[string]bool{}
	for typ := range inv {
		types[typ] = true
	}
	for typ := range state {
		types[typ] = true
	}
	for typ := range types {
		for _, id := range inv[typ] {
			if !slices.Contains(state[typ], id) {
				problems = append(problems, fmt.Sprintf("%s %s is on the mock but not in the state (orphan)", typ, id))
			}
		}
		seen := map[string]int{}
		for _, id := range state[typ] {
			seen[id]++
			if seen[id] == 2 {
				problems = append(problems, fmt.Sprintf("%s %s is in the state twice", typ, id))
			}
			if !slices.Contains(inv[typ], id) {
				problems = append(problems, fmt.Sprintf("%s %s is in the state but not on the mock", typ, id))
			}
		}
	}
	sort.Strings(problems)
	return strings.Join(problems, "; ")
}

// mockMatchesState is a state check that the objects the mock gained since base are exactly the
// ones the state records (no orphan, no duplicate, nothing missing); *figures, when not nil,
// receives "N on the mock, M in the state".
func mockMatchesState(mock *acctest.Mock, base inventory, figures *string) statecheck.StateCheck {
	return mockMatchesStateCheck{mock: mock, base: base, figures: figures}
}

type mockMatchesStateCheck struct {
	mock    *acctest.Mock
	base    inventory
	figures *string
}

func (c mockMatchesStateCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	state := inventory{}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Mode != "managed" || !strings.HasPrefix(r.Type, "sandbox_") {
			continue
		}
		id, _ := r.AttributeValues["id"].(string)
		state[r.Type] = append(state[r.Type], id)
	}
	// Plan and roles assignments are attributes of accounts, not objects of their own.
	delete(state, "sandbox_account_plan")
	delete(state, "sandbox_account_roles")
	onMock := mockInventory(c.mock).without(c.base)
	if c.figures != nil {
		*c.figures = fmt.Sprintf("%d objects on the mock, %d in the state", onMock.count(), state.count())
	}
	if d := onMock.diff(state); d != "" {
		resp.Error = fmt.Errorf("the mock does not hold exactly what the state records: %s", d)
	}
}

// mockHoldsNothingNew is a CheckDestroy that the mock holds nothing beyond base.
func mockHoldsNothingNew(mock *acctest.Mock, base inventory) func(*terraform.State) error {
	return func(*terraform.State) error {
		if left := mockInventory(mock).without(base); left.count() > 0 {
			return fmt.Errorf("left on the mock after destroy: %v", left)
		}
		return nil
	}
}
