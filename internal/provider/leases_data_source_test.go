package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const leasesAddr = "data.sandbox_leases.test"

// mockLeaseIDs lists the ids of the mock's leases that keep returns true for.
func mockLeaseIDs(mock *acctest.Mock, keep func(mockserver.Lease) bool) []string {
	var ids []string
	for _, l := range mock.Leases() {
		if keep(l) {
			ids = append(ids, l.ID)
		}
	}
	return ids
}

func TestAccLeasesDataSource_everyPageOnce(t *testing.T) {
	mock := newLeaseMock(t)
	for i := 0; i < 260; i++ {
		status := "Inactive"
		if i%4 == 0 {
			status = "Active"
		}
		mock.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("user-%03d", i), AccountID: fmt.Sprintf("%012d", i%30), Status: status})
	}
	all := func(mockserver.Lease) bool { return true }
	active := func(l mockserver.Lease) bool { return l.Status == "Active" }
	var listed, listedActive []string
	var ended string
	config := mock.Config(`
data "sandbox_leases" "test" {
  page_size = 7
}

data "sandbox_leases" "active" {
  status    = "Active"
  page_size = 11
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leasesAddr, tfjsonpath.New("leases"), knownvalue.ListSizeExact(260)),
					statecheck.ExpectKnownValue("data.sandbox_leases.active", tfjsonpath.New("leases"), knownvalue.ListSizeExact(65)),
					acctest.CaptureListedIDs(leasesAddr, "leases", &listed),
					acctest.CaptureListedIDs("data.sandbox_leases.active", "leases", &listedActive),
					acctest.CheckFunc(func() error { return sameIDsOnce(listed, mockLeaseIDs(mock, all)) }),
					acctest.CheckFunc(func() error { return sameIDsOnce(listedActive, mockLeaseIDs(mock, active)) }),
				},
			},
			{
				// A lease ended outside Terraform shows on the next read (drift), and leaves the Active list.
				PreConfig: func() {
					ended = mockLeaseIDs(mock, active)[0]
					mock.EndLease(ended, "OverBudget")
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sandbox_leases.active", tfjsonpath.New("leases"), knownvalue.ListSizeExact(64)),
					acctest.CaptureListedIDs("data.sandbox_leases.active", "leases", &listedActive),
					acctest.CheckFunc(func() error { return sameIDsOnce(listedActive, mockLeaseIDs(mock, active)) }),
				},
			},
		},
	})
}

func TestAccLeasesDataSource_filtersAndManagedLeases(t *testing.T) {
	mock := newLeaseMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(leaseConfig("alice"), `
data "sandbox_leases" "test" {
  principal_id = sandbox_lease.test.principal_id
  account_id   = sandbox_lease.test.account_id
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leasesAddr, tfjsonpath.New("leases"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"principal_id":        knownvalue.StringExact("alice"),
							"account_id":          knownvalue.StringExact("123456789012"),
							"lease_status":        knownvalue.StringExact("Active"),
							"budget_amount":       knownvalue.Float64Exact(1000),
							"expires_on":          knownvalue.StringRegexp(rfc3339Regexp),
							"id":                  knownvalue.StringRegexp(uuidRegexp),
							"lease_status_reason": knownvalue.StringExact("Active"),
						}),
					})),
				},
			},
		},
	})
}

func TestAccLeasesDataSource_invalidInputAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(`data "sandbox_leases" "test" { status = "Expired" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute status value must be one of.*"Expired"`),
			},
			{
				Config:      mock.Config(`data "sandbox_leases" "test" { page_size = 0 }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute page_size value must be between 1 and 1000`),
			},
			{
				Config:      mock.Config(`data "sandbox_leases" "test" { account_id = "abc" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute account_id must be a 12-digit AWS account id`),
			},
		},
	})
}
