package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// TestAccTokenEphemeral_handsACredentialToAnotherProvider opens an ephemeral token, configures a
// second provider with its secret, and reads who that provider is. The token must be deleted when
// the run closes it, and its secret must be nowhere in the state file. It reads the state file from
// its own working directory root, set through the environment, so it does not run in parallel.
func TestAccTokenEphemeral_handsACredentialToAnotherProvider(t *testing.T) {
	root := acctest.WorkingDirRoot(t)
	mock := acctest.NewMock(t, mockserver.Options{})
	var accountID string
	withToken := mock.Config(accountConfig("Ephemeral", "ephemeral@example.com"), fmt.Sprintf(`
ephemeral "sandbox_token" "test" {
  account_id = sandbox_account.test.id
  expires_in = "10m"
}

provider "sandbox" {
  alias    = "as_token"
  endpoint = %q
  token    = ephemeral.sandbox_token.test.secret
}

data "sandbox_caller" "me" {
  provider = sandbox.as_token
}
`, mock.URL))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{
			// Ephemeral resources need Terraform 1.10 (OpenTofu 1.11, which reports a later version).
			tfversion.SkipBelow(tfversion.Version1_10_0),
		},
		CheckDestroy: accountsGone(mock),
		Steps: []resource.TestStep{
			{
				// The account first, so the token's account id is known when Terraform plans.
				Config:            mock.Config(accountConfig("Ephemeral", "ephemeral@example.com")),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(accountAddr, "id", &accountID)},
			},
			{
				Config: withToken,
				ConfigStateChecks: []statecheck.StateCheck{
					// The second provider authenticated as the account the token belongs to.
					statecheck.CompareValuePairs("data.sandbox_caller.me", tfjsonpath.New("account_id"), accountAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					acctest.CheckFunc(func() error {
						if n := len(mock.IssuedSecrets()); n == 0 {
							return fmt.Errorf("no ephemeral token was ever created")
						}
						// Every run closed its token, so none is left on the platform.
						if left := mock.Tokens(accountID); len(left) != 0 {
							return fmt.Errorf("%d ephemeral tokens were not deleted: %+v", len(left), left)
						}
						stateFile, err := acctest.StateFile(root)
						if err != nil {
							return err
						}
						return stateFileHasNoSecret(mock, stateFile, accountID)
					}),
				},
			},
		},
	})
}

// stateFileHasNoSecret reads the state file and fails if any secret the mock issued is in it.
func stateFileHasNoSecret(mock *acctest.Mock, stateFile, accountID string) error {
	data, err := os.ReadFile(stateFile)
	if err != nil {
		return err
	}
	state := string(data)
	if !strings.Contains(state, accountID) || !strings.Contains(state, "sandbox_caller") {
		return fmt.Errorf("%s is not the run's state file:\n%s", stateFile, state)
	}
	if leakedSecret(mock, state) != "" {
		return fmt.Errorf("a token secret is in the state file %s", stateFile)
	}
	if strings.Contains(state, `"ephemeral"`) || strings.Contains(state, "sandbox_token") {
		return fmt.Errorf("the ephemeral token left a trace in the state file:\n%s", state)
	}
	return nil
}

func TestAccTokenEphemeral_badInput(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config: mock.Config(`
ephemeral "sandbox_token" "test" {
  account_id = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
  expires_in = "forever"
}
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Attribute expires_in must be a positive duration`),
			},
		},
	})
}
