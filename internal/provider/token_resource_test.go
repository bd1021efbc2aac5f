package provider_test

import (
	"errors"
	"fmt"
	"os"
	"regexp"
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

const tokenAddr = "sandbox_token.test"

func tokenConfig(expiresAt string) string {
	return accountConfig("Token Owner", "token-owner@example.com") + fmt.Sprintf(`
resource "sandbox_token" "test" {
  account_id = sandbox_account.test.id
  expires_at = %q
}
`, expiresAt)
}

// tokenLifecycleSteps create, replace, import and recreate a token; the secret-logging test runs
// the same steps with trace logs on.
func tokenLifecycleSteps(t *testing.T, mock *acctest.Mock) []resource.TestStep {
	var accountID, first, second, third, secret string
	return []resource.TestStep{
		{
			Config: mock.Config(tokenConfig(farFuture)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(uuidRegexp)),
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(farFuture)),
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`))),
				statecheck.ExpectSensitiveValue(tokenAddr, tfjsonpath.New("secret")),
				acctest.CaptureString(accountAddr, "id", &accountID),
				acctest.CaptureString(tokenAddr, "id", &first),
				acctest.CaptureString(tokenAddr, "secret", &secret),
				acctest.CheckFunc(func() error {
					tok, ok := mock.Token(first)
					if !ok || tok.AccountID != accountID {
						return fmt.Errorf("token %s of account %s is not on the mock", first, accountID)
					}
					// The secret kept in the state is a working credential of the account.
					if who, err := whoIs(mock, secret); err != nil || who != accountID {
						return fmt.Errorf("the secret in the state belongs to %q (%w), want %s", who, err, accountID)
					}
					return nil
				}),
			},
		},
		{
			// A new expiry can only be had with a new token; the old one is deleted for good.
			Config: mock.Config(tokenConfig("2099-12-31T23:00:00+01:00")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(tokenAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact("2099-12-31T23:00:00+01:00")),
				acctest.CaptureString(tokenAddr, "id", &second),
				acctest.CheckFunc(func() error {
					if _, ok := mock.Token(first); ok || second == first {
						return fmt.Errorf("the replaced token %s is still on the mock", first)
					}
					if authenticates(mock, accountID, secret) {
						return errors.New("the replaced token's secret still authenticates")
					}
					return nil
				}),
			},
		},
		{
			// Import by id: everything but the secret, which the platform never tells again.
			ResourceName:            tokenAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"secret", "expires_at"},
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d tokens", len(states))
				}
				if s := states[0].Attributes["secret"]; s != "" {
					return errors.New("an imported token has a secret")
				}
				if got := states[0].Attributes["expires_at"]; got != "2099-12-31T22:00:00Z" {
					return fmt.Errorf("imported expires_at %q", got)
				}
				return nil
			},
		},
		{
			// Deleted outside Terraform: the next plan creates a new one.
			PreConfig: func() {
				if !mock.DeleteToken(second) {
					t.Fatalf("token %s was not on the mock", second)
				}
			},
			Config: mock.Config(tokenConfig("2099-12-31T23:00:00+01:00")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tokenAddr, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.CaptureString(tokenAddr, "id", &third),
				acctest.CheckFunc(func() error {
					if _, ok := mock.Token(third); !ok || third == second {
						return fmt.Errorf("no new token on the mock (have %s)", third)
					}
					return nil
				}),
			},
		},
		{
			// Once its expiry has passed, a token stays as it is: no plan-time error, no change.
			PreConfig: func() { mock.AdvanceClock(100 * 365 * 24 * time.Hour) },
			Config:    mock.Config(tokenConfig("2099-12-31T23:00:00+01:00")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
	}
}

func TestAccToken_lifecycle(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tokensGone(mock),
		Steps:                    tokenLifecycleSteps(t, mock),
	})
}

// TestAccToken_secretNeverLogged runs the token lifecycle with trace logs of the CLI and the
// provider written to a file, and fails if any secret the mock handed out is in it.
// It sets environment variables, so it cannot run in parallel with other tests.
func TestAccToken_secretNeverLogged(t *testing.T) {
	logFile := acctest.TraceLogFile(t)
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             tokensGone(mock),
		Steps:                    tokenLifecycleSteps(t, mock)[:2],
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(data)
	// The file must hold both the CLI's and the provider's trace output, or the search proves nothing.
	for _, marker := range []string{"sandbox_token", "/v1/accounts/", "Calling provider defined Resource Create"} {
		if !strings.Contains(logs, marker) {
			t.Fatalf("the trace log (%d bytes) lacks %q: logging did not reach it", len(logs), marker)
		}
	}
	if len(mock.IssuedSecrets()) < 2 {
		t.Fatalf("the mock issued %d secrets, want at least 2", len(mock.IssuedSecrets()))
	}
	if secret := leakedSecret(mock, logs); secret != "" {
		t.Errorf("a token secret appears in the trace log %s", logFile)
	}
}

func TestAccToken_invalidExpiryAtPlanTime(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	config := func(accountID, expiresAt string) string {
		return mock.Config(fmt.Sprintf(`
resource "sandbox_token" "test" {
  account_id = %q
  expires_at = %q
}
`, accountID, expiresAt))
	}
	const someAccount = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config(someAccount, "2001-01-01T00:00:00Z"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute expires_at must be in the future.*"2001-01-01T00:00:00Z"`),
			},
			{
				Config:      config(someAccount, "next tuesday"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid RFC3339 String Value.*expires_at`),
			},
			{
				Config:      config("not-a-uuid", farFuture),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute account_id must be a UUID`),
			},
		},
	})
	if n := len(mock.IssuedSecrets()); n != 0 {
		t.Errorf("the mock issued %d tokens for invalid configurations", n)
	}
}
