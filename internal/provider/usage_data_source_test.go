package provider_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

const usageAddr = "data.sandbox_usage.test"

func usageConfig(start, end string) string {
	return `
data "sandbox_usage" "test" {
  start_date = "` + start + `"
  end_date   = "` + end + `"
}
`
}

func TestAccUsageDataSource(t *testing.T) {
	mock := newLeaseMock(t)
	day := func(d int) time.Time { return time.Date(2030, 1, d, 12, 0, 0, 0, time.UTC) }
	mock.AddUsage("alice", "111111111111", day(2), 10)
	mock.AddUsage("alice", "111111111111", day(3), 15.5)
	mock.AddUsage("bob", "222222222222", day(3), 7)
	mock.AddUsage("bob", "222222222222", day(20), 100) // outside the range
	config := mock.Config(usageConfig("2030-01-01", "2030-01-10T08:00:00Z"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"principal_id":  knownvalue.StringExact("alice"),
							"account_id":    knownvalue.StringExact("111111111111"),
							"start_date":    knownvalue.StringExact("2030-01-01T00:00:00Z"),
							"end_date":      knownvalue.StringExact("2030-01-10T08:00:00Z"),
							"cost_amount":   knownvalue.Float64Exact(25.5),
							"cost_currency": knownvalue.StringExact("USD"),
							"time_to_live":  knownvalue.StringExact("2030-02-01T00:00:00Z"),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"principal_id": knownvalue.StringExact("bob"),
							"cost_amount":  knownvalue.Float64Exact(7),
						}),
					})),
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("total_cost"), knownvalue.MapExact(map[string]knownvalue.Check{
						"USD": knownvalue.Float64Exact(32.5),
					})),
				},
			},
			{
				// New usage on the platform shows on the next read.
				PreConfig: func() { mock.AddUsage("carol", "333333333333", day(9), 1) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("total_cost"), knownvalue.MapExact(map[string]knownvalue.Check{
						"USD": knownvalue.Float64Exact(33.5),
					})),
				},
			},
			{
				// A period without usage has no records and no totals.
				Config: mock.Config(usageConfig("2031-01-01", "2031-01-02")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("total_cost"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
			},
		},
	})
}

func TestAccUsageDataSource_accruesForLeasedAccounts(t *testing.T) {
	mock := newLeaseMock(t)
	var leaseID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				// The day read is the lease's first, on the mock's clock (created_on), not a day the
				// test guessed before the apply: midnight may pass in between.
				Config: mock.Config(leaseConfig("alice"), `
data "sandbox_usage" "test" {
  start_date = substr(sandbox_lease.test.created_on, 0, 10)
  end_date   = substr(sandbox_lease.test.created_on, 0, 10)
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.CaptureString(leaseAddr, "id", &leaseID),
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"principal_id": knownvalue.StringExact("alice"),
							"account_id":   knownvalue.StringExact("123456789012"),
							"cost_amount":  knownvalue.Float64Exact(10),
							"start_date": knownvalue.StringFunc(func(v string) error {
								l, ok := mock.Lease(leaseID)
								if !ok {
									return fmt.Errorf("lease %s is not on the mock", leaseID)
								}
								if want := time.Unix(l.CreatedOn, 0).UTC().Format(time.DateOnly) + "T00:00:00Z"; v != want {
									return fmt.Errorf("usage read from %s, want the lease's first day on the mock, %s", v, want)
								}
								return nil
							}),
						}),
					})),
				},
			},
		},
	})
}

func TestAccUsageDataSource_invalidInputAtPlanTime(t *testing.T) {
	mock := newLeaseMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.Config(usageConfig("yesterday", "2030-01-02")),
				ExpectError: regexp.MustCompile(`(?s)Attribute start_date must be a date such as 2030-01-02 or an RFC 3339\s+timestamp.*"yesterday"`),
			},
			{
				Config:      mock.Config(usageConfig("2030-01-05", "2030-01-02")),
				ExpectError: regexp.MustCompile(`(?s)Attribute end_date \(2030-01-02\) must not be before start_date`),
			},
		},
	})
}

func TestAccUsageDataSource_principalID(t *testing.T) {
	mock := newLeaseMock(t)
	// DCE reads one principal's usage from the start date through today, so these days are past ones.
	today := time.Now().UTC().Truncate(24 * time.Hour)
	daysAgo := func(n int) time.Time { return today.AddDate(0, 0, -n).Add(time.Hour) }
	mock.AddUsage("alice", "111111111111", daysAgo(3), 4)
	mock.AddUsage("alice", "111111111111", daysAgo(2), 10)
	mock.AddUsage("alice", "111111111111", daysAgo(1), 15.5)
	mock.AddUsage("bob", "222222222222", daysAgo(2), 7)
	start, end := daysAgo(2).Format(time.DateOnly), daysAgo(1).Format(time.DateOnly)
	filtered := func(principal string) string {
		return mock.Config(`
data "sandbox_usage" "test" {
  start_date   = "` + start + `"
  end_date     = "` + end + `"
  principal_id = "` + principal + `"
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// An empty principal is refused at plan time (the last step's configuration is the one destroyed).
				Config:      filtered(""),
				PlanOnly:    true,
				ExpectError: diagnosticRegexp("Invalid Attribute Value Length", "Attribute principal_id string length must be at least 1, got: 0"),
			},
			{
				PreConfig: func() {
					if n := mock.CountRequests(http.MethodGet, "/usage"); n != 0 {
						t.Fatalf("the refused principal_id still sent %d usage reads to the mock", n)
					}
				},
				Config: filtered("alice"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"principal_id": knownvalue.StringExact("alice"),
							"account_id":   knownvalue.StringExact("111111111111"),
							"start_date":   knownvalue.StringExact(start + "T00:00:00Z"),
							"end_date":     knownvalue.StringExact(end + "T00:00:00Z"),
							"cost_amount":  knownvalue.Float64Exact(25.5),
						}),
					})),
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("total_cost"), knownvalue.MapExact(map[string]knownvalue.Check{
						"USD": knownvalue.Float64Exact(25.5),
					})),
				},
			},
			{
				Config: filtered("nobody"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usageAddr, tfjsonpath.New("records"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}
