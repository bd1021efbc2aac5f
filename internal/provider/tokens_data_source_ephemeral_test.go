package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// What the sandbox_token and sandbox_tokens pages document: a sandbox_tokens read while the run
// holds an ephemeral sandbox_token of the same account open lists that token, which is gone from
// the platform once the run has closed it.
func TestAccTokensDataSource_listsAnOpenEphemeralToken(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	var accountID string
	account := accountConfig("Listed", "listed@example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config:            mock.Config(account),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(accountAddr, "id", &accountID)},
			},
			{
				Config: mock.Config(account, `
ephemeral "sandbox_token" "short" {
  account_id = sandbox_account.test.id
  expires_in = "10m"
}

data "sandbox_tokens" "all" {
  account_id = sandbox_account.test.id
  depends_on = [ephemeral.sandbox_token.short]
}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.sandbox_tokens.all", tfjsonpath.New("tokens"), knownvalue.ListSizeExact(1)),
					acctest.CheckFunc(func() error {
						if left := mock.Tokens(accountID); len(left) != 0 {
							return fmt.Errorf("the listed ephemeral token is still on the platform: %+v", left)
						}
						return nil
					}),
				},
			},
		},
	})
}
