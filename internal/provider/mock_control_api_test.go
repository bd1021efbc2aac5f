package provider_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

// postControl sends a request to the mock's control API over HTTP, as a module's test script would
// with curl, and fails the test unless it answers 200.
func postControl(t *testing.T, mock *acctest.Mock, path string, body any) []byte {
	t.Helper()
	encoded, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, mock.URL+path, bytes.NewReader(encoded))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+mock.AdminToken())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", path, resp.StatusCode, out)
	}
	return out
}

// TestAccLease_controlAPIExpiresAndOverspendsALease watches a lease expire through the control
// API's clock and another end over budget through its usage endpoint; each time the next apply
// leases again.
func TestAccLease_controlAPIExpiresAndOverspendsALease(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(leaseConfig("alice", "budget_amount = 100"))
	var first, second, third string
	recreates := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionCreate)},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(leaseAddr, "id", &first)},
			},
			{
				// Eight days later the week's lease has expired.
				PreConfig: func() {
					postControl(t, mock, "/_mock/clock", map[string]string{"advance": "192h"})
					if l, _ := mock.Lease(first); l.Status != "Inactive" || l.StatusReason != "Expired" {
						t.Fatalf("lease after the clock moved past its expiry is %s/%s, want Inactive/Expired", l.Status, l.StatusReason)
					}
				},
				Config:           config,
				ConfigPlanChecks: recreates,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &second),
					differentLease(mock, &first, &second),
				},
			},
			{
				// 150 of usage on a budget of 100 ends the new lease. A day later (so that day's usage
				// does not count against the next lease too) the apply leases again.
				PreConfig: func() {
					postControl(t, mock, "/_mock/usage", []map[string]any{
						{"principalId": "alice", "accountId": "123456789012", "costAmount": 150},
					})
					if l, _ := mock.Lease(second); l.Status != "Inactive" || l.StatusReason != "OverBudget" {
						t.Fatalf("lease after 150 of usage is %s/%s, want Inactive/OverBudget", l.Status, l.StatusReason)
					}
					postControl(t, mock, "/_mock/clock", map[string]string{"advance": "24h"})
				},
				Config:           config,
				ConfigPlanChecks: recreates,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &third),
					differentLease(mock, &second, &third),
				},
			},
		},
	})
}
