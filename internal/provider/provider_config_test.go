package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

const rootAccountData = `
data "sandbox_account" "root" {
  id = "` + mockserver.RootAccountID + `"
}
`

func TestAccProvider_missingEndpointAndToken(t *testing.T) {
	t.Setenv("SANDBOX_ENDPOINT", "")
	t.Setenv("SANDBOX_TOKEN", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "sandbox" {}` + rootAccountData,
				ExpectError: regexp.MustCompile(`(?s)Missing API endpoint.*SANDBOX_ENDPOINT.*Missing API token.*SANDBOX_TOKEN`),
			},
		},
	})
}

func TestAccProvider_environmentFallbackAndUserAgent(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	t.Setenv("SANDBOX_ENDPOINT", mock.URL)
	t.Setenv("SANDBOX_TOKEN", mock.AdminToken())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: `provider "sandbox" {}` + rootAccountData},
		},
	})
	agents := map[string]bool{}
	for _, r := range mock.Requests() {
		agents[r.UserAgent] = true
	}
	want := regexp.MustCompile(`^terraform-provider-sandbox/test Terraform/\d+\.\d+\.\d+`)
	for agent := range agents {
		if !want.MatchString(agent) {
			t.Errorf("User-Agent %q does not match %s", agent, want)
		}
	}
	if len(agents) == 0 {
		t.Error("the mock saw no requests")
	}
}

func TestAccProvider_configWinsOverEnvironment(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	t.Setenv("SANDBOX_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("SANDBOX_TOKEN", "wrong")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: mock.Config(rootAccountData)},
		},
	})
}

func TestAccProvider_badToken(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`provider "sandbox" {
  endpoint = %q
  token    = "not-the-token"
}`, mock.URL) + rootAccountData,
				ExpectError: regexp.MustCompile(`(?s)401 Unauthorized.*token was refused`),
			},
		},
	})
}

func TestAccProvider_invalidSettingsAtPlanTime(t *testing.T) {
	// Only the subtests run Terraform; without this the parent would pass while they all skip.
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	cases := map[string]struct{ setting, summary, detail string }{
		"endpoint": {`endpoint = "ftp://example.com"`, "Invalid value",
			`Attribute endpoint must be an absolute http:// or https:// URL such as http://127.0.0.1:8080, got "ftp://example.com".`},
		"request_timeout": {`request_timeout = "soon"`, "Invalid value",
			`Attribute request_timeout must be a positive duration such as 30s, 2m or 1h30m, got "soon".`},
		"lease_api_auth": {`lease_api_auth = "basic"`, "Invalid Attribute Value Match",
			`Attribute lease_api_auth value must be one of: ["token" "sigv4"], got: "basic"`},
		"max_retries": {`max_retries = -1`, "Invalid Attribute Value",
			`Attribute max_retries value must be between 0 and 20, got: -1`},
	}
	for attr, c := range cases {
		t.Run(attr, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      "provider \"sandbox\" {\n  token = \"t\"\n  " + c.setting + "\n}\n" + rootAccountData,
						ExpectError: diagnosticRegexp(c.summary, c.detail),
					},
				},
			})
		})
	}
}

// TestAccProvider_unknownEndpoint plans work that needs a request while the endpoint is known only
// during apply; both the create and the data source read must fail at plan time, naming endpoint.
func TestAccProvider_unknownEndpoint(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	needsRequest := map[string]string{
		"create":    "resource \"sandbox_account\" \"test\" {\n  name  = \"x\"\n  email = \"x@example.com\"\n}\n",
		"data read": "data \"sandbox_caller\" \"me\" {}\n",
	}
	for name, block := range needsRequest {
		t.Run(name, func(t *testing.T) {
			mock := acctest.NewMock(t, mockserver.Options{})
			config := `
resource "terraform_data" "later" {
  input = "` + mock.URL + `"
}

provider "sandbox" {
  endpoint = terraform_data.later.output
  token    = "` + mock.AdminToken() + `"
}
` + block
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: regexp.MustCompile(`(?s)not yet known.*endpoint`),
					},
				},
			})
			// The plan failed, so nothing was applied and the state is empty: a CheckDestroy would
			// not run. The mock itself must show that the provider never reached it.
			if n := len(mock.Requests()); n != 0 {
				t.Errorf("the mock got %d requests from a plan whose endpoint was unknown: %+v", n, mock.Requests())
			}
			if n := len(mock.LiveAccounts()); n != 1 {
				t.Errorf("the mock holds %d live accounts, want only the root admin", n)
			}
		})
	}
}

// TestAccProvider_maxRetriesIsBoundedAtPlanTime: a huge max_retries would leave a run retrying for
// hours against a service that is down, so more than 20 fails at plan time, from the
// configuration or the environment, before any request.
func TestAccProvider_maxRetriesIsBoundedAtPlanTime(t *testing.T) {
	mock := acctest.NewMock(t, mockserver.Options{})
	provider := func(setting string) string {
		return fmt.Sprintf("provider \"sandbox\" {\n  endpoint = %q\n  token = %q\n  %s\n}\n", mock.URL, mock.AdminToken(), setting)
	}
	t.Setenv("SANDBOX_MAX_RETRIES", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      provider("max_retries = 100") + rootAccountData,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute max_retries value must be between 0 and 20, got: 100`),
			},
			{
				Config:      provider("max_retries = 21") + rootAccountData,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute max_retries value must be between 0 and 20, got: 21`),
			},
			{
				PreConfig:   func() { t.Setenv("SANDBOX_MAX_RETRIES", "100") },
				Config:      provider("") + rootAccountData,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid SANDBOX_MAX_RETRIES.*must be a whole number from 0 to\s+20, got "100"`),
			},
			{
				// The bound itself is accepted; none of the refused settings sent a request.
				PreConfig: func() {
					t.Setenv("SANDBOX_MAX_RETRIES", "")
					if n := len(mock.Requests()); n != 0 {
						t.Errorf("refused settings sent %d requests to the mock: %+v", n, mock.Requests())
					}
				},
				Config: provider("max_retries = 20") + rootAccountData,
			},
		},
	})
	if len(mock.Requests()) == 0 {
		t.Error("max_retries = 20 did not read the data source from the mock")
	}
}
