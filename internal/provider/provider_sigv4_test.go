package provider_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// sigV4Provider is a provider block that signs Lease API calls; the Account API keeps the token.
func sigV4Provider(mock *acctest.Mock, auth string) string {
	return fmt.Sprintf(`
provider "sandbox" {
  endpoint       = %q
  token          = %q
  lease_api_auth = %q
  aws_region     = "eu-west-1"
  max_retries    = 1
}
`, mock.URL, mock.AdminToken(), auth)
}

// useAWSCredentials points the AWS default chain at environment credentials only (no files, no
// instance metadata). Environment variables are process-wide, so callers cannot run in parallel.
func useAWSCredentials(t *testing.T, accessKey, secretKey string) {
	t.Setenv("AWS_ACCESS_KEY_ID", accessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secretKey)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "no-config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "no-credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func TestAccLeaseAPI_sigV4(t *testing.T) {
	const accessKey, secretKey = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	mock := acctest.NewMock(t, mockserver.Options{
		AccountReadyDelay: 50e6, SigV4AccessKeyID: accessKey, SigV4SecretAccessKey: secretKey, SigV4Region: "eu-west-1",
	})
	useAWSCredentials(t, accessKey, secretKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             leaseAPIClean(mock),
		Steps: []resource.TestStep{
			{
				// Signed requests are accepted: the whole lease lifecycle works.
				Config: sigV4Provider(mock, "sigv4") + leaseConfig("alice") + `
data "sandbox_leases" "test" {
  principal_id = sandbox_lease.test.principal_id
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(leaseAddr, tfjsonpath.New("lease_status"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue("data.sandbox_leases.test", tfjsonpath.New("leases"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				// The bearer token alone is refused by a Lease API that wants signatures.
				Config:      sigV4Provider(mock, "token") + leaseConfig("alice"),
				ExpectError: regexp.MustCompile(`(?s)403\s+Forbidden:\s+Missing\s+Authentication\s+Token.*lease_api_auth`),
			},
			{
				// A signature made with the wrong secret is refused.
				PreConfig:   func() { useAWSCredentials(t, accessKey, "not-the-secret") },
				Config:      sigV4Provider(mock, "sigv4") + leaseConfig("alice"),
				ExpectError: regexp.MustCompile(`(?s)403\s+Forbidden:\s+The\s+request\s+signature\s+we\s+calculated\s+does\s+not\s+match.*AWS\s+credentials`),
			},
			{
				// Back to the right keys, so the test can clean up.
				PreConfig: func() { useAWSCredentials(t, accessKey, secretKey) },
				Config:    sigV4Provider(mock, "sigv4") + leaseConfig("alice"),
			},
		},
	})
}
