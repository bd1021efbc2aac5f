package provider_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const rolesAddr = "sandbox_account_roles.test"

func accountRolesConfig(roles ...string) string {
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	return accountConfig("Roled", "roled@example.com") + fmt.Sprintf(`
resource "sandbox_account_roles" "test" {
  account_id = sandbox_account.test.id
  roles      = [%s]
}
`, strings.Join(quoted, ", "))
}

// expectMockRoles checks the roles of the live account with *id on the mock.
func expectMockRoles(mock *acctest.Mock, id *string, roles ...string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		a, err := liveMockAccount(mock, *id)
		if err == nil && !slices.Equal(a.Roles, roles) && len(a.Roles)+len(roles) > 0 {
			err = fmt.Errorf("account %s on the mock has roles %q, want %q", *id, a.Roles, roles)
		}
		return err
	})
}

func roleSet(roles ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(roles))
	for i, r := range roles {
		checks[i] = knownvalue.StringExact(r)
	}
	return knownvalue.SetExact(checks)
}

func TestAccAccountRoles_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id, second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountRolesConfig("marketing-admin", "admin")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &id),
					statecheck.ExpectKnownValue(rolesAddr, tfjsonpath.New("roles"), roleSet("admin", "marketing-admin")),
					expectMockRoles(mock, &id, "admin", "marketing-admin"),
				},
			},
			{
				Config: mock.Config(accountRolesConfig("admin")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rolesAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rolesAddr, tfjsonpath.New("roles"), roleSet("admin")),
					expectMockRoles(mock, &id, "admin"),
				},
			},
			{
				// Roles added on the platform are taken away again: the set is authoritative.
				PreConfig: func() {
					mock.EditAccount(id, func(a *mockserver.Account) { a.Roles = []string{"admin", "marketing-admin"} })
				},
				Config: mock.Config(accountRolesConfig("admin")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(rolesAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(rolesAddr, tfjsonpath.New("roles"), roleSet("admin")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMockRoles(mock, &id, "admin")},
			},
			{
				ResourceName:      rolesAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// An empty set is a valid, authoritative answer: no roles at all.
				Config:            mock.Config(accountRolesConfig()),
				ConfigStateChecks: []statecheck.StateCheck{expectMockRoles(mock, &id)},
			},
			{
				Config:            mock.Config(accountRolesConfig("marketing-admin")),
				ConfigStateChecks: []statecheck.StateCheck{expectMockRoles(mock, &id, "marketing-admin")},
			},
			{
				// Destroying the resource removes every role; the account stays.
				Config: mock.Config(accountConfig("Roled", "roled@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rolesAddr, plancheck.ResourceActionDestroy)},
				},
				ConfigStateChecks: []statecheck.StateCheck{expectMockRoles(mock, &id)},
			},
			{
				Config:            mock.Config(accountRolesConfig("admin")),
				ConfigStateChecks: []statecheck.StateCheck{expectMockRoles(mock, &id, "admin")},
			},
			{
				// The account deleted outside Terraform: both come back, on a new account.
				PreConfig: func() {
					if !mock.DeleteAccount(id) {
						t.Fatalf("account %s was not live on the mock", id)
					}
				},
				Config: mock.Config(accountRolesConfig("admin")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(rolesAddr, plancheck.ResourceActionCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(accountAddr, "id", &second),
					newAccount(mock, &id, &second),
					expectMockRoles(mock, &second, "admin"),
				},
			},
		},
	})
}

func TestAccAccountRoles_unknownRoleAtPlanTime(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(accountRolesConfig("admin", "owner")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute roles\[Value\("owner"\)\] value must be one of.*"admin".*"marketing-admin"`),
			},
		},
	})
	if n := len(mock.LiveAccounts()); n != 1 {
		t.Errorf("the mock holds %d live accounts, want only the root admin", n)
	}
}
