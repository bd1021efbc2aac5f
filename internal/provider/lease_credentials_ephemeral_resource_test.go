package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
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

// TestAccLeaseCredentials_neverInStateOrLogs runs with TF_LOG=trace written to files and proves that
// no credential the mock handed out appears in any state file or log. It sets environment variables,
// so it cannot run in parallel.
func TestAccLeaseCredentials_neverInStateOrLogs(t *testing.T) {
	dir := t.TempDir()
	workDir := filepath.Join(dir, "work")
	if err := os.Mkdir(workDir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_LOG_PATH", filepath.Join(dir, "tf_log_path.log"))
	t.Setenv("TF_ACC_LOG_PATH", filepath.Join(dir, "tf_acc_log_path.log"))
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
	noSecrets := acctest.CheckFunc(func() error { return secretsAbsent(mock, dir) })
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

// secretsAbsent fails if no credentials were handed out, if nothing was logged or no state file was
// written (the check would prove nothing), or if any secret appears in a file under dir.
func secretsAbsent(mock *acctest.Mock, dir string) error {
	issued := mock.IssuedLeaseCredentials()
	if len(issued) == 0 {
		return fmt.Errorf("the ephemeral resource was never opened")
	}
	var secrets []string
	for _, c := range issued {
		signin := c.ConsoleURL[strings.Index(c.ConsoleURL, "SigninToken=")+len("SigninToken="):]
		secrets = append(secrets, c.SecretAccessKey, c.SessionToken, signin)
	}
	var states int
	var logs strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".tfstate"):
			states++
		case strings.HasSuffix(path, ".log"):
			logs.Write(data)
		}
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				return fmt.Errorf("a lease credential secret appears in %s", path)
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case states == 0:
		return fmt.Errorf("no state file under %s", dir)
	case !strings.Contains(logs.String(), "ephemeral.sandbox_lease_credentials.test") ||
		!strings.Contains(logs.String(), "POST /leases/") && !strings.Contains(logs.String(), "/auth"):
		return fmt.Errorf("the trace logs under %s do not show the credentials being fetched (%d bytes)", dir, logs.Len())
	}
	return nil
}
