package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const leaseAddr = "sandbox_lease.test"

// leaseConfig is a pool account and a lease of it; args are extra lease arguments in HCL.
func leaseConfig(principal string, args ...string) string {
	return poolAccountConfig("123456789012", testAdminRoleArn, "") + fmt.Sprintf(`
resource "sandbox_lease" "test" {
  principal_id = %q
  account_id   = sandbox_pool_account.test.id
  %s
}
`, principal, strings.Join(args, "\n  "))
}

func expectActiveLease(mock *acctest.Mock, id, principal, account string) error {
	l, ok := mock.Lease(id)
	switch {
	case !ok:
		return fmt.Errorf("lease %s is not on the mock", id)
	case l.Status != "Active" || l.PrincipalID != principal || l.AccountID != account:
		return fmt.Errorf("lease %s is %s for %s on %s, want Active for %s on %s", id, l.Status, l.PrincipalID, l.AccountID, principal, account)
	}
	return nil
}

// differentLease is a check that the lease in the state is a new one, active on the mock.
func differentLease(mock *acctest.Mock, old, current *string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		if *current == *old {
			return fmt.Errorf("expected a new lease, still have %s", *old)
		}
		return expectActiveLease(mock, *current, "alice", "123456789012")
	})
}

func TestAccLease_lifecycle(t *testing.T) {
	mock := newLeaseMock(t)
	expires := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	args := []string{
		`budget_amount = 100`,
		`budget_currency = "USD"`,
		`budget_notification_emails = ["alice@example.com"]`,
		fmt.Sprintf(`expires_on = %q`, expires),
	}
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(leaseConfig("alice", args...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRegexp)),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("account_id"), knownvalue.StringExact("123456789012")),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("lease_status"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("lease_status_reason"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("budget_amount"), knownvalue.Float64Exact(100)),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("expires_on"), knownvalue.StringExact(expires)),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("created_on"), knownvalue.StringRegexp(rfc3339Regexp)),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("lease_status_modified_on"), knownvalue.StringRegexp(rfc3339Regexp)),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("account_status"), knownvalue.StringExact("Ready")),
					acctest.CaptureString(leaseAddr, "id", &first),
					acctest.CheckFunc(func() error { return expectActiveLease(mock, first, "alice", "123456789012") }),
				},
			},
			{
				// The account is Leased now: a refresh shows it, and plans nothing.
				Config: mock.Config(leaseConfig("alice", args...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("account_status"), knownvalue.StringExact("Leased")),
				},
			},
			{
				ResourceName:      leaseAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// There is no update endpoint: a new budget replaces the lease (on the same account,
				// once its reset after the old lease is done).
				Config: mock.Config(leaseConfig("alice", append(args[1:], `budget_amount = 200`)...)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("budget_amount"), knownvalue.Float64Exact(200)),
					acctest.CaptureString(leaseAddr, "id", &second),
					differentLease(mock, &first, &second),
				},
			},
		},
	})
}

func TestAccLease_endedOrDeletedOutsideTerraformIsRecreated(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(leaseConfig("alice"))
	var first, second, third string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(leaseAddr, "id", &first)},
			},
			{
				// An operator ends the lease: it reads Inactive, leaves the state, and the plan creates a new one.
				PreConfig: func() {
					if !mock.EndLease(first, "Destroyed") {
						t.Fatalf("lease %s was not active on the mock", first)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &second),
					differentLease(mock, &first, &second),
				},
			},
			{
				// The lease record disappears (the API answers 404): the plan creates a new one too.
				PreConfig: func() {
					mock.EndLease(second, "Destroyed")
					// A new lease of the same pair replaces the record, so the old id is gone.
					mock.InsertLease(mockserver.Lease{PrincipalID: "alice", AccountID: "123456789012", Status: "Inactive"})
					if _, ok := mock.Lease(second); ok {
						t.Fatalf("lease %s is still on the mock", second)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &third),
					differentLease(mock, &second, &third),
				},
			},
		},
	})
}

func TestAccLease_expiredLeaseIsRecreatedByTheNextApply(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(leaseConfig("alice"))
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &first),
					// Without expires_on the platform's default is a week.
					acctest.CheckFunc(func() error {
						l, _ := mock.Lease(first)
						if got := time.Unix(l.ExpiresOn, 0).Sub(time.Unix(l.CreatedOn, 0)); got != 7*24*time.Hour {
							return fmt.Errorf("lease lasts %v, want the default week", got)
						}
						return nil
					}),
				},
			},
			{
				PreConfig: func() {
					mock.AdvanceClock(8 * 24 * time.Hour)
					if l, _ := mock.Lease(first); l.Status != "Inactive" || l.StatusReason != "Expired" {
						t.Fatalf("lease past its expiry is %s/%s, want Inactive/Expired", l.Status, l.StatusReason)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(leaseAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &second),
					differentLease(mock, &first, &second),
				},
			},
		},
	})
}

