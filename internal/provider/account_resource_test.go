package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func accountConfig(name, email string) string {
	return fmt.Sprintf(`
resource "sandbox_account" "test" {
  name  = %q
  email = %q
}
`, name, email)
}

const accountAddr = "sandbox_account.test"

func TestAccAccount_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountConfig("Ada", "ada@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRegexp)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ada")),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("email"), knownvalue.StringExact("ada@example.com")),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("revision"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), knownvalue.SetExact([]knownvalue.Check{})),
					acctest.CaptureString(accountAddr, "id", &id),
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "Ada", "ada@example.com") }),
				},
			},
			{
				// Updating name and email changes the account in place.
				Config: mock.Config(accountConfig("Ada Lovelace", "ada.lovelace@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ada Lovelace")),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("revision"), knownvalue.Int64Exact(1)),
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "Ada Lovelace", "ada.lovelace@example.com") }),
				},
			},
			{
				// A change made on the platform shows in the next plan, which puts the configuration back.
				PreConfig: func() {
					mock.EditAccount(id, func(a *mockserver.Account) { a.Name = "renamed outside Terraform" })
				},
				Config: mock.Config(accountConfig("Ada Lovelace", "ada.lovelace@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Ada Lovelace")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "Ada Lovelace", "ada.lovelace@example.com") }),
				},
			},
			{
				ResourceName:      accountAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: mock.Config(accountConfig("Ada Lovelace", "ada.lovelace@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccAccount_deletedOutsideTerraform(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var first, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(accountConfig("Grace", "grace@example.com")),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(accountAddr, "id", &first)},
			},
			{
				PreConfig: func() {
					if !mock.DeleteAccount(first) {
						t.Fatalf("account %s was not on the mock", first)
					}
				},
				Config: mock.Config(accountConfig("Grace", "grace@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &second),
					acctest.CheckFunc(func() error {
						if second == first {
							return fmt.Errorf("expected a new account, still have %s", first)
						}
						return expectMockAccount(mock, second, "Grace", "grace@example.com")
					}),
				},
			},
		},
	})
}

