package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// TestAccLeaseList finds leases made outside Terraform: two through the HTTP API and 28 more
// inserted into the mock, more than one page (25 leases evaluated per page), so every Link page
// must be followed. Unset status means Active; the filters narrow by principal, account and status.
func TestAccLeaseList(t *testing.T) {
	mock := newLeaseMock(t)
	api, ctx := outsideTerraform(t, mock)
	accounts := []string{"111111111111", "222222222222"}
	for _, id := range accounts {
		if _, err := api.CreatePoolAccount(ctx, client.PoolAccountCreateInput{ID: id, AdminRoleArn: testAdminRoleArn}); err != nil {
			t.Fatal(err)
		}
		if _, err := api.WaitForPoolAccount(ctx, id, func(a *client.PoolAccount) bool { return a.AccountStatus == client.PoolAccountReady }); err != nil {
			t.Fatal(err)
		}
	}
	alice, err := api.CreateLease(ctx, client.LeaseCreateInput{PrincipalID: "alice", AccountID: accounts[0]})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := api.CreateLease(ctx, client.LeaseCreateInput{PrincipalID: "bob", AccountID: accounts[1]})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		mock.InsertLease(mockserver.Lease{PrincipalID: fmt.Sprintf("p-%02d", i), AccountID: fmt.Sprintf("9000000000%02d", i)})
	}
	var ended []string
	for i := range 3 {
		ended = append(ended, mock.InsertLease(mockserver.Lease{PrincipalID: "alice", AccountID: fmt.Sprintf("8000000000%02d", i), Status: "Inactive"}))
	}
	queryTest(t, mock, `
list "sandbox_lease" "active" {
  provider = sandbox
}

list "sandbox_lease" "alice" {
  provider         = sandbox
  include_resource = true
  config {
    principal_id = "alice"
  }
}

list "sandbox_lease" "ended" {
  provider = sandbox
  config {
    principal_id = "alice"
    status       = "Inactive"
  }
}

list "sandbox_lease" "of_account" {
  provider = sandbox
  config {
    account_id = "`+accounts[1]+`"
  }
}
`,
		querycheck.ExpectLength("sandbox_lease.active", 27),
		foundID("sandbox_lease.active", alice.ID),
		foundID("sandbox_lease.active", bob.ID),
		querycheck.ExpectLength("sandbox_lease.alice", 1),
		foundWith("sandbox_lease.alice", alice.ID,
			querycheck.KnownValueCheck{Path: tfjsonpath.New("principal_id"), KnownValue: knownvalue.StringExact("alice")},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("account_id"), KnownValue: knownvalue.StringExact(accounts[0])},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("lease_status"), KnownValue: knownvalue.StringExact("Active")}),
		querycheck.ExpectLength("sandbox_lease.ended", 3),
		foundID("sandbox_lease.ended", ended[0]),
		foundID("sandbox_lease.ended", ended[2]),
		querycheck.ExpectLength("sandbox_lease.of_account", 1),
		foundID("sandbox_lease.of_account", bob.ID),
	)
}
