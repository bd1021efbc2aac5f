package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

// ephemeralResourcesSupported skips on CLIs without ephemeral resources (Terraform 1.10, OpenTofu 1.11).
var ephemeralResourcesSupported = []tfversion.TerraformVersionCheck{
	tfversion.SkipBelow(version.Must(version.NewVersion("1.10.0"))),
}

// withEcho adds the echo provider, which copies its configuration (here, ephemeral values) into a
// resource's state so a test can look at them. Only the value test uses it.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for name, f := range acctest.ProviderFactories {
		factories[name] = f
	}
	return factories
}

const leaseCredentialsConfig = `
ephemeral "sandbox_lease_credentials" "test" {
  lease_id = sandbox_lease.test.id
}
`

func TestAccLeaseCredentials_values(t *testing.T) {
	mock := newLeaseMock(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralResourcesSupported,
		ProtoV6ProviderFactories: withEcho(),
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				Config: mock.Config(leaseConfig("alice"), leaseCredentialsConfig, `
provider "echo" {
  data = ephemeral.sandbox_lease_credentials.test
}

resource "echo" "test" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("access_key_id"), knownvalue.StringRegexp(regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`))),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("secret_access_key"), knownvalue.StringRegexp(regexp.MustCompile(`^.{40}$`))),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("console_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://signin\.aws\.amazon\.com/federation\?`))),
					acctest.CheckFunc(func() error {
						if len(mock.IssuedLeaseCredentials()) == 0 {
							return fmt.Errorf("the mock handed out no credentials")
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccLeaseCredentials_neverInStateOrLogs runs with TF_LOG=trace written to a file and proves that
// no credential the mock handed out appears in any state file or in the log. It sets environment
// variables, so it cannot run in parallel.
func TestAccLeaseCredentials_neverInStateOrLogs(t *testing.T) {
	root := acctest.WorkingDirRoot(t)
	logFile := acctest.TraceLogFile(t)
	mock := newLeaseMock(t)
	// OpenTofu opens an ephemeral resource only when something uses it: a check block does, and
	// keeps nothing.
	config := mock.Config(leaseConfig("alice"), leaseCredentialsConfig, `
check "credentials" {
  assert {
    condition     = length(ephemeral.sandbox_lease_credentials.test.secret_access_key) == 40
    error_message = "The lease credentials do not look like AWS credentials."
  }
}
`)
	noSecrets := acctest.CheckFunc(func() error { return secretsAbsent(mock, root, logFile) })
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralResourcesSupported,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{noSecrets}},
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{noSecrets}},
		},
	})
}

// secretsAbsent fails if no credentials were handed out, if the state file or the log does not
// show the run (the check would prove nothing), or if any secret appears in either.
func secretsAbsent(mock *acctest.Mock, root, logFile string) error {
	issued := mock.IssuedLeaseCredentials()
	if len(issued) == 0 {
		return fmt.Errorf("the ephemeral resource was never opened")
	}
	stateFile, err := acctest.StateFile(root)
	if err != nil {
		return err
	}
	state, err := os.ReadFile(stateFile)
	if err != nil {
		return err
	}
	logs, err := os.ReadFile(logFile)
	if err != nil {
		return err
	}
	if !strings.Contains(string(state), `"sandbox_lease"`) {
		return fmt.Errorf("the state file %s does not hold the lease", stateFile)
	}
	if !strings.Contains(string(logs), "ephemeral.sandbox_lease_credentials.test") {
		return fmt.Errorf("the trace log does not show the ephemeral resource (%d bytes)", len(logs))
	}
	for _, c := range issued {
		signin := c.ConsoleURL[strings.Index(c.ConsoleURL, "SigninToken=")+len("SigninToken="):]
		for _, secret := range []string{c.SecretAccessKey, c.SessionToken, signin} {
			if strings.Contains(string(state), secret) {
				return fmt.Errorf("a lease credential secret appears in the state file")
			}
			if strings.Contains(string(logs), secret) {
				return fmt.Errorf("a lease credential secret appears in the trace log")
			}
		}
	}
	return nil
}
