package provider_test

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// TestAccTokenList finds the tokens of one account made through the HTTP API, not another
// account's; a found token's secret is null (the platform never shows it again).
func TestAccTokenList(t *testing.T) {
	mock := newLeaseMock(t)
	api, ctx := outsideTerraform(t, mock)
	owner, err := api.CreateAccount(ctx, client.AccountCreateInput{Name: "Owner", Email: "owner@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := api.CreateAccount(ctx, client.AccountCreateInput{Name: "Other", Email: "other@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Date(2099, 6, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for range 2 {
		created, err := api.CreateToken(ctx, owner.ID, client.TokenCreateInput{ExpiresAt: expires})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, created.ID)
	}
	if _, err := api.CreateToken(ctx, other.ID, client.TokenCreateInput{ExpiresAt: expires}); err != nil {
		t.Fatal(err)
	}
	queryTest(t, mock, `
list "sandbox_token" "owner" {
  provider         = sandbox
  include_resource = true
  config {
    account_id = "`+owner.ID+`"
  }
}
`,
		querycheck.ExpectLength("sandbox_token.owner", 2),
		foundID("sandbox_token.owner", ids[0]),
		foundID("sandbox_token.owner", ids[1]),
		foundWith("sandbox_token.owner", ids[0],
			querycheck.KnownValueCheck{Path: tfjsonpath.New("account_id"), KnownValue: knownvalue.StringExact(owner.ID)},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("expires_at"), KnownValue: knownvalue.StringExact("2099-06-01T00:00:00Z")},
			querycheck.KnownValueCheck{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()}),
	)
}
