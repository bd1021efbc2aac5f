package provider_test

import (
	"fmt"
	"math/big"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const (
	planAddr     = "sandbox_account_plan.test"
	planDataAddr = "data.sandbox_account_plan.test"
)

func accountPlanConfig(planID string) string {
	return accountConfig("Planned", "planned@example.com") + fmt.Sprintf(`
resource "sandbox_account_plan" "test" {
  account_id = sandbox_account.test.id
  plan_id    = %q
}

data "sandbox_account_plan" "test" {
  account_id = sandbox_account_plan.test.account_id
}
`, planID)
}

// exactNumber checks a number attribute holds exactly n, however large.
func exactNumber(n string) knownvalue.Check {
	f, _, err := big.ParseFloat(n, 10, 256, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	return knownvalue.NumberExact(f)
}

// expectMockPlan checks the plan of the live account with *id on the mock.
func expectMockPlan(mock *acctest.Mock, id *string, planID string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		a, err := liveMockAccount(mock, *id)
		if err == nil && a.PlanID != planID {
			err = fmt.Errorf("account %s on the mock has plan %q, want %s", *id, a.PlanID, planID)
		}
		return err
	})
}

func TestAccAccountPlan_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id, second string
	const maxUint64 = "18446744073709551615"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountPlanConfig(mockserver.LargePlanID)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &id),
					statecheck.CompareValuePairs(planAddr, tfjsonpath.New("id"), accountAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("name"), knownvalue.StringExact("large")),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("app_limit"), exactNumber("100")),
					// Beyond int64: 10^19.
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("monthly_gas_limit"), exactNumber("10000000000000000000")),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("max_memory_per_worker"), exactNumber("4294967296")),
					statecheck.ExpectKnownValue(planDataAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
					statecheck.ExpectKnownValue(planDataAddr, tfjsonpath.New("monthly_gas_limit"), exactNumber("10000000000000000000")),
					expectMockPlan(mock, &id, mockserver.LargePlanID),
				},
			},
			{
				// A new plan id changes the plan in place; every limit is exact, even u64 max.
				Config: mock.Config(accountPlanConfig(mockserver.UnlimitedPlanID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(planAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionNoop),
						plancheck.ExpectUnknownValue(planAddr, tfjsonpath.New("app_limit")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("name"), knownvalue.StringExact("unlimited")),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("app_limit"), exactNumber(maxUint64)),
					statecheck.ExpectKnownValue(planAddr, tfjsonpath.New("storage_limit"), exactNumber(maxUint64)),
					statecheck.ExpectKnownValue(planDataAddr, tfjsonpath.New("worker_limit"), exactNumber(maxUint64)),
					expectMockPlan(mock, &id, mockserver.UnlimitedPlanID),
				},
			},
			{
				// A plan changed on the platform shows in the next plan, which puts it back.
				PreConfig: func() { mock.EditAccount(id, func(a *mockserver.Account) { a.PlanID = mockserver.DefaultPlanID }) },
				Config:    mock.Config(accountPlanConfig(mockserver.UnlimitedPlanID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(planAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(planAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.UnlimitedPlanID)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMockPlan(mock, &id, mockserver.UnlimitedPlanID)},
			},
			{
				ResourceName:      planAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Destroying the assignment only forgets it: the account keeps its plan.
				Config: mock.Config(accountConfig("Planned", "planned@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(planAddr, plancheck.ResourceActionDestroy)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMockPlan(mock, &id, mockserver.UnlimitedPlanID)},
			},
			{
				Config:            mock.Config(accountPlanConfig(mockserver.LargePlanID)),
				ConfigStateChecks: []statecheck.StateCheck{expectMockPlan(mock, &id, mockserver.LargePlanID)},
			},
			{
				// The account deleted outside Terraform: both come back, on a new account.
				PreConfig: func() {
					if !mock.DeleteAccount(id) {
						t.Fatalf("account %s was not live on the mock", id)
					}
				},
				Config: mock.Config(accountPlanConfig(mockserver.LargePlanID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(planAddr, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &second),
					newAccount(mock, &id, &second),
					expectMockPlan(mock, &second, mockserver.LargePlanID),
				},
			},
		},
	})
}

func TestAccAccountPlan_badInput(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(accountPlanConfig("large")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute plan_id must be a UUID`),
			},
			{
				// A well-formed id the catalogue lacks is refused by the platform, with its message.
				Config:      mock.Config(accountPlanConfig("11111111-2222-4333-8444-555555555555")),
				ExpectError: regexp.MustCompile(`Plan for id not found:\s+11111111-2222-4333-8444-555555555555`),
			},
		},
	})
}

func TestAccAccountPlan_importRejectsMalformedID(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        mock.Config(`resource "sandbox_account_plan" "test" {` + "\n" + `  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"` + "\n" + `  plan_id = "` + mockserver.LargePlanID + `"` + "\n}\n"),
				ResourceName:  planAddr,
				ImportState:   true,
				ImportStateId: "planned",
				ExpectError:   regexp.MustCompile(`Import the plan assignment by the id of its account, a UUID`),
			},
		},
	})
}

func TestAccAccountPlanDataSource_unknownAccount(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`
data "sandbox_account_plan" "test" {
  account_id = "11111111-2222-4333-8444-555555555555"
}
`),
				// The same 404 diagnostic as every account-scoped data source, against account_id.
				ExpectError: regexp.MustCompile(`(?s)Account not found.*with data.sandbox_account_plan.test,.*account_id = .*No live account with id\s+11111111-2222-4333-8444-555555555555`),
			},
		},
	})
}
