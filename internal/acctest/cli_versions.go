package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Version checks for features newer than some CLIs. Each skip says why in the test output (`-v`).
var (
	// ResourceIdentitySupported skips below Terraform 1.12, the first with resource identity and
	// import blocks by identity. OpenTofu has both since 1.12.0 (identity kept in its state too), so
	// the same check lets OpenTofu 1.12 run these tests.
	ResourceIdentitySupported = []tfversion.TerraformVersionCheck{
		tfversion.SkipBelow(tfversion.Version1_12_0),
	}
	// QuerySupported skips below Terraform 1.14, the first with list resources and `terraform query`,
	// and on OpenTofu, which has no query command.
	QuerySupported = []tfversion.TerraformVersionCheck{
		tfversion.SkipBelow(tfversion.Version1_14_0),
		SkipOnOpenTofu("OpenTofu has no `query` command and no list blocks"),
	}
)

// SkipOnOpenTofu skips a test when the CLI under test is OpenTofu, giving the reason.
func SkipOnOpenTofu(reason string) tfversion.TerraformVersionCheck {
	return cliCheck{skip: IsOpenTofu, reason: "OpenTofu: " + reason}
}

// OnlyOpenTofu skips a test unless the CLI under test is OpenTofu.
func OnlyOpenTofu() tfversion.TerraformVersionCheck {
	return cliCheck{skip: func() bool { return !IsOpenTofu() }, reason: "this test checks how OpenTofu behaves; the CLI is Terraform"}
}

type cliCheck struct {
	skip   func() bool
	reason string
}

func (c cliCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if c.skip() {
		resp.Skip = c.reason
	}
}

// SkipBelowCLI skips t when the CLI under test (TF_ACC_TERRAFORM_PATH) is older than minimum, for
// tests that drive the CLI themselves rather than through resource.Test's version checks.
func SkipBelowCLI(t *testing.T, minimum *version.Version, feature string) {
	t.Helper()
	v, err := cliVersion()
	if err != nil {
		t.Fatal(err)
	}
	if v.Core().LessThan(minimum) {
		t.Skipf("CLI version %s is below %s, the first with %s: skipping test", v, minimum, feature)
	}
}

var (
	cliVersionOnce   sync.Once
	cliVersionValue  *version.Version
	cliVersionFailed error
)

// cliVersion asks the CLI under test for its version, once.
func cliVersion() (*version.Version, error) {
	cliVersionOnce.Do(func() {
		cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
		out, err := exec.Command(cli, "version", "-json").Output()
		if err != nil {
			cliVersionFailed = fmt.Errorf("%s version -json: %w", cli, err)
			return
		}
		var answer struct {
			Version string `json:"terraform_version"`
		}
		if err := json.Unmarshal(out, &answer); err != nil {
			cliVersionFailed = fmt.Errorf("%s version -json: %w", cli, err)
			return
		}
		cliVersionValue, cliVersionFailed = version.NewVersion(answer.Version)
	})
	return cliVersionValue, cliVersionFailed
}