func TestAccAccount_invalidEmailAtPlanTime(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(accountConfig("Bad", "not-an-email")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute email must be an email address.*"not-an-email"`),
			},
		},
	})
	if n := len(mock.LiveAccounts()); n != 1 {
		t.Errorf("the mock holds %d live accounts, want only the root admin", n)
	}
}

func TestAccAccount_createRetriedAfter503MakesOneAccount(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	mock.InjectFault(mockserver.ScriptedFault{Method: http.MethodPost, Path: "/v1/accounts", Status: http.StatusServiceUnavailable, Count: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountConfig("Retry", "retry@example.com")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error {
						if n := mock.PendingFaults(); n != 0 {
							return fmt.Errorf("the injected 503 never fired (%d pending)", n)
						}
						matches := 0
						for _, a := range mock.LiveAccounts() {
							if a.Email == "retry@example.com" {
								matches++
							}
						}
						if matches != 1 {
							return fmt.Errorf("the mock holds %d accounts for retry@example.com, want exactly 1", matches)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccAccount_staleRevisionIsReReadAndRetried(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(accountConfig("Stale", "stale@example.com")),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(accountAddr, "id", &id)},
			},
			{
				// Another writer moves the revision between the provider's read and its write, twice.
				PreConfig: func() { mock.ConflictNextWrites(id, 2) },
				Config:    mock.Config(accountConfig("Fresh", "stale@example.com")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("name"), knownvalue.StringExact("Fresh")),
					// Two revisions taken by the other writer, one by our update.
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("revision"), knownvalue.Int64Exact(3)),
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "Fresh", "stale@example.com") }),
				},
			},
		},
	})
}

func TestAccAccount_importRejectsMalformedID(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        mock.Config(accountConfig("Imp", "imp@example.com")),
				ResourceName:  accountAddr,
				ImportState:   true,
				ImportStateId: "not-a-uuid",
				ExpectError:   regexp.MustCompile(`Import the account by its id, a UUID`),
			},
		},
	})
}

func expectMockAccount(mock *acctest.Mock, id, name, email string) error {
	a, err := liveMockAccount(mock, id)
	if err == nil && (a.Name != name || a.Email != email) {
		err = fmt.Errorf("mock account %s is %q <%s>, want %q <%s>", id, a.Name, a.Email, name, email)
	}
	return err
}

// accountWithPlanAndRoles is an account whose plan and roles other resources manage.
func accountWithPlanAndRoles(name, planID, roles string) string {
	return fmt.Sprintf(`
resource "sandbox_account" "test" {
  name  = %q
  email = "renamed@example.com"
}

resource "sandbox_account_plan" "test" {
  account_id = sandbox_account.test.id
  plan_id    = %q
}

resource "sandbox_account_roles" "test" {
  account_id = sandbox_account.test.id
  roles      = %s
}
`, name, planID, roles)
}

// expectMockPlanAndRoles checks the plan and roles the mock holds for the live account with *id.
func expectMockPlanAndRoles(mock *acctest.Mock, id *string, planID string, roles ...string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		a, err := liveMockAccount(mock, *id)
		if err == nil && (a.PlanID != planID || !slices.Equal(a.Roles, roles)) {
			err = fmt.Errorf("mock account %s has plan %q and roles %q, want %q and %q", *id, a.PlanID, a.Roles, planID, roles)
		}
		return err
	})
}

// newAccount is a check that the account in the state (*current) is a new one, not the deleted
// *old, and that *old stays deleted on the mock.
func newAccount(mock *acctest.Mock, old, current *string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		if *current == *old {
			return fmt.Errorf("expected a new account, still have %s", *old)
		}
		if a, ok := mock.Account(*old); !ok || !a.Deleted {
			return fmt.Errorf("the replaced account %s is not deleted on the mock (known: %v)", *old, ok)
		}
		return nil
	})
}

func TestAccAccount_renamePlansOnlyNameAndRevision(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountWithPlanAndRoles("Before", mockserver.LargePlanID, `["admin"]`)),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &id),
				},
			},
			{
				// plan_id and roles keep the values last read, so the rename shows no "- admin" line and
				// no "(known after apply)" beside them; revision alone is unknown.
				Config: mock.Config(accountWithPlanAndRoles("After", mockserver.LargePlanID, `["admin"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), roleSet("admin")),
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRegexp)),
						plancheck.ExpectUnknownValue(accountAddr, tfjsonpath.New("revision")),
						plancheck.ExpectResourceAction("sandbox_account_plan.test", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("sandbox_account_roles.test", plancheck.ResourceActionNoop),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), roleSet("admin")),
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "After", "renamed@example.com") }),
					expectMockPlanAndRoles(mock, &id, mockserver.LargePlanID, "admin"),
				},
			},
			{
				// A rename in the same apply as a plan and roles change: the account is written first
				// (the others depend on it), so the values it plans stay true for its own write.
				Config: mock.Config(accountWithPlanAndRoles("Again", mockserver.DefaultPlanID, `[]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
						plancheck.ExpectUnknownValue(accountAddr, tfjsonpath.New("revision")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "Again", "renamed@example.com") }),
					expectMockPlanAndRoles(mock, &id, mockserver.DefaultPlanID),
				},
			},
			{
				// The next refresh reads the new plan and roles without planning a change.
				Config: mock.Config(accountWithPlanAndRoles("Again", mockserver.DefaultPlanID, `[]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), roleSet()),
				},
			},
		},
	})
}

// A rename applied after another writer changed the account's plan and roles (here resources that
// name the account by a literal id, applied first by depends_on) still applies: the account keeps
// the planned plan_id and roles rather than the newer ones its write answer shows.
func TestAccAccount_renameAfterAnotherWriterChangedPlanAndRoles(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	c, err := client.New(client.Config{AccountAPIEndpoint: mock.URL, LeaseAPIEndpoint: mock.URL, Token: mock.AdminToken()})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateAccount(context.Background(), client.AccountCreateInput{Name: "Before", Email: "writer@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	id := created.ID
	imported := fmt.Sprintf(`
import {
  to = sandbox_account.test
  id = %q
}
`, id)
	others := fmt.Sprintf(`
resource "sandbox_account_plan" "other" {
  account_id = %[1]q
  plan_id    = %[2]q
}

resource "sandbox_account_roles" "other" {
  account_id = %[1]q
  roles      = ["admin"]
}
`, id, mockserver.LargePlanID)
	account := func(name string) string {
		return fmt.Sprintf(`
resource "sandbox_account" "test" {
  name       = %q
  email      = "writer@example.com"
  depends_on = [sandbox_account_plan.other, sandbox_account_roles.other]
}
`, name)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(imported, `
resource "sandbox_account" "test" {
  name  = "Before"
  email = "writer@example.com"
}
`),
			},
			{
				Config: mock.Config(imported, others, account("After")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
						plancheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), roleSet()),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CheckFunc(func() error { return expectMockAccount(mock, id, "After", "writer@example.com") }),
					expectMockPlanAndRoles(mock, &id, mockserver.LargePlanID, "admin"),
				},
			},
			{
				Config: mock.Config(imported, others, account("After")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.LargePlanID)),
					statecheck.ExpectKnownValue(accountAddr, tfjsonpath.New("roles"), roleSet("admin")),
				},
			},
		},
	})
}
