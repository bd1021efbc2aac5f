package provider_test

import (
	"encoding/json"
	"fmt"
	"regexp"
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

const poolAccountAddr = "sandbox_pool_account.test"

func poolAccountConfig(id, roleArn, metadata string) string {
	meta := ""
	if metadata != "" {
		meta = "\n  metadata       = " + metadata
	}
	return fmt.Sprintf(`
resource "sandbox_pool_account" "test" {
  id             = %q
  admin_role_arn = %q%s
}
`, id, roleArn, meta)
}

func expectPoolAccount(mock *acctest.Mock, id, status, roleArn, metadata string) error {
	a, ok := mock.PoolAccount(id)
	switch {
	case !ok:
		return fmt.Errorf("pool account %s is not on the mock", id)
	case a.Status != status || a.AdminRoleArn != roleArn:
		return fmt.Errorf("pool account %s is %s with %s, want %s with %s", id, a.Status, a.AdminRoleArn, status, roleArn)
	case metadata != "" && !jsonEqual(a.Metadata, metadata):
		return fmt.Errorf("pool account %s metadata %s, want %s", id, a.Metadata, metadata)
	}
	return nil
}

func jsonEqual(a []byte, b string) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal([]byte(b), &y) == nil && fmt.Sprint(x) == fmt.Sprint(y)
}

func TestAccPoolAccount_lifecycle(t *testing.T) {
	mock := newLeaseMock(t)
	const otherRole = "arn:aws:iam::123456789012:role/OtherAdmin"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(poolAccountConfig("123456789012", testAdminRoleArn, `jsonencode({ team = "a" })`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// Create waited until the reset was done.
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("account_status"), knownvalue.StringExact("Ready")),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("principal_role_arn"), knownvalue.StringExact("arn:aws:iam::123456789012:role/DCEPrincipal")),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("principal_policy_hash"), knownvalue.StringRegexp(regexp.MustCompile(`^"[0-9a-f]{32}"$`))),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("created_on"), knownvalue.StringRegexp(rfc3339Regexp)),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("last_modified_on"), knownvalue.StringRegexp(rfc3339Regexp)),
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("metadata"), knownvalue.StringExact(`{"team":"a"}`)),
					acctest.CheckFunc(func() error {
						return expectPoolAccount(mock, "123456789012", "Ready", testAdminRoleArn, `{"team":"a"}`)
					}),
				},
			},
			{
				// The admin role and the metadata change in place (PUT).
				Config: mock.Config(poolAccountConfig("123456789012", otherRole, `jsonencode({ team = "b", tier = 2 })`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("admin_role_arn"), knownvalue.StringExact(otherRole)),
					acctest.CheckFunc(func() error {
						return expectPoolAccount(mock, "123456789012", "Ready", otherRole, `{"team":"b","tier":2}`)
					}),
				},
			},
			{
				// A change made on the platform shows in the next plan, which puts the configuration back.
				PreConfig: func() {
					mock.EditPoolAccount("123456789012", func(a *mockserver.PoolAccount) { a.AdminRoleArn = testAdminRoleArn })
				},
				Config: mock.Config(poolAccountConfig("123456789012", otherRole, `jsonencode({ team = "b", tier = 2 })`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("admin_role_arn"), knownvalue.StringExact(otherRole)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error { return expectPoolAccount(mock, "123456789012", "Ready", otherRole, "") }),
				},
			},
			{
				ResourceName:      poolAccountAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Removing the metadata clears it on the platform, and the state shows null, not {}.
				Config: mock.Config(poolAccountConfig("123456789012", otherRole, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(poolAccountAddr, tfjsonpath.New("metadata"), knownvalue.Null()),
					acctest.CheckFunc(func() error { return expectPoolAccount(mock, "123456789012", "Ready", otherRole, "{}") }),
				},
			},
			{
				// A new account id replaces the pool account.
				Config: mock.Config(poolAccountConfig("210987654321", otherRole, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error {
						if _, ok := mock.PoolAccount("123456789012"); ok {
							return fmt.Errorf("the replaced account 123456789012 is still in the pool")
						}
						return expectPoolAccount(mock, "210987654321", "Ready", otherRole, "")
					}),
				},
			},
			{
				Config: mock.Config(poolAccountConfig("210987654321", otherRole, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccPoolAccount_deletedOutsideTerraform(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(poolAccountConfig("123456789012", testAdminRoleArn, ""))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if !mock.DeletePoolAccount("123456789012") {
						t.Fatal("pool account was not on the mock")
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error { return expectPoolAccount(mock, "123456789012", "Ready", testAdminRoleArn, "") }),
				},
			},
		},
	})
}

func TestAccPoolAccount_invalidInputAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	cases := []struct {
		config string
		want   *regexp.Regexp
	}{
		{poolAccountConfig("12345", testAdminRoleArn, ""), regexp.MustCompile(`(?s)Attribute id must be a 12-digit AWS account id.*12345`)},
		{poolAccountConfig("123456789012", "DCEAdmin", ""), regexp.MustCompile(`(?s)Attribute admin_role_arn must be an ARN.*"DCEAdmin"`)},
		{poolAccountConfig("123456789012", testAdminRoleArn, `jsonencode(["a"])`), regexp.MustCompile(`(?s)Attribute metadata must be a JSON object`)},
		// Starting with "{", it passes the object check; jsontypes refuses it as JSON.
		{poolAccountConfig("123456789012", testAdminRoleArn, `"{not json"`), diagnosticRegexp("Invalid JSON String Value",
			"A string value was provided that is not valid JSON string format (RFC 7159). Given Value: {not json")},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: mock.Config(c.config), PlanOnly: true, ExpectError: c.want})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: steps})
	if ids := mock.PoolAccountIDs(); len(ids) != 0 {
		t.Errorf("bad input reached the mock: %v", ids)
	}
}

func TestAccPoolAccount_leasedAccountCannotBeDestroyed(t *testing.T) {
	mock := newLeaseMock(t)
	config := mock.Config(poolAccountConfig("123456789012", testAdminRoleArn, ""))
	var leaseID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Someone leases the account outside Terraform; destroying it must say what to do.
				PreConfig: func() {
					leaseID = mock.InsertLease(mockserver.Lease{PrincipalID: "someone", AccountID: "123456789012"})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`account is leased: end its lease first`),
			},
			{
				PreConfig: func() { mock.EndLease(leaseID, "Destroyed") },
				Config:    config,
			},
		},
	})
}

func TestAccPoolAccount_createTimesOutWhileNotReady(t *testing.T) {
	// The reset takes an hour, far beyond the 2s create timeout, however slow the machine.
	mock := acctest.NewMock(t, mockserver.Options{AccountReadyDelay: time.Hour})
	config := mock.Config(`
resource "sandbox_pool_account" "test" {
  id             = "123456789012"
  admin_role_arn = "` + testAdminRoleArn + `"
  timeouts {
    create = "2s"
  }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: diagnosticRegexp("Pool account 123456789012 did not become Ready",
					"The account was added to the pool but was still being reset after 2s"),
			},
			{
				// The account was added and is still being reset; the failed create left it tainted,
				// so the next plan replaces it.
				PreConfig: func() {
					if err := expectPoolAccount(mock, "123456789012", "NotReady", testAdminRoleArn, ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(poolAccountAddr, plancheck.ResourceActionReplace)},
				},
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
