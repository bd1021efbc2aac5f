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
	cases := map[string]string{
		"endpoint":        `endpoint = "ftp://example.com"`,
		"request_timeout": `request_timeout = "soon"`,
		"lease_api_auth":  `lease_api_auth = "basic"`,
		"max_retries":     `max_retries = -1`,
	}
	for attr, setting := range cases {
		t.Run(attr, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      "provider \"sandbox\" {\n  token = \"t\"\n  " + setting + "\n}\n" + rootAccountData,
						ExpectError: regexp.MustCompile(`(?s)Attribute ` + attr),
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
				CheckDestroy:             accountsGone(mock),
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: regexp.MustCompile(`(?s)not yet known.*endpoint`),
					},
				},
			})
		})
	}
}
