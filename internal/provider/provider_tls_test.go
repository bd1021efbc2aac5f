package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// tlsProviderConfig points the provider at an https mock, trusting caFile when it is not empty.
func tlsProviderConfig(mock *acctest.Mock, caFile string) string {
	ca := ""
	if caFile != "" {
		ca = fmt.Sprintf("  ca_cert_file = %q\n", caFile)
	}
	return fmt.Sprintf(`
provider "sandbox" {
  endpoint    = %q
  token       = %q
  max_retries = 0
%s}

resource "sandbox_account" "tls" {
  name  = "Over TLS"
  email = "tls@example.com"
}
`, mock.URL, mock.AdminToken(), ca)
}

func TestAccProvider_caCertFile(t *testing.T) {
	mock, caFile := acctest.NewTLSMock(t, mockserver.Options{})
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The mock's certificate is signed by a CA the system does not trust.
				Config:      tlsProviderConfig(mock, ""),
				ExpectError: regexp.MustCompile(`certificate signed by unknown authority`),
			},
			{
				Config:      tlsProviderConfig(mock, filepath.Join(t.TempDir(), "missing.pem")),
				ExpectError: regexp.MustCompile(`(?s)Cannot use the CA certificate file.*ca_cert_file`),
			},
			{
				Config:      tlsProviderConfig(mock, notPEM),
				ExpectError: regexp.MustCompile(`holds no PEM certificate`),
			},
			{
				Config: tlsProviderConfig(mock, caFile),
				Check: func(*terraform.State) error {
					for _, a := range mock.LiveAccounts() {
						if a.Email == "tls@example.com" {
							return nil
						}
					}
					return fmt.Errorf("the mock holds no account created over https")
				},
			},
		},
	})
}

func TestAccProvider_caCertFileFromEnvironment(t *testing.T) {
	mock, caFile := acctest.NewTLSMock(t, mockserver.Options{})
	t.Setenv("SANDBOX_CA_CERT_FILE", caFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tlsProviderConfig(mock, ""),
			Check: func(*terraform.State) error {
				if len(mock.LiveAccounts()) != 2 {
					return fmt.Errorf("the mock holds %d accounts, want the root and the one created over https", len(mock.LiveAccounts()))
				}
				return nil
			},
		}},
	})
}
