package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// TestAccPoolAccountList finds pool accounts added through the HTTP API: every one without a
// filter (with the full resource object when asked), only the leased one with status = "Leased".
func TestAccPoolAccountList(t *testing.T) {
	mock := newLeaseMock(t)
	api, ctx := outsideTerraform(t, mock)
	ids := []string{"111111111111", "222222222222", "333333333333"}
	for _, id := range ids {
		if _, err := api.CreatePoolAccount(ctx, client.PoolAccountCreateInput{ID: id, AdminRoleArn: testAdminRoleArn}); err != nil {
			t.Fatal(err)
		}
		if _, err := api.WaitForPoolAccount(ctx, id, func(a *client.PoolAccount) bool { return a.AccountStatus == client.PoolAccountReady }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := api.CreateLease(ctx, client.LeaseCreateInput{PrincipalID: "carol", AccountID: ids[1]}); err != nil {
		t.Fatal(err)
	}
	queryTest(t, mock, `
list "sandbox_pool_account" "all" {
  provider         = sandbox
  include_resource = true
}

list "sandbox_pool_account" "leased" {
  provider = sandbox
  config {
    status = "Leased"
  }
}
`,
		querycheck.ExpectLength("sandbox_pool_account.all", 3),
		foundID("sandbox_pool_account.all", ids[0]),
		foundID("sandbox_pool_account.all", ids[1]),
		foundID("sandbox_pool_account.all", ids[2]),
		foundWith("sandbox_pool_account.all", ids[0],
			querycheck.KnownValueCheck{Path: tfjsonpath.New("admin_role_arn"), KnownValue: knownvalue.StringExact(testAdminRoleArn)},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("account_status"), KnownValue: knownvalue.StringExact("Ready")},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("metadata"), KnownValue: knownvalue.Null()}),
		querycheck.ExpectLength("sandbox_pool_account.leased", 1),
		foundID("sandbox_pool_account.leased", ids[1]),
	)
}
