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

func TestAccTokensDataSource_listsTheAccountsTokens(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	config := mock.Config(accountConfig("Lister", "lister@example.com"), `
resource "sandbox_token" "test" {
  account_id = sandbox_account.test.id
  expires_at = "2100-01-01T00:00:00Z"
}

resource "sandbox_token" "expired" {
  account_id = sandbox_account.test.id
  expires_at = "2099-06-01T12:00:00Z"
}

data "sandbox_tokens" "test" {
  account_id = sandbox_account.test.id
  depends_on = [sandbox_token.test, sandbox_token.expired]
}
`)
	tokenElem := func(expiresAt string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id":         knownvalue.StringRegexp(uuidRegexp),
			"account_id": knownvalue.StringRegexp(uuidRegexp),
			"created_at": knownvalue.StringRegexp(regexp.MustCompile(`Z$`)),
			"expires_at": knownvalue.StringExact(expiresAt),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tokensGone(mock),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					// Both tokens, with the resource's attribute names and no secret.
					statecheck.ExpectKnownValue("data.sandbox_tokens.test", tfjsonpath.New("tokens"), knownvalue.SetExact([]knownvalue.Check{
						tokenElem(farFuture), tokenElem("2099-06-01T12:00:00Z"),
					})),
					statecheck.CompareValueCollection("data.sandbox_tokens.test", []tfjsonpath.Path{tfjsonpath.New("tokens"), tfjsonpath.New("id")},
						tokenAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValueCollection("data.sandbox_tokens.test", []tfjsonpath.Path{tfjsonpath.New("tokens"), tfjsonpath.New("id")},
						"sandbox_token.expired", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

func TestAccCallerDataSource_namesTheAccountBehindTheToken(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	const addr = "data.sandbox_caller.me"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`data "sandbox_caller" "me" {}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_id"), knownvalue.StringExact(mockserver.RootAccountID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_id"), knownvalue.StringRegexp(uuidRegexpAnyVersion)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("token_expires_at"), knownvalue.StringExact(farFuture)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact("Initial User")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("email"), knownvalue.StringExact("initial@user")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("plan_id"), knownvalue.StringExact(mockserver.DefaultPlanID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("roles"), roleSet("admin")),
				},
			},
		},
	})
}

func TestAccTokensDataSource_unknownAccount(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`
data "sandbox_tokens" "test" {
  account_id = "11111111-2222-4333-8444-555555555555"
}
`),
				// The same 404 diagnostic as every account-scoped data source, against account_id.
				ExpectError: regexp.MustCompile(`(?s)Account not found.*with data.sandbox_tokens.test,.*account_id = .*No live account with id\s+11111111-2222-4333-8444-555555555555`),
			},
		},
	})
}
