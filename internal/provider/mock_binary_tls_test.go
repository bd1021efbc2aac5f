package provider_test

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/testcert"
)

// TestAccMockBinary_httpsUnderAStage runs sandbox-mock as a person would, over https with a private
// CA's certificate and the Lease API under /api (real DCE's API Gateway stage), and applies against
// it with ca_cert_file.
func TestAccMockBinary_httpsUnderAStage(t *testing.T) {
	certs := testcert.Write(t)
	url, _ := acctest.StartMockBinary(t, acctest.BuildMockBinary(t),
		"-tls-cert", certs.Cert, "-tls-key", certs.Key, "-lease-api-base-path", "/api", "-account-ready-delay", "50ms")
	roots, err := client.LoadCACertPool(certs.CA)
	if err != nil {
		t.Fatal(err)
	}
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfigWith(roots)}}
	// getInto reads a path of the mock over https with the admin token, decoding its JSON into out.
	getInto := func(path string, out any) (int, error) {
		req, _ := http.NewRequest(http.MethodGet, url+path, nil)
		req.Header.Set("Authorization", "Bearer admin-token")
		resp, err := trusting.Do(req)
		if err != nil {
			return 0, err
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(body, out)
		return resp.StatusCode, nil
	}
	// get reads a path answering a JSON array.
	get := func(path string) (int, []map[string]any, error) {
		var items []map[string]any
		status, err := getInto(path, &items)
		return status, items, err
	}
	var accountID string
	config := fmt.Sprintf(`
provider "sandbox" {
  endpoint           = %q
  lease_api_endpoint = "%s/api"
  token              = "admin-token"
  ca_cert_file       = %q
}

resource "sandbox_account" "team" {
  name  = "Team"
  email = "team@example.com"
}
`, url, url, certs.CA) + leaseConfig("team@example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			status, accounts, err := get("/api/accounts")
			if err != nil {
				return err
			}
			if status != http.StatusOK || len(accounts) != 0 {
				return fmt.Errorf("GET /api/accounts after destroy: %d %v, want no pool account", status, accounts)
			}
			// The Account API answers a deleted account 404.
			if status, err = getInto("/v1/accounts/"+accountID, &struct{}{}); err != nil {
				return err
			}
			if status != http.StatusNotFound {
				return fmt.Errorf("GET /v1/accounts/%s after destroy: %d, want 404", accountID, status)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) error {
				// The account is on the mock, read over https at the root (the Account API has no stage).
				rs, ok := s.RootModule().Resources["sandbox_account.team"]
				if !ok {
					return fmt.Errorf("sandbox_account.team is not in the state")
				}
				accountID = rs.Primary.ID
				var account struct{ ID, Name, Email string }
				status, err := getInto("/v1/accounts/"+accountID, &account)
				if err != nil {
					return err
				}
				if status != http.StatusOK || account.ID != accountID || account.Name != "Team" || account.Email != "team@example.com" {
					return fmt.Errorf("GET /v1/accounts/%s over https: %d %+v, want the Team account", accountID, status, account)
				}
				status, leases, err := get("/api/leases?status=Active")
				if err != nil {
					return err
				}
				if status != http.StatusOK || len(leases) != 1 || leases[0]["principalId"] != "team@example.com" {
					return fmt.Errorf("GET /api/leases over https: %d %v, want the lease", status, leases)
				}
				// The stage is the only way in: at the root API Gateway knows no /leases.
				if status, _, err = get("/leases"); err != nil {
					return err
				}
				if status != http.StatusForbidden {
					return fmt.Errorf("GET /leases outside the stage: %d, want 403", status)
				}
				return nil
			},
		}},
	})
}

func tlsConfigWith(roots *x509.CertPool) *tls.Config {
	return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
}
