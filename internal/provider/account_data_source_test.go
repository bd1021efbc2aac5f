package provider_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

func TestAccAccountDataSource_readsByID(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	config := mock.Config(accountConfig("Lin", "lin@example.com"), `
data "sandbox_account" "test" {
  id = sandbox_account.test.id
}
`)
	same := compare.ValuesSame()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(accountAddr, tfjsonpath.New("id"), "data.sandbox_account.test", tfjsonpath.New("id"), same),
					statecheck.ExpectKnownValue("data.sandbox_account.test", tfjsonpath.New("name"), knownvalue.StringExact("Lin")),
					statecheck.ExpectKnownValue("data.sandbox_account.test", tfjsonpath.New("email"), knownvalue.StringExact("lin@example.com")),
					statecheck.ExpectKnownValue("data.sandbox_account.test", tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
					statecheck.ExpectKnownValue("data.sandbox_account.test", tfjsonpath.New("revision"), knownvalue.Int64Exact(0)),
				},
			},
		},
	})
}

func TestAccAccountDataSource_rootAdmin(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`data "sandbox_account" "root" { id = "` + mockserver.RootAccountID + `" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sandbox_account.root", tfjsonpath.New("roles"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("admin")})),
				},
			},
		},
	})
}

func TestAccAccountDataSource_notFound(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(`data "sandbox_account" "missing" { id = "497f6eca-6276-4993-bfeb-53cbbbba6f08" }`),
				ExpectError: regexp.MustCompile(`(?s)Account not found.*No live account with id\s+497f6eca-6276-4993-bfeb-53cbbbba6f08`),
			},
			{
				Config:      mock.Config(`data "sandbox_account" "bad" { id = "nope" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute id must be a UUID`),
			},
		},
	})
}
