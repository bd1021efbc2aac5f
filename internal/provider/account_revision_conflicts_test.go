package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// accountFamilyConfig manages n accounts, each with its plan and its roles, in one configuration.
func accountFamilyConfig(n int, version, planID string, roles ...string) string {
	return fmt.Sprintf(`
resource "sandbox_account" "team" {
  count = %d
  name  = "team-${count.index}-%s"
  email = "team-${count.index}@example.com"
}

resource "sandbox_account_plan" "team" {
  count      = %[1]d
  account_id = sandbox_account.team[count.index].id
  plan_id    = %[3]q
}

resource "sandbox_account_roles" "team" {
  count      = %[1]d
  account_id = sandbox_account.team[count.index].id
  roles      = [%[4]s]
}
`, n, version, planID, quoteAll(roles))
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// expectFamily checks every managed account on the mock holds the fields of all three resources,
// and exactly the number of revisions their writes explain: no write was lost or repeated.
func expectFamily(mock *acctest.Mock, version, planID string, revision uint64, roles ...string) statecheck.StateCheck {
	return acctest.CheckFunc(func() error {
		found := 0
		for _, a := range mock.LiveAccounts() {
			if a.ID == mockserver.RootAccountID {
				continue
			}
			found++
			var index int
			if _, err := fmt.Sscanf(a.Email, "team-%d@example.com", &index); err != nil {
				return fmt.Errorf("unexpected account %+v", a)
			}
			switch {
			case a.Name != fmt.Sprintf("team-%d-%s", index, version):
				return fmt.Errorf("account %s has name %q, want version %s", a.Email, a.Name, version)
			case a.PlanID != planID:
				return fmt.Errorf("account %s has plan %s, want %s", a.Email, a.PlanID, planID)
			case !slices.Equal(a.Roles, roles) && len(a.Roles)+len(roles) > 0:
				return fmt.Errorf("account %s has roles %q, want %q", a.Email, a.Roles, roles)
			case a.Revision != revision:
				return fmt.Errorf("account %s is at revision %d, want %d", a.Email, a.Revision, revision)
			}
		}
		if found == 0 {
			return fmt.Errorf("no managed account on the mock")
		}
		return nil
	})
}

// TestAccAccountFamily_twentyAccountsAtParallelism32 applies 20 accounts with their plans and roles
// at -parallelism=32, then changes all three on every account in one apply, so the account update,
// the plan change and the roles change race on each account's revision. It sets environment
// variables for the CLI, so it cannot run in parallel with other tests.
func TestAccAccountFamily_twentyAccountsAtParallelism32(t *testing.T) {
	const n = 20
	acctest.SetCLIParallelism(t, 32)
	// Latency keeps each request in flight, so the CLI's parallelism shows at the mock: more than 10
	// at once needs 11 requests sent within one latency of each other. 300ms (not a few tens) leaves
	// a loaded machine's scheduling ample room to send them.
	mock := acctest.NewMock(t, mockserver.Options{Faults: mockserver.Faults{Latency: 300 * time.Millisecond}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if n := len(mock.LiveAccounts()); n != 1 {
				return fmt.Errorf("%d accounts left on the mock besides the root admin", n-1)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountFamilyConfig(n, "v1", mockserver.LargePlanID, "marketing-admin")),
				ConfigStateChecks: []statecheck.StateCheck{
					// Created at 0, then one plan write and one roles write.
					expectFamily(mock, "v1", mockserver.LargePlanID, 2, "marketing-admin"),
					acctest.CheckFunc(func() error {
						// Terraform's default parallelism is 10; more at once proves the flag arrived.
						t.Logf("at most %d requests at once", mock.MaxConcurrentRequests())
						if got := mock.MaxConcurrentRequests(); got <= 10 {
							return fmt.Errorf("at most %d requests reached the mock at once; -parallelism=32 was not applied", got)
						}
						return nil
					}),
				},
			},
			{
				Config: mock.Config(accountFamilyConfig(n, "v2", mockserver.UnlimitedPlanID, "admin", "marketing-admin")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sandbox_account.team[7]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sandbox_account_plan.team[7]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sandbox_account_roles.team[7]", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectFamily(mock, "v2", mockserver.UnlimitedPlanID, 5, "admin", "marketing-admin"),
				},
			},
		},
	})
}

// TestAccAccountFamily_revisionMovedBetweenReadAndWrite has the mock move each account's revision
// between the provider's read and its write, for plan and roles writes alike.
func TestAccAccountFamily_revisionMovedBetweenReadAndWrite(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             accountsGone(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(accountFamilyConfig(1, "v1", mockserver.LargePlanID, "admin")),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString("sandbox_account.team[0]", "id", &id),
					expectFamily(mock, "v1", mockserver.LargePlanID, 2, "admin"),
				},
			},
			{
				// Four writes in a row find the revision moved; the provider re-reads and retries each.
				PreConfig: func() { mock.ConflictNextWrites(id, 4) },
				Config:    mock.Config(accountFamilyConfig(1, "v1", mockserver.DefaultPlanID, "marketing-admin")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("sandbox_account_plan.team[0]", tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
					statecheck.ExpectKnownValue("sandbox_account_roles.team[0]", tfjsonpath.New("roles"), roleSet("marketing-admin")),
					// 2, then 4 taken by the other writer, then our plan and roles writes.
					expectFamily(mock, "v1", mockserver.DefaultPlanID, 8, "marketing-admin"),
				},
			},
		},
	})
}
