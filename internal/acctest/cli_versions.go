package acctest

import (
	"context"

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
