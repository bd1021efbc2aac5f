package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func TestAccPoolAccountsDataSource(t *testing.T) {
	mock := newLeaseMock(t)
	var ids []string
	for i := 0; i < 30; i++ {
		id := fmt.Sprintf("1000000000%02d", i)
		mock.AddPoolAccount(id, testAdminRoleArn)
		ids = append(ids, id)
	}
	config := mock.Config(poolAccountConfig("123456789012", testAdminRoleArn, `jsonencode({ team = "a" })`), `
data "sandbox_pool_accounts" "all" {
  page_size  = 25
  depends_on = [sandbox_pool_account.test]
}

data "sandbox_pool_accounts" "leased" {
  status     = "Leased"
  depends_on = [sandbox_pool_account.test]
}
`)
	var listed []string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := mock.PoolAccount("123456789012"); ok {
				return fmt.Errorf("the managed pool account is still on the mock")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				// 31 accounts take two pages of 25.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sandbox_pool_accounts.all", tfjsonpath.New("accounts"), knownvalue.ListSizeExact(31)),
					statecheck.ExpectKnownValue("data.sandbox_pool_accounts.all", tfjsonpath.New("accounts").AtSliceIndex(30), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                    knownvalue.StringExact("123456789012"),
						"admin_role_arn":        knownvalue.StringExact(testAdminRoleArn),
						"metadata":              knownvalue.StringExact(`{"team":"a"}`),
						"account_status":        knownvalue.StringExact("Ready"),
						"principal_role_arn":    knownvalue.StringExact("arn:aws:iam::123456789012:role/DCEPrincipal"),
						"principal_policy_hash": knownvalue.StringRegexp(regexp.MustCompile(`^".+"$`)),
						"created_on":            knownvalue.StringRegexp(rfc3339Regexp),
						"last_modified_on":      knownvalue.StringRegexp(rfc3339Regexp),
					})),
					statecheck.ExpectKnownValue("data.sandbox_pool_accounts.leased", tfjsonpath.New("accounts"), knownvalue.ListSizeExact(0)),
					acctest.CaptureListedIDs("data.sandbox_pool_accounts.all", "accounts", &listed),
					acctest.CheckFunc(func() error { return sameIDsOnce(listed, append(append([]string{}, ids...), "123456789012")) }),
				},
			},
			{
				// Changes outside Terraform show on the next read: a lease, and an account removed.
				PreConfig: func() {
					mock.InsertLease(mockserver.Lease{PrincipalID: "dave", AccountID: ids[3]})
					mock.DeletePoolAccount(ids[0])
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sandbox_pool_accounts.all", tfjsonpath.New("accounts"), knownvalue.ListSizeExact(30)),
					statecheck.ExpectKnownValue("data.sandbox_pool_accounts.leased", tfjsonpath.New("accounts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[3]), "account_status": knownvalue.StringExact("Leased")}),
					})),
				},
			},
		},
	})
}

func TestAccPoolAccountsDataSource_invalidStatusAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(`data "sandbox_pool_accounts" "x" { status = "Busy" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute status value must be one of.*"Busy"`),
			},
		},
	})
}