func TestAccLease_poolPicksAnAccountWhenNoneIsNamed(t *testing.T) {
	mock := newLeaseMock(t)
	mock.AddPoolAccount("555555555555", testAdminRoleArn)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`
resource "sandbox_lease" "test" {
  principal_id = "carol"
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("account_id"), knownvalue.StringExact("555555555555")),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("budget_amount"), knownvalue.Float64Exact(1000)),
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("budget_notification_emails"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				// Bob already holds a lease: the error names it so the user can import or end it.
				PreConfig: func() {
					mock.AddPoolAccount("666666666666", testAdminRoleArn)
					mock.InsertLease(mockserver.Lease{ID: "0b0b0b0b-0000-4000-8000-000000000001", PrincipalID: "bob", AccountID: "666666666666"})
					mock.AddPoolAccount("777777777777", testAdminRoleArn)
				},
				Config: mock.Config(`
resource "sandbox_lease" "test" {
  principal_id = "carol"
}

resource "sandbox_lease" "bob" {
  principal_id = "bob"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Principal bob already has an active lease.*lease 0b0b0b0b-0000-4000-8000-000000000001 of\s+account 666666666666.*import \{\s+to = sandbox_lease.NAME\s+id = "0b0b0b0b-0000-4000-8000-000000000001"\s+\}`),
			},
		},
	})
}

func TestAccLease_invalidInputAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{fmt.Sprintf(`expires_on = %q`, past)}, `(?s)Attribute expires_on must be in the future`},
		{[]string{`expires_on = "next tuesday"`}, `(?s)Attribute expires_on must be an RFC 3339 timestamp.*next tuesday`},
		{[]string{`budget_notification_emails = ["not-an-email"]`}, `(?s)budget_notification_emails\[0\] must be an email address`},
		{[]string{`budget_amount = -1`}, `(?s)Attribute budget_amount value must be greater than 0, got: -1`},
		// A budget of 0 would be spent at once, ending the lease, and every plan would replace it.
		{[]string{`budget_amount = 0`}, `(?s)Attribute budget_amount value must be greater than 0, got: 0`},
	}
	steps := []resource.TestStep{{
		Config:      mock.Config("resource \"sandbox_lease\" \"test\" {\n  principal_id = \"x\"\n  account_id = \"42\"\n}\n"),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Attribute account_id must be a 12-digit AWS account id.*42`),
	}}
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: mock.Config(leaseConfig("alice", c.args...)), PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
	if leases := mock.Leases(); len(leases) != 0 {
		t.Errorf("bad input reached the mock: %+v", leases)
	}
}

func TestAccLease_replacementWithAPastExpiryIsRefusedAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	// The mock runs an hour behind, so the lease stays active on it after its expiry passes on the
	// provider's clock.
	mock.AdvanceClock(-time.Hour)
	// The provider checks expires_on against the wall clock, which no test can move, so the expiry
	// has to pass for real: 12s leaves the first apply (about a second here) ample time to plan it as
	// a future one on a loaded machine, and the second step waits until it has passed.
	expiry := time.Now().Add(12 * time.Second).UTC().Truncate(time.Second)
	expiresOn := fmt.Sprintf(`expires_on = %q`, expiry.Format(time.RFC3339))
	var id string
	// Not parallel: a parallel test waits for its turn after computing expires, which may pass meanwhile.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(leaseConfig("alice", expiresOn)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &id),
					acctest.CheckFunc(func() error {
						if l, _ := mock.Lease(id); l.ExpiresOn != expiry.Unix() {
							return fmt.Errorf("lease %s expires at %d on the mock, want %d", id, l.ExpiresOn, expiry.Unix())
						}
						return expectActiveLease(mock, id, "alice", "123456789012")
					}),
				},
			},
			{
				// Unchanged, the lease keeps its past expiry without complaint (and stays active on
				// the mock, whose clock is behind).
				PreConfig: func() {
					time.Sleep(time.Until(expiry.Add(time.Second)))
					if err := expectActiveLease(mock, id, "alice", "123456789012"); err != nil {
						t.Fatal(err)
					}
				},
				Config:   mock.Config(leaseConfig("alice", expiresOn)),
				PlanOnly: true,
			},
			{
				// Replacing it (a new budget) would create a lease that has already expired.
				Config:      mock.Config(leaseConfig("alice", expiresOn, `budget_amount = 10`)),
				ExpectError: regexp.MustCompile(`(?s)Attribute expires_on must be in the future`),
			},
		},
	})
	// The refused replacement neither ended the lease nor asked for a new one: one create (the
	// first apply's) and one end (the destroy's) reached the mock.
	if creates, ends := mock.CountRequests(http.MethodPost, "/leases"), mock.CountRequests(http.MethodDelete, "/leases"); creates != 1 || ends != 1 {
		t.Errorf("the mock got %d lease creates and %d ends, want 1 and 1", creates, ends)
	}
}

// A 400 on ending a lease that is not one of the documented "no such active lease" answers (here
// a proxy's) fails the destroy and keeps the lease in the state: it is still active, with live
// credentials, and the next plan still manages it.
func TestAccLease_unexpected400OnEndKeepsTheLeaseInState(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(leaseConfig("alice"))
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(leaseAddr, "id", &id)},
			},
			{
				PreConfig: func() {
					mock.InjectFault(mockserver.ScriptedFault{Method: http.MethodDelete, Path: "/leases", Status: http.StatusBadRequest, Count: 1})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Failed to end lease.*400 Bad Request`),
			},
			{
				PreConfig: func() {
					if l, ok := mock.Lease(id); !ok || l.Status != "Active" {
						t.Fatalf("lease %s after the refused end: %+v, want it still active", id, l)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
